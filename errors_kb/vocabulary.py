"""The words the KB's files may use: the categories an entry belongs to, a model's status and its kind."""

from __future__ import annotations

CATEGORIES: dict[str, str] = {
    "api_key_invalid": "API key invalid or missing",
    "permission_denied": "Permission denied",
    "quota_exceeded": "Quota or rate limit exceeded",
    "payment_required": "Payment required",
    "safety_blocked": "Blocked by safety filters",
    "recitation_blocked": "Blocked for recitation",
    "empty_response": "Empty response",
    "model_not_found": "Model not found",
    "streaming": "Streaming misuse",
    "location_unsupported": "Location not supported",
    "invalid_argument": "Invalid argument",
    "server_error": "Server error",
    "request_cancelled": "Request cancelled",
    "vertex_auth": "Vertex AI authentication",
    "sdk_migration": "SDK migration",
}
MODEL_STATUSES = ("current", "preview", "retired")
MODEL_KINDS = ("text", "image", "live", "embedding", "tts", "video")
