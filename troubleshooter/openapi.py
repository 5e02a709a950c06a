"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json.

Each feature describes its own endpoint (paste/openapi.py, keys/openapi.py); this puts them in one
document with what they share: the info block and the shape of a refused request.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.views.decorators.http import require_safe

from keys.openapi import key_check_paths
from paste.openapi import classify_paths
from status.openapi import openapi_paths as status_paths
from web.json_response import JsonResponse

ERROR_RESPONSE: dict[str, Any] = {
    "description": "A clear message saying what was wrong with the request.",
    "content": {
        "application/json": {
            "schema": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
        }
    },
}


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Gemini API troubleshooter",
            "version": "1.0.0",
            "description": "Classify Gemini API errors and check an API key. Keys are never stored or echoed.",
        },
        "paths": {
            **classify_paths(error_response=ERROR_RESPONSE),
            **key_check_paths(error_response=ERROR_RESPONSE),
            **status_paths(),
        },
    }


@require_safe
def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document())
