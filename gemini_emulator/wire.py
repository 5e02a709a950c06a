"""How the emulator's bodies go on the wire: JSON, with enums as numbers for clients that ask.

The legacy SDK's REST transport asks for `enum-encoding=int`. The numbers are google-ai-
generativelanguage's (REFERENCE §1e); classifier/facts.py keeps its own copy of the finish and block
reasons (the emulator imports nothing of the project), and a test holds the two copies equal.
"""

from __future__ import annotations

import json
from typing import Any

FINISH_REASONS: dict[int, str] = {
    0: "FINISH_REASON_UNSPECIFIED",
    1: "STOP",
    2: "MAX_TOKENS",
    3: "SAFETY",
    4: "RECITATION",
    5: "OTHER",
    6: "LANGUAGE",
    7: "BLOCKLIST",
    8: "PROHIBITED_CONTENT",
    9: "SPII",
    10: "MALFORMED_FUNCTION_CALL",
    11: "IMAGE_SAFETY",
    12: "UNEXPECTED_TOOL_CALL",
}
BLOCK_REASONS: dict[int, str] = {
    0: "BLOCK_REASON_UNSPECIFIED",
    1: "SAFETY",
    2: "OTHER",
    3: "BLOCKLIST",
    4: "PROHIBITED_CONTENT",
    5: "IMAGE_SAFETY",
}
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
        ("finishReason", FINISH_REASONS),
        ("blockReason", BLOCK_REASONS),
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
