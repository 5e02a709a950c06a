"""The website's pages. Thin: each view reads the request, calls a service, selector or presenter,
and picks the full page or, for htmx, the fragment defined inline in the same template."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from .api import RATE_LIMITED_MESSAGE, key_check_allowed
from .forms import ErrorSearchForm, KeyCheckForm, PasteForm
from .models import FaqPage, GeminiModel, KnownError
from .page_cache import cache_kb_page
from .presenters import code_tabs, group_by_category, present_classification, present_key_check, related_errors
from .search import http_codes_in_use, search_errors
from .services import classify_paste, run_key_check

logger = logging.getLogger(__name__)


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """htmx asked for the part it swaps. A history restore (back button after the cache expired)
    also carries HX-Request, but it needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


# Paste an error ----------------------------------------------------------------------------------


def declared_body_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def render_classify(request: HtmxHttpRequest, form: PasteForm) -> HttpResponse:
    result = present_classification(classify_paste(form.cleaned_data["text"])) if form.is_valid() else None
    template = "errors_kb/classify.html"
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


# Error pages -------------------------------------------------------------------------------------


@require_safe
@vary_on_headers("HX-Request")
@cache_kb_page
def error_list(request: HtmxHttpRequest) -> HttpResponse:
    codes = http_codes_in_use()
    form = ErrorSearchForm(request.GET, codes=codes)
    query, code = form.criteria()
    errors = list(search_errors(query=query, http_code=code))
    context = {
        "form": form,
        "query": query,
        "code": code,
        "codes": codes,
        "errors": errors,
        # A search is ranked, so it reads as one list; browsing reads best grouped by category.
        "groups": [] if query else group_by_category(errors),
    }
    template = "errors_kb/error_list.html#listing_swap" if wants_fragment(request) else "errors_kb/error_list.html"
    return render(request, template, context)


@require_safe
@cache_kb_page
def error_detail(request: HttpRequest, slug: str) -> HttpResponse:
    error = get_object_or_404(KnownError.objects.published(), slug=slug)
    context = {
        "error": error,
        "tabs": code_tabs(error),
        "examples": list(error.examples.all()),
        "related": related_errors(error),
    }
    return render(request, "errors_kb/error_detail.html", context)


# FAQ ---------------------------------------------------------------------------------------------


@require_safe
@cache_kb_page
def faq_list(request: HttpRequest) -> HttpResponse:
    return render(request, "errors_kb/faq_list.html", {"pages": FaqPage.objects.published()})


@require_safe
@cache_kb_page
def faq_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(FaqPage.objects.published(), slug=slug)
    others = FaqPage.objects.published().exclude(pk=page.pk)
    return render(request, "errors_kb/faq_detail.html", {"page": page, "others": others})


# Test my key -------------------------------------------------------------------------------------


@sensitive_post_parameters("api_key")  # keeps the key out of error reports
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def key_check(request: HtmxHttpRequest) -> HttpResponse:
    form = KeyCheckForm(request.POST if request.method == "POST" else None)
    check, limited = None, ""
    if form.is_valid():
        if key_check_allowed(request):
            check = present_key_check(run_key_check(form.check_request))
        else:
            limited = RATE_LIMITED_MESSAGE.format(limit=settings.KEY_CHECK_RATE_LIMIT_PER_MINUTE)
    context = {
        "form": form,
        "check": check,
        "rate_limited": limited,
        "model_suggestions": GeminiModel.objects.exclude(status=GeminiModel.Status.RETIRED),
    }
    # Always 200, like the paste page: htmx 2 swaps nothing on a 4xx.
    template = "errors_kb/key_check.html"
    if request.method == "POST" and wants_fragment(request):
        template += "#key_result_swap"
    return render(request, template, context)


# Site files and error handlers -------------------------------------------------------------------


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the site's layout, rendered without the request: whatever broke (the
    database, a context processor) must not break the error page too."""
    try:
        return HttpResponseServerError(loader.render_to_string("500.html"))
    except Exception:  # the last line of defence: never raise from the 500 handler
        logger.exception("the 500 template failed to render")
        return HttpResponseServerError(
            "<!doctype html><title>Server error</title><h1>Something went wrong on our side</h1>"
            "<p>Try again in a minute.</p>",
            content_type="text/html; charset=utf-8",
        )
