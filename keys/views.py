"""The key panel: with htmx the checklist is swapped in, without JavaScript the page comes back with it."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from errors_kb.selectors import models_to_suggest, published_by_slug
from web.htmx import HtmxHttpRequest, wants_fragment

from .admission import Refusal
from .forms import KeyCheckForm
from .presenters import KeyCheckView, present_key_check
from .services import KeyCheckReport, run_admitted


def present(report: KeyCheckReport) -> KeyCheckView:
    best = report.classification.best if report.classification else None
    error = published_by_slug([best.slug]).get(best.slug) if best else None
    return present_key_check(report, error)


@sensitive_post_parameters("api_key")  # keeps the key out of error reports
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def key_check(request: HtmxHttpRequest) -> HttpResponse:
    form = KeyCheckForm(request.POST if request.method == "POST" else None)
    result, refused = None, ""
    if form.is_valid():
        outcome = run_admitted(request, form.check_request)
        if isinstance(outcome, Refusal):
            refused = outcome.message
        else:
            result = present(outcome)
    context = {
        "form": form,
        "check": result,
        "rate_limited": refused,  # any refusal: rate limit, a check already running, or busy
        "model_suggestions": models_to_suggest(),
    }
    # Always 200, like the paste page, refusals included (shown beside the form): htmx 2 swaps
    # nothing on a 4xx or 5xx.
    template = "keys/key_check.html"
    if request.method == "POST" and wants_fragment(request):
        template += "#key_result_swap"
    return render(request, template, context)
