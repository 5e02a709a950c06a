"""What was pasted, cleaned up into the key to send, with what only the key's format can tell.

Format advice never rejects a key: only what cannot be sent at all is refused, before any call.
"""

from __future__ import annotations

import re

from .types import PreparedKey

MAX_KEY_LENGTH = 512

# Dates from Google's API key page (REFERENCE §1d); they are announcements, so they live here as data.
STANDARD_KEYS_UNRESTRICTED_REJECTED = "2026-06-19"
STANDARD_KEYS_ALL_REJECTED = "September 2026"

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ENV_ASSIGNMENT = re.compile(r"^(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*[=:]\s*")
_QUOTES = "\"'`\u201c\u201d\u2018\u2019"


def prepare_key(raw_key: str) -> PreparedKey:
    """Clean up what was pasted and say what it looks like, without rejecting unusual formats."""
    text = raw_key or ""
    if '"private_key"' in text or '"service_account"' in text or "PRIVATE KEY-----" in text:
        return PreparedKey(
            "",
            (
                "This looks like a service-account JSON file, not an API key. It was not sent anywhere. "
                "Gemini API keys are single tokens from AI Studio; delete this file's key if it was shared.",
            ),
            refusal="service account JSON",
        )
    key, advice = _unwrap(text)
    refused = _refusal(key)
    if refused is not None:
        return refused
    if " " in key:
        advice.append("The key contains a space in the middle; API keys never do. It was sent as it is.")
    advice.append(_kind_of_key(key))
    return PreparedKey(key, tuple(advice))


def _unwrap(text: str) -> tuple[str, list[str]]:
    """The key inside a paste that may carry spaces, quotes or a NAME=value assignment."""
    advice: list[str] = []
    stripped = text.strip()
    value = stripped
    assignment = _ENV_ASSIGNMENT.match(value)
    if assignment:
        value = value[assignment.end() :]
        advice.append("The text looked like a variable assignment (NAME=value); only the value was used.")
    key = value
    while len(key) >= 2 and key[0] in _QUOTES and key[-1] in _QUOTES:
        key = key[1:-1].strip()
    if key != value or stripped != text:
        advice.append("Spaces, line breaks or quotes around the key were removed before sending it.")
    return key, advice


def _refusal(key: str) -> PreparedKey | None:
    """Why `key` cannot be sent at all, if it cannot."""
    if not key:
        return PreparedKey("", ("No API key was entered, so nothing was sent.",), refusal="empty")
    if len(key) > MAX_KEY_LENGTH:
        advice = (
            f"The key is {len(key)} characters long; Gemini API keys are far shorter (over {MAX_KEY_LENGTH} "
            "is refused). It was not sent. Paste only the key itself."
        )
        return PreparedKey("", (advice,), refusal="too long")
    if _CONTROL_CHARACTERS.search(key):
        advice = (
            "The key contains control characters (a line break or tab inside it, for example). It was not "
            "sent. Copy the key again as one line."
        )
        return PreparedKey("", (advice,), refusal="control characters")
    if not key.isascii():
        advice = (
            "The key contains non-ASCII characters (often typographic quotes or look-alike letters from a "
            "document or chat). It was not sent. Copy it again straight from AI Studio."
        )
        return PreparedKey("", (advice,), refusal="non-ASCII")
    return None


def _kind_of_key(key: str) -> str:
    if key.startswith("AIza"):
        return (
            "This is a standard API key (AIza…). Google is retiring them: unrestricted standard keys are "
            f"rejected from {STANDARD_KEYS_UNRESTRICTED_REJECTED} and all standard keys from "
            f"{STANDARD_KEYS_ALL_REJECTED}. Create an auth key (AQ.…) in AI Studio."
        )
    if key.startswith("AQ."):
        return "This is an auth key (AQ.…), the kind AI Studio creates now."
    if key.startswith("ya29."):
        return (
            "This is an OAuth access token (ya29.…), not an API key: it expires within an hour and is sent "
            "differently (Authorization: Bearer). Use an API key from AI Studio."
        )
    return "This does not look like a Gemini API key (AQ.… or AIza…); it was checked anyway."
