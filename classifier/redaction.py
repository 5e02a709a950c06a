"""Remove API keys and tokens from anything the troubleshooter shows, logs or stores.

Users paste tracebacks and request URLs that carry their credentials. Every string that leaves
the engine goes through `redact` first.
"""

from __future__ import annotations

from collections.abc import Iterator

import re2

from .patterns import BytesPattern

REDACTED = "[REDACTED]"
# The longest secret redaction must see whole: a private key pasted as one JSON line is 2 to 7 KB.
MAX_SECRET_BYTES = 8 * 1024

# Each pattern's first group is the part that is kept (a prefix such as "key=" or "Bearer ").
_SECRET_PATTERNS: tuple[str, ...] = (
    # Standard Google API keys: "AIza" and 35 more URL-safe characters.
    r"()AIza[0-9A-Za-z_\-]{30,}",
    # Auth keys bound to a service account ("AQ." + opaque token).
    r"(\b)AQ\.[0-9A-Za-z_\-\.]{8,}",
    # OAuth 2 access and refresh tokens.
    r"(\b)ya29\.[0-9A-Za-z_\-\.]{8,}",
    r"(\b)1//[0-9A-Za-z_\-]{20,}",
    # Authorization headers and bearer tokens, whatever the token looks like.
    r"((?i)bearer\s+)[0-9A-Za-z_\-\.=/+~]{8,}",
    # Keys in query strings and headers: ?key=..., x-goog-api-key: ...
    r"((?i)[?&]key=)[^&\s'\"\\]{4,}",
    r"((?i)x-goog-api-key[\"']?\s*[:=]\s*[\"']?)[^\s'\",}]{4,}",
    # Keys assigned in code or config: api_key="...", GEMINI_API_KEY=...
    r"((?i)(?:api_?key|apikey|access_token|refresh_token|client_secret)[\"']?\s*[:=]\s*[\"']?)"
    r"[0-9A-Za-z_\-\.]{12,}",
    # A service-account JSON pasted by mistake: drop the private key block.
    r"(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----",
)

# Matches wherever any secret pattern does. The classifier adds it to its RE2 Set, so that a paste
# with no secret anywhere (almost all of them) needs no redaction of the lines and values it shows.
ANY_SECRET_PATTERN = "|".join(f"(?:{pattern})" for pattern in _SECRET_PATTERNS)
# Almost every string has no secret: one search on bytes answers that cheaply.
_ANY_SECRET = BytesPattern(ANY_SECRET_PATTERN)
_SINGLE = tuple(re2.compile(pattern) for pattern in _SECRET_PATTERNS)


# Every secret pattern above contains one of these (ignoring case): a cheap test that clears the
# lines and values that cannot hold a secret before any regex runs.
_MARKERS = ("aiza", "aq.", "ya29.", "1//", "bearer", "key", "token", "secret")


def contains_secret(text: str) -> bool:
    lowered = text.lower()
    if not any(marker in lowered for marker in _MARKERS):
        return False
    data = text.encode("utf-8", "surrogatepass")
    return _ANY_SECRET.search(data, 0, len(data)) is not None


def secret_spans(data: bytes, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The byte spans of the secrets in data[start:end], left to right."""
    while start < end and (spans := _ANY_SECRET.search(data, start, end)) is not None:
        yield spans[0]
        start = max(spans[0][1], spans[0][0] + 1)


def redact(text: str) -> str:
    """Return `text` with every API key, token and private key replaced by a marker."""
    if not text or not contains_secret(text):
        return text
    for pattern in _SINGLE:
        text = pattern.sub(lambda match: f"{match.group(1)}{REDACTED}", text)
    return text
