"""How the emulator's bodies go on the wire: JSON, with enums as numbers for clients that ask.

The legacy SDK's REST transport asks for `enum-encoding=int`. The numbers are google-ai-
generativelanguage's (REFERENCE §1e); classifier/facts.py keeps its own copy of the finish and block
reasons (the emulator imports nothing of the project), and a test holds the two copies equal.
"""

from __future__ import annotations

import json
from typing import Any

# These two are numbered from 0 without gaps, so a name's wire number is its position.
FINISH_REASONS = (
    "FINISH_REASON_UNSPECIFIED",
    "STOP",
    "MAX_TOKENS",
    "SAFETY",
    "RECITATION",
    "OTHER",
    "LANGUAGE",
    "BLOCKLIST",
    "PROHIBITED_CONTENT",
    "SPII",
    "MALFORMED_FUNCTION_CALL",
    "IMAGE_SAFETY",
    "UNEXPECTED_TOOL_CALL",
)
BLOCK_REASONS = ("BLOCK_REASON_UNSPECIFIED", "SAFETY", "OTHER", "BLOCKLIST", "PROHIBITED_CONTENT", "IMAGE_SAFETY")
HARM_CATEGORIES: dict[int, str] = {
    0: "HARM_CATEGORY_UNSPECIFIED",
    7: "HARM_CATEGORY_HARASSMENT",
    8: "HARM_CATEGORY_HATE_SPEECH",
    9: "HARM_CATEGORY_SEXUALLY_EXPLICIT",
    10: "HARM_CATEGORY_DANGEROUS_CONTENT",
    11: "HARM_CATEGORY_CIVIC_INTEGRITY",
}
HARM_PROBABILITIES: dict[int, str] = {
    0: "HARM_PROBABILITY_UNSPECIFIED",
    1: "NEGLIGIBLE",
    2: "LOW",
    3: "MEDIUM",
    4: "HIGH",
}

# The JSON field each enum travels in, and its numbers by name.
_NUMBERS_BY_FIELD: dict[str, dict[str, int]] = {
    field: {name: number for number, name in names.items()}
    for field, names in (
        ("finishReason", dict(enumerate(FINISH_REASONS))),
        ("blockReason", dict(enumerate(BLOCK_REASONS))),
        ("category", HARM_CATEGORIES),
        ("probability", HARM_PROBABILITIES),
    )
}


def encode(payload: Any, *, int_enums: bool, indent: int | None = 2) -> bytes:
    if int_enums:
        payload = _enums_as_numbers(payload)
    return json.dumps(payload, indent=indent, ensure_ascii=False).encode("utf-8")


def _enums_as_numbers(value: Any) -> Any:
    if isinstance(value, list):
        return [_enums_as_numbers(item) for item in value]
    if not isinstance(value, dict):
        return value
    converted = {}
    for name, item in value.items():
        numbers = _NUMBERS_BY_FIELD.get(name)
        if numbers is not None and isinstance(item, str) and item in numbers:
            converted[name] = numbers[item]
        else:
            converted[name] = _enums_as_numbers(item)
    return converted
