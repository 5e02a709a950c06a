"""Requests as htmx sends them, for views that answer with a whole page or the part htmx swaps."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """htmx asked for the part it swaps. A history restore (back button after the cache expired)
    also carries HX-Request, but it needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request
