"""JSON endpoints for scripts and CI. Thin: parsing and status codes here, the work in services."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from .ratelimit import allow, client_ip
from .services import (
    KeyCheckInputError,
    PasteError,
    check_paste,
    classification_json,
    classify_paste,
    decode_paste,
    key_check_json,
    key_check_request,
    run_key_check,
)

KEY_CHECK_BODY_LIMIT = 64 * 1024
RATE_LIMITED_MESSAGE = "Too many key checks from your address: the limit is {limit} a minute. Try again shortly."


def api_error(message: str, *, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


class BadRequestBody(ValueError):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def read_json_or_text(request: HttpRequest, *, body_limit: int) -> dict[str, Any] | str:
    """The request body as a JSON object, or as text for text/plain. Raises BadRequestBody."""
    too_large = BadRequestBody(f"The request is too large: the limit is {body_limit // 1024} KB.", 413)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > body_limit:
        raise too_large
    try:
        raw = request.body
    except RequestDataTooBig:
        raise too_large from None
    content_type = request.content_type or ""
    if not raw or raw.isspace() or content_type.startswith("text/"):
        return decode_paste(raw)
    if content_type in ("application/json", ""):
        try:
            payload = json.loads(decode_paste(raw))
        except json.JSONDecodeError:
            raise BadRequestBody('The body is not valid JSON. Send {"text": "..."} or a text/plain body.') from None
        if not isinstance(payload, dict):
            raise BadRequestBody("The JSON body must be an object.")
        return payload
    raise BadRequestBody("Send application/json or text/plain.", 415)


# Stateless and cookie-free: scripts call it without a CSRF token, and it changes nothing.
@csrf_exempt
@require_POST
def classify_api(request: HttpRequest) -> JsonResponse:
    max_bytes = settings.CLASSIFY_MAX_BYTES
    try:
        body = read_json_or_text(request, body_limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    except BadRequestBody as error:
        return api_error(str(error), status=error.status)
    text = body if isinstance(body, str) else body.get("text")
    if not isinstance(text, str):
        return api_error('Missing "text": send {"text": "<the error you got>"}.', status=400)
    try:
        check_paste(text, max_bytes=max_bytes)
    except PasteError as error:
        return api_error(str(error), status=413 if text.strip() else 400)
    return JsonResponse(classification_json(classify_paste(text)))


def key_check_allowed(request: HttpRequest) -> bool:
    """Shared by the page and the API, so both count against one budget per client."""
    return allow(scope="key-check", client=client_ip(request), limit=settings.KEY_CHECK_RATE_LIMIT_PER_MINUTE)


# Stateless and cookie-free like /api/classify. The key arrives in the JSON body, which Django's
# error reports never include; sensitive_variables keeps it out of tracebacks too.
@csrf_exempt
@require_POST
@sensitive_variables("body", "check")
def key_check_api(request: HttpRequest) -> JsonResponse:
    try:
        body = read_json_or_text(request, body_limit=KEY_CHECK_BODY_LIMIT)
    except BadRequestBody as error:
        return api_error(str(error), status=error.status)
    if not isinstance(body, dict):
        return api_error(
            'Send JSON: {"api_key": "...", "sdk": "google-genai", "model": "...", "stream": false}.', status=415
        )
    try:
        check = key_check_request(
            api_key=body.get("api_key"), sdk=body.get("sdk"), model=body.get("model"), stream=body.get("stream", False)
        )
    except KeyCheckInputError as error:
        return api_error(str(error), status=400)
    if not key_check_allowed(request):
        limit = settings.KEY_CHECK_RATE_LIMIT_PER_MINUTE
        return api_error(RATE_LIMITED_MESSAGE.format(limit=limit), status=429)
    return JsonResponse(key_check_json(run_key_check(check)))
