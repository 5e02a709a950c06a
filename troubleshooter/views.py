"""Site files and error handlers: robots.txt and the 500 page."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


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
