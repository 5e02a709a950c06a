"""JSON endpoints for scripts and CI. Thin: parsing and status codes here, the work in services."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .services import PasteError, check_paste, classification_json, classify_paste, decode_paste


def api_error(message: str, *, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


class BadRequestBody(ValueError):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def read_json_or_text(request: HttpRequest, *, max_bytes: int) -> dict[str, Any] | str:
    """The request body as a JSON object, or as text for text/plain. Raises BadRequestBody."""
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        raise BadRequestBody(f"The request is too large: the limit is {max_bytes // 1024} KB of text.", 413)
    try:
        raw = request.body
    except RequestDataTooBig:
        raise BadRequestBody(f"The request is too large: the limit is {max_bytes // 1024} KB of text.", 413) from None
    content_type = request.content_type or ""
    if not raw.strip() or content_type.startswith("text/"):
        return decode_paste(raw)
    if content_type in ("application/json", ""):
        try:
            payload = json.loads(decode_paste(raw))
        except json.JSONDecodeError:
            raise BadRequestBody("The body is not valid JSON. Send {\"text\": \"...\"} or a text/plain body.") from None
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
        body = read_json_or_text(request, max_bytes=max_bytes)
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
