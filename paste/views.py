"""The paste page: with htmx the answer is swapped in, without JavaScript the page comes back with it.
Either way the answer has an address of its own, /answer/<token>/, which shows it again from the
token alone (paste/share.py): with htmx that address is pushed, so Back and Forward work."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from classifier import Classification
from errors_kb.selectors import http_codes_in_use, published_by_slug
from errors_kb.snapshot import current_snapshot
from web.bodies import declared_body_size
from web.htmx import HtmxHttpRequest, wants_fragment

from .forms import PasteForm
from .presenters import ClassifyResult, present_classification
from .services import classify_paste
from .share import ShareLinkError, read_share_token, share_token

PAGE = "paste/classify.html"


def present_answer(result: Classification) -> ClassifyResult:
    """The answer with the published entries it names, and codes to browse by when there are none."""
    entries = published_by_slug(candidate.slug for candidate in result.matches)
    return present_classification(result, entries, browse_codes=() if entries else http_codes_in_use())


def answer_context(result: Classification, *, kb_version: str, token: str = "") -> dict[str, Any]:
    """What the page needs to show an answer: the answer, its address (when it names an entry) and
    the KB version that chose it, which "Did this fix it?" counts against."""
    answer = present_answer(result)
    if answer.best and not token:
        token = share_token(result, kb_version=kb_version)
    share_url = reverse("errors_kb:answer", args=[token]) if answer.best else ""
    return {"result": answer, "share_url": share_url, "kb_version": kb_version}


def push_url(request: HtmxHttpRequest, response: HttpResponse, share_url: str) -> None:
    """The address htmx puts in the history: the answer's, or the paste page's once an answer
    shown before has gone (a message instead, or no match), so the address never names another answer."""
    home = reverse("errors_kb:classify")
    if share_url:
        response["HX-Push-Url"] = share_url
    elif (request.htmx.current_url_abs_path or home) != home:
        response["HX-Push-Url"] = home


def render_classify(request: HtmxHttpRequest, form: PasteForm) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "result": None}
    if form.is_valid():
        snapshot = current_snapshot()
        result = classify_paste(form.cleaned_data["text"], snapshot=snapshot)
        context |= answer_context(result, kb_version=snapshot.version)
    if not (request.method == "POST" and wants_fragment(request)):
        return render(request, PAGE, context)
    response = render(request, PAGE + "#result_swap", context)
    push_url(request, response, context.get("share_url", ""))
    return response


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


@require_safe
def shared_answer(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """An answer from its link: always the whole page (a history restore by htmx included), with an
    empty paste box for the next error. A link we cannot read gets the page with the reason."""
    snapshot = current_snapshot()
    context: dict[str, Any] = {"form": PasteForm(), "result": None, "shared": True}
    try:
        shared = read_share_token(token, kb_version=snapshot.version, entries=snapshot.entries)
    except ShareLinkError as problem:
        context["share_problem"] = str(problem)
        return render(request, PAGE, context, status=problem.status)
    context |= answer_context(shared.classification, kb_version=shared.kb_version, token=token)
    context["kb_changed"] = shared.kb_changed
    return render(request, PAGE, context)
