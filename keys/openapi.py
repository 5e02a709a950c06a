"""The /api/key-check part of the site's OpenAPI document (troubleshooter/openapi.py assembles it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from classifier import Candidate, Facts, json_schema
from keycheck import SUPPORTED_SDKS

_REQUEST = {
    "type": "object",
    "required": ["api_key"],
    "properties": {
        "api_key": {"type": "string", "minLength": 1, "maxLength": 512},
        "sdk": {
            "enum": [*SUPPORTED_SDKS, None],
            "default": SUPPORTED_SDKS[0],
            "description": "The SDK whose behaviour to check; null means the default.",
        },
        "model": {
            "type": ["string", "null"],
            "maxLength": 200,
            "description": "A model ID such as gemini-3.5-flash; empty or null means the default.",
        },
        "stream": {"type": "boolean", "default": False},
    },
}
_STEP = {
    "type": "object",
    "required": ["id", "name", "ok", "ms", "detail"],
    "properties": {
        "id": {"type": "string", "description": "Stable, for code: key_accepted, models_reachable, ..."},
        "name": {"type": "string"},
        "ok": {"type": ["boolean", "null"]},
        "ms": {"type": "integer"},
        "detail": {"type": "string"},
    },
}
_NO_FAILURE = {"type": "object", "maxProperties": 0, "description": "Empty when no call failed."}
_STRINGS = {"type": "array", "items": {"type": "string"}}


def report_schema() -> dict[str, Any]:
    """What POST /api/key-check and `check_key --json` answer (keys.services.key_check_json)."""
    properties = {
        "ok": {"type": "boolean"},
        "steps": {"type": "array", "items": _STEP},
        "matches": {"type": "array", "items": json_schema(Candidate)},
        "facts": {"anyOf": [json_schema(Facts), _NO_FAILURE]},
        "error_text": {
            "type": "string",
            "description": "The first failure as the SDK raised it, redacted; empty when no call failed.",
        },
        "reachable_models": _STRINGS | {"description": "The Gemini model IDs the key can generate content with."},
        "model_suggestions": _STRINGS | {"description": "For a model ID the key cannot reach, the closest it can."},
        "key_advice": _STRINGS
        | {"description": "Notes on the key as typed: its kind, and what was trimmed from it before sending."},
    }
    return {"type": "object", "required": list(properties), "additionalProperties": False, "properties": properties}


def key_check_paths(*, error_response: Mapping[str, Any]) -> dict[str, Any]:
    """The path item of POST /api/key-check; `error_response` describes every refusal."""
    return {
        "/api/key-check": {
            "post": {
                "summary": "Check an API key and a call with the SDK you use.",
                "operationId": "keyCheck",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _REQUEST}}},
                "responses": {
                    "200": {
                        "description": "The checklist, step by step, and any failure classified.",
                        "content": {"application/json": {"schema": report_schema()}},
                    },
                    "400": error_response,
                    "413": error_response,
                    "415": error_response,
                    "429": error_response,
                    "503": error_response,
                },
            }
        }
    }
