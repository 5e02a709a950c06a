"""GET /api/status in the OpenAPI document (troubleshooter/openapi.py adds these paths)."""

from __future__ import annotations

from typing import Any

_TIME = {"type": ["string", "null"], "format": "date-time"}


_VERDICT: dict[str, Any] = {
    "type": "object",
    "required": ["model_id", "state", "since", "evidence", "latest_probe"],
    "properties": {
        "model_id": {"type": "string"},
        "state": {"enum": ["operational", "degraded", "outage"]},
        "since": _TIME,
        "evidence": {"type": "array", "items": {"type": "string"}},
        "latest_probe": {
            "type": ["object", "null"],
            "properties": {
                "at": _TIME,
                "outcome": {"type": "string", "description": '"ok", or the slug of the error it classified to.'},
                "http_status": {"type": ["integer", "null"]},
                "latency_ms": {"type": "integer"},
            },
        },
    },
}
_INCIDENT: dict[str, Any] = {
    "type": "object",
    "required": ["title", "state", "started_at", "ended_at", "products", "link"],
    "properties": {
        "title": {"type": "string"},
        "state": {"enum": ["open", "resolved"]},
        "started_at": _TIME,
        "ended_at": _TIME,
        "products": {"type": "array", "items": {"type": "string"}},
        "link": {"type": "string"},
    },
}
_FEED: dict[str, Any] = {
    "type": "object",
    "required": ["url", "ok", "last_ok_at", "error"],
    "properties": {
        "url": {"type": "string"},
        "ok": {"type": "boolean"},
        "last_ok_at": _TIME,
        "error": {"type": "string"},
    },
}


def openapi_paths() -> dict[str, Any]:
    return {
        "/api/status": {
            "get": {
                "summary": "Is Gemini down? The verdict per model, with its evidence, and Google's incidents.",
                "operationId": "status",
                "responses": {
                    "200": {
                        "description": "A verdict per model, open and recent official incidents, feed health.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["generated_at", "overall", "models", "incidents", "feeds"],
                                    "properties": {
                                        "generated_at": _TIME,
                                        "overall": {"enum": ["operational", "degraded", "outage"]},
                                        "models": {"type": "array", "items": _VERDICT},
                                        "incidents": {"type": "array", "items": _INCIDENT},
                                        "feeds": {"type": "array", "items": _FEED},
                                    },
                                }
                            }
                        },
                    }
                },
            }
        }
    }
