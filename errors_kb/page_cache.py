"""Whole-page caching for the pages that only show the knowledge base (error and FAQ pages).

They hold nothing per visitor (no form, no CSRF token), so one rendering serves everyone until
the KB changes: the cache key carries the KB version, and an edit starts a new set of keys.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import cast

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from web.htmx import HtmxHttpRequest, wants_fragment

from .snapshot import kb_version

PAGE_TTL_SECONDS = 60 * 60

View = Callable[..., HttpResponse]


# The request headers that choose between the page and the fragment htmx swaps: caches on the way
# (the browser's, a proxy's) must keep one answer per value, and so does this one's key. Only a view
# that answers with a fragment varies on them; the others send the same page whatever htmx says.
HTMX_HEADERS = ["HX-Request", "HX-History-Restore-Request"]


def page_cache_key(request: HttpRequest, *, fragments: bool) -> str:
    # A history restore (back button) sends HX-Request too, but needs the whole page: same rule,
    # same key as the view's choice of template.
    fragment = "fragment" if fragments and wants_fragment(cast(HtmxHttpRequest, request)) else "page"
    where = hashlib.sha256(f"{request.get_host()}{request.path}".encode()).hexdigest()[:24]
    return f"errors_kb:page:{kb_version()}:{fragment}:{where}"


def cache_kb_page(*, fragments: bool) -> Callable[[View], View]:
    """Serve a GET without a query string from the cache; store successful renderings.
    `fragments`: the view answers htmx with a fragment, so the cache and the response vary on it."""

    def decorate(view: View) -> View:
        @wraps(view)
        def cached_view(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            response = _cached_response(view, request, args, kwargs, fragments=fragments)
            if fragments:
                patch_vary_headers(response, HTMX_HEADERS)
            return response

        return cached_view

    return decorate


def _cached_response(
    view: View, request: HttpRequest, args: tuple[object, ...], kwargs: dict[str, object], *, fragments: bool
) -> HttpResponse:
    if request.method not in ("GET", "HEAD") or request.GET:
        # Searches are cheap and their keys unbounded: render them every time.
        return view(request, *args, **kwargs)
    key = page_cache_key(request, fragments=fragments)
    stored = cache.get(key)
    if stored is not None:
        content, content_type = stored
        return HttpResponse(content, content_type=content_type)
    response = view(request, *args, **kwargs)
    if response.status_code == 200 and not response.cookies and not response.has_header("Set-Cookie"):
        cache.set(key, (response.content, response["Content-Type"]), PAGE_TTL_SECONDS)
    return response
