"""Site-wide request plumbing: the request log (never a query string, body or signed token from
a path), the methods the site answers, and JSON errors under /api/."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from urllib.parse import quote

from django.http import HttpRequest, HttpResponseBase, HttpResponseNotAllowed

from web.bodies import api_error

logger = logging.getLogger("errors_kb.requests")

Handler = Callable[[HttpRequest], HttpResponseBase]

# Every page needs only these; TRACE, OPTIONS, PUT... are refused before any view or library
# (the sitemap, the admin) can answer them.
SITE_METHODS = ("GET", "HEAD", "POST")
API_PREFIX = "/api/"
# What the log shows as it is; everything else (spaces, control characters such as a %0a that
# would start a forged line, non-ASCII) is written percent-encoded.
LOG_SAFE_CHARACTERS = "/:@!$&'()*+,;=-._~"
# Response headers a JSON error keeps from the answer it replaces; the body's own headers go.
REPLACED_HEADERS = {"content-type", "content-length"}


def log_safe(text: str) -> str:
    return quote(text, safe=LOG_SAFE_CHARACTERS, errors="backslashreplace")


class RequestLogMiddleware:
    """One log line per request: id, method, path, status and time. Never a query string or
    body, which can carry API keys and pasted text."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
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
                log_safe(request.method or ""),
                logged_path(request),
                status,
                elapsed_ms,
            )


def logged_path(request: HttpRequest) -> str:
    """The path as the log shows it: escaped, with a signed token (the alert mails' confirm and
    unsubscribe links) blanked out."""
    match = getattr(request, "resolver_match", None)
    token = match.kwargs.get("token") if match is not None else None
    path = log_safe(request.path)
    return path.replace(log_safe(token), "[token]") if isinstance(token, str) and token else path


class SiteMethodsMiddleware:
    """405 for any method outside SITE_METHODS on every page. Under /api/ each endpoint refuses
    them itself (require_POST, require_safe), so that its Allow header names exactly its methods,
    as its OpenAPI description does."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in SITE_METHODS and not request.path.startswith(API_PREFIX):
            return HttpResponseNotAllowed(SITE_METHODS)
        return self.get_response(request)


def json_error_message(response: HttpResponseBase) -> str:
    if response.status_code >= 500:
        return "Something went wrong on our side. Try again in a minute."
    allowed = response.get("Allow")
    return f"{response.reason_phrase}: use {allowed}." if allowed else f"{response.reason_phrase}."


class JsonApiErrorsMiddleware:
    """Scripts read every answer under /api/ as JSON: an error that Django or a library answered
    with HTML or an empty body (404, 405, the 500 page, the debug page that would show the body's
    key) is replaced by {"error": "..."} with the same status and headers."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            not request.path.startswith(API_PREFIX)
            or response.status_code < 400
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        replacement = api_error(json_error_message(response), status=response.status_code)
        for name, value in response.items():
            if name.lower() not in REPLACED_HEADERS:
                replacement[name] = value
        return replacement
