"""POST /api/classify, for scripts and CI. Thin: parsing and status codes here, the work in services."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from web.bodies import BadRequestBody, api_error, read_json_or_text
from web.json_response import JsonResponse

from .services import PasteError, check_paste, classification_json, classify_paste, request_origin


# Stateless and cookie-free: scripts call it without a CSRF token, and it changes nothing.
@csrf_exempt
@require_POST
def classify_api(request: HttpRequest) -> JsonResponse:
    try:
        body = read_json_or_text(request, body_limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    except BadRequestBody as error:
        return api_error(str(error), status=error.status)
    text = body if isinstance(body, str) else body.get("text")
    if not isinstance(text, str):
        return api_error('Missing "text": send {"text": "<the error you got>"}.', status=400)
    try:
        check_paste(text, max_bytes=settings.CLASSIFY_MAX_BYTES)
    except PasteError as error:
        return api_error(str(error), status=413 if text.strip() else 400)
    return JsonResponse(classification_json(classify_paste(text), origin=request_origin(request)))
