"""One log line per request: id, method, path, status and time. Never a query string or body,
which can carry API keys and pasted text, nor a signed token from a path."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("errors_kb.requests")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex[:12]
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = request_id
            return response
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            logger.info(
                "request_id=%s method=%s path=%s status=%s ms=%.1f",
                request_id,
                request.method,
                logged_path(request),
                status,
                elapsed_ms,
            )


def logged_path(request: HttpRequest) -> str:
    """The path, with a signed token (the alert mails' confirm and unsubscribe links) blanked out."""
    match = getattr(request, "resolver_match", None)
    token = match.kwargs.get("token") if match is not None else None
    return request.path.replace(token, "[token]") if isinstance(token, str) and token else request.path
