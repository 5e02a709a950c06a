"""The /api/classify part of the site's OpenAPI document (troubleshooter/openapi.py assembles it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings

from classifier import Classification, json_schema


def classify_paths(*, error_response: Mapping[str, Any]) -> dict[str, Any]:
    """The path item of POST /api/classify; `error_response` describes every refusal."""
    max_bytes = settings.CLASSIFY_MAX_BYTES
    text = {"type": "string", "minLength": 1, "maxLength": max_bytes}
    return {
        "/api/classify": {
            "post": {
                "summary": "Which documented Gemini API error does this text show?",
                "operationId": "classify",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "required": ["text"], "properties": {"text": text}}
                        },
                        "text/plain": {"schema": text},
                    },
                },
                "responses": {
                    "200": {
                        "description": "Matches best first (empty when none), and the facts found.",
                        "content": {"application/json": {"schema": json_schema(Classification)}},
                    },
                    "400": error_response,
                    "413": error_response,
                    "415": error_response,
                },
            }
        }
    }
