"""Request bodies: their declared size, their text, and JSON or text for the JSON endpoints."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse


def declared_body_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def decode_text(raw: bytes) -> str:
    """Bytes as pasted or uploaded to text. Invalid UTF-8 becomes U+FFFD instead of an error."""
    return raw.decode("utf-8", errors="replace")


def api_error(message: str, *, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


class BadRequestBody(ValueError):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def read_json_or_text(request: HttpRequest, *, body_limit: int) -> dict[str, Any] | str:
    """The request body as a JSON object, or as text for text/plain. Raises BadRequestBody."""
    too_large = BadRequestBody(f"The request is too large: the limit is {body_limit // 1024} KB.", 413)
    if declared_body_size(request) > body_limit:
        raise too_large
    try:
        raw = request.body
    except RequestDataTooBig:
        raise too_large from None
    content_type = request.content_type or ""
    if not raw or raw.isspace() or content_type.startswith("text/"):
        return decode_text(raw)
    if content_type in ("application/json", ""):
        try:
            payload = json.loads(decode_text(raw))
        except json.JSONDecodeError:
            raise BadRequestBody('The body is not valid JSON. Send {"text": "..."} or a text/plain body.') from None
        if not isinstance(payload, dict):
            raise BadRequestBody("The JSON body must be an object.")
        return payload
    raise BadRequestBody("Send application/json or text/plain.", 415)
