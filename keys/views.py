"""The key panel: with htmx the checklist is swapped in, without JavaScript the page comes back with it."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from errors_kb.models import GeminiModel
from errors_kb.selectors import published_by_slug
from web.htmx import HtmxHttpRequest, wants_fragment

from .forms import KeyCheckForm
from .presenters import KeyCheckView, present_key_check
from .services import KeyCheckRequest, key_check_allowed, rate_limited_message, run_key_check


def check(request: KeyCheckRequest) -> KeyCheckView:
    report = run_key_check(request)
    best = report.classification.best if report.classification else None
    error = published_by_slug([best.slug]).get(best.slug) if best else None
    return present_key_check(report, error)


@sensitive_post_parameters("api_key")  # keeps the key out of error reports
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def key_check(request: HtmxHttpRequest) -> HttpResponse:
    form = KeyCheckForm(request.POST if request.method == "POST" else None)
    result, limited = None, ""
    if form.is_valid():
        if key_check_allowed(request):
            result = check(form.check_request)
        else:
            limited = rate_limited_message()
    context = {
        "form": form,
        "check": result,
        "rate_limited": limited,
        "model_suggestions": GeminiModel.objects.exclude(status=GeminiModel.Status.RETIRED),
    }
    # Always 200, like the paste page: htmx 2 swaps nothing on a 4xx.
    template = "keys/key_check.html"
    if request.method == "POST" and wants_fragment(request):
        template += "#key_result_swap"
    return render(request, template, context)
