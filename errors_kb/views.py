"""The knowledge base's own pages: the error list with its search, each error's page, the FAQ.
Thin: each view reads the request, calls a selector or presenter, and picks the full page or, for
htmx, the fragment defined inline in the same template."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from web.htmx import HtmxHttpRequest, wants_fragment

from .forms import ErrorSearchForm
from .models import FaqPage, KnownError
from .page_cache import cache_kb_page
from .presenters import code_tabs, group_by_category
from .selectors import http_codes_in_use, related_errors, search_errors


@require_safe
@cache_kb_page(fragments=True)
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
@cache_kb_page(fragments=False)
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
@cache_kb_page(fragments=False)
def faq_list(request: HttpRequest) -> HttpResponse:
    return render(request, "errors_kb/faq_list.html", {"pages": FaqPage.objects.published()})


@require_safe
@cache_kb_page(fragments=False)
def faq_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(FaqPage.objects.published(), slug=slug)
    others = FaqPage.objects.published().exclude(pk=page.pk)
    return render(request, "errors_kb/faq_detail.html", {"page": page, "others": others})
