"""What a generation or countTokens request body holds, and Google's 400 when it is not that.

Google reads the body as protobuf JSON: a field of the wrong JSON type is refused with "Invalid
value at '<field>' (<type>), <value>", so a client under test sees what Google would tell it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

# The largest value quoted back in a message: a client may send megabytes in one field.
MAX_QUOTED_CHARS = 100
_INT32_TEXT = re.compile(r"-?[0-9]{1,10}")


def parse_json(body: bytes) -> dict[str, Any] | None:
    """The body as a JSON object, or None: not JSON, not UTF-8, nested past the parser, not an object."""
    try:
        parsed = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return parsed if isinstance(parsed, dict) else None


def shape_error(request: Mapping[str, Any], api_version: str) -> str | None:
    """Google's message for the first field the emulator reads that has the wrong JSON type, or None."""
    message_type = f"type.googleapis.com/google.ai.generativelanguage.{api_version}."
    inner = request.get("generateContentRequest", {})
    if not isinstance(inner, dict):
        return _invalid_value("generate_content_request", message_type + "GenerateContentRequest", inner)
    for path, contents in (
        ("contents", request.get("contents", [])),
        ("generate_content_request.contents", inner.get("contents", [])),
    ):
        if not isinstance(contents, list):
            return _invalid_value(path, message_type + "Content", contents)
        for number, content in enumerate(contents):
            parts = content.get("parts", []) if isinstance(content, dict) else content
            if not isinstance(content, dict) or not isinstance(parts, list):
                return _invalid_value(f"{path}[{number}]", message_type + "Content", content)
            for index, part in enumerate(parts):
                field = f"{path}[{number}].parts[{index}]"
                if not isinstance(part, dict):
                    return _invalid_value(field, message_type + "Part", part)
                if not isinstance(part.get("text", ""), str):
                    return _invalid_value(field + ".text", "TYPE_STRING", part["text"])
    config = request.get("generationConfig", {})
    if not isinstance(config, dict):
        return _invalid_value("generation_config", message_type + "GenerationConfig", config)
    if config.get("maxOutputTokens") is not None and _int32(config["maxOutputTokens"]) is None:
        return _invalid_value("generation_config.max_output_tokens", "TYPE_INT32", config["maxOutputTokens"])
    return None


def prompt_text(request: Mapping[str, Any]) -> str:
    """The text of every part, in a request that passed `shape_error`."""
    contents = request.get("contents") or request.get("generateContentRequest", {}).get("contents") or []
    texts = [part.get("text", "") for content in contents for part in content.get("parts", [])]
    return " ".join(text for text in texts if text)


def max_output_tokens(request: Mapping[str, Any]) -> int | None:
    return _int32(request.get("generationConfig", {}).get("maxOutputTokens"))


def _int32(value: Any) -> int | None:
    """A protobuf JSON int32: a whole number, or one written as a string, as Google accepts both."""
    if isinstance(value, str) and _INT32_TEXT.fullmatch(value):
        value = int(value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if -(2**31) <= value < 2**31 else None


def _invalid_value(field: str, expected: str, value: Any) -> str:
    quoted = json.dumps(value, ensure_ascii=False)
    if len(quoted) > MAX_QUOTED_CHARS:
        quoted = quoted[:MAX_QUOTED_CHARS] + "…"
    return f"Invalid value at '{field}' ({expected}), {quoted}"
