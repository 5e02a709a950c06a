"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from keycheck import SUPPORTED_SDKS
from status.openapi import openapi_paths as status_paths


def _error() -> dict[str, Any]:
    return {
        "description": "A clear message saying what was wrong with the request.",
        "content": {
            "application/json": {
                "schema": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
            }
        },
    }


def openapi_document() -> dict[str, Any]:
    line = {
        "type": "object",
        "required": ["number", "text"],
        "properties": {
            "number": {"type": "integer", "minimum": 1},
            "text": {"type": "string", "description": "The line, with keys and tokens redacted."},
            "spans": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
        },
    }
    match = {
        "type": "object",
        "required": ["slug", "category", "title", "confidence", "lines"],
        "properties": {
            "slug": {"type": "string", "description": "The error's page is /errors/<slug>/."},
            "category": {"type": "string"},
            "title": {"type": "string"},
            "http_code": {"type": ["integer", "null"]},
            "api_status": {"type": "string"},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "evidence": {"type": "array", "items": {"type": "string"}},
            "lines": {"type": "array", "items": line},
        },
    }
    facts = {
        "type": "object",
        "description": "What the paste says: HTTP code, status, reason, model, SDK, quota, retry delay, "
        "finish and block reasons. Keys without a value are null.",
        "additionalProperties": True,
    }
    classification = {
        "type": "object",
        "required": ["matches", "facts"],
        "properties": {"matches": {"type": "array", "items": match}, "facts": facts},
    }
    max_bytes = settings.CLASSIFY_MAX_BYTES
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Gemini API troubleshooter",
            "version": "1.0.0",
            "description": "Classify Gemini API errors and check an API key. Keys are never stored or echoed.",
        },
        "paths": {
            "/api/classify": {
                "post": {
                    "summary": "Which documented Gemini API error does this text show?",
                    "operationId": "classify",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["text"],
                                    "properties": {"text": {"type": "string", "minLength": 1, "maxLength": max_bytes}},
                                }
                            },
                            "text/plain": {"schema": {"type": "string", "minLength": 1, "maxLength": max_bytes}},
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "Matches best first (empty when none), and the facts found.",
                            "content": {"application/json": {"schema": classification}},
                        },
                        "400": _error(),
                        "413": _error(),
                        "415": _error(),
                    },
                }
            },
            "/api/key-check": {
                "post": {
                    "summary": "Check an API key and a call with the SDK you use.",
                    "operationId": "keyCheck",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
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
                                            "description": "A model ID such as gemini-3.5-flash; empty or null "
                                            "means the default.",
                                        },
                                        "stream": {"type": "boolean", "default": False},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The checklist, step by step, and any failure classified.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["ok", "steps", "matches", "facts"],
                                        "properties": {
                                            "ok": {"type": "boolean"},
                                            "steps": {
                                                "type": "array",
                                                "items": {
                                                    "type": "object",
                                                    "required": ["name", "ok", "ms", "detail"],
                                                    "properties": {
                                                        "name": {"type": "string"},
                                                        "ok": {"type": ["boolean", "null"]},
                                                        "ms": {"type": "integer"},
                                                        "detail": {"type": "string"},
                                                    },
                                                },
                                            },
                                            "matches": {"type": "array", "items": match},
                                            "facts": facts,
                                        },
                                    }
                                }
                            },
                        },
                        "400": _error(),
                        "413": _error(),
                        "415": _error(),
                        "429": _error(),
                    },
                }
            },
            **status_paths(),
        },
    }


@require_GET
def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document())
