"""The paste page: with htmx the answer is swapped in, without JavaScript the page comes back with it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from classifier import Classification
from errors_kb.selectors import http_codes_in_use, published_by_slug
from web.bodies import declared_body_size
from web.htmx import HtmxHttpRequest, wants_fragment

from .forms import PasteForm
from .presenters import ClassifyResult, present_classification
from .services import classify_paste


def present_answer(result: Classification) -> ClassifyResult:
    """The answer with the published entries it names, and codes to browse by when there are none."""
    entries = published_by_slug(candidate.slug for candidate in result.matches)
    return present_classification(result, entries, browse_codes=() if entries else http_codes_in_use())


def render_classify(request: HtmxHttpRequest, form: PasteForm) -> HttpResponse:
    result = present_answer(classify_paste(form.cleaned_data["text"])) if form.is_valid() else None
    template = "paste/classify.html"
    if request.method == "POST" and wants_fragment(request):
        template += "#result_swap"
    return render(request, template, {"form": form, "result": result})


@csrf_protect
def _classify(request: HtmxHttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render_classify(request, PasteForm())
    try:
        form = PasteForm(request.POST)
        form.is_valid()
    except RequestDataTooBig:
        form = PasteForm.too_large_to_read(size=declared_body_size(request))
    # Always 200: htmx 2 swaps nothing on a 4xx, and the message must appear beside the box.
    return render_classify(request, form)


# Django refuses to read a body above DATA_UPLOAD_MAX_MEMORY_SIZE and CsrfViewMiddleware, which
# reads the form for its token, would turn that into a bare 400 before any view runs. So the CSRF
# check moves into the view (csrf_protect on _classify), after the one case that reads nothing: an
# oversize body gets the page with its message and changes nothing, so it needs no token.
@csrf_exempt
@sensitive_post_parameters("text")  # a paste can hold an API key: keep it out of error reports
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def classify(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "POST" and declared_body_size(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        return render_classify(request, PasteForm.too_large_to_read(size=declared_body_size(request)))
    return _classify(request)
