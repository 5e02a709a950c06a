"""Which shared pastes show the same error: a fingerprint of the parts that stay the same from one
user to the next (HTTP code, status, reason, the server's message, the client), with what varies
inside the message (numbers, IDs, model names, paths, quoted values, hex, timestamps) replaced by
placeholders. Plain functions of the engine's facts and the paste: no Django."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from classifier import Facts

# Placeholders, in the order they are put in: a later pattern never sees what an earlier one replaced.
TIME, URL, PATH, QUOTED, UUID, HEX, MODEL, ID, NUMBER = (
    "<time>",
    "<url>",
    "<path>",
    "<q>",
    "<uuid>",
    "<hex>",
    "<model>",
    "<id>",
    "<n>",
)
_MODEL_FAMILIES = "gemini|gemma|imagen|veo|lyria|learnlm|aqa|text-embedding|embedding"
PLACEHOLDER = re.compile(r"<(?:time|url|path|q|uuid|hex|model|id|n)>")
_VARYING: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"), TIME),
    (re.compile(r"\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b"), TIME),
    (re.compile(r"\b[a-z][a-z0-9+.\-]*://[^\s'\"`<>)\]]+"), URL),
    (re.compile(r"(?:\b[A-Za-z]:)?(?:[\\/][\w.\-@~]+){2,}[\\/]?"), PATH),
    # Quotes that open after a space or bracket and close before one, so "doesn't" is no quote.
    (re.compile(r"(?<![\w'])'[^'\n]*'(?![\w'])|\"[^\"\n]*\"|`[^`\n]*`|“[^”\n]*”|‘[^’\n]*’"), QUOTED),
    (re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"), UUID),
    (re.compile(r"\b0x[0-9a-fA-F]+\b|\b(?=[a-f]*\d)(?=\d*[a-f])[0-9a-f]{8,}\b"), HEX),
    (re.compile(rf"\b(?:models/)?(?:{_MODEL_FAMILIES})[\w.\-]*"), MODEL),
    # Opaque identifiers: letters and digits mixed, as request, file and project IDs are.
    (re.compile(r"\b(?=[\w\-]*\d)(?=[\w\-]*[A-Za-z])[\w\-]{8,}\b"), ID),
    # Not after a letter: "v1beta" is a name, "12ms" a number.
    (re.compile(r"(?<![A-Za-z])\d+(?:\.\d+)?"), NUMBER),
)
# The same placeholder listed again and again ("<q>, <q> and <q>") is one list, however long.
_REPEATED = re.compile(r"(<[a-z]+>)(?:(?:\s*(?:,|and|or)\s*|\s+)\1)+")
_SPACES = re.compile(r"\s+")
MAX_SHAPE_CHARS = 400
# Without a server message, the line that names the exception is the error's own words.
_ERROR_LINE = re.compile(r"(?:error|exception|fault|failed|invalid)", re.IGNORECASE)


def message_shape(message: str) -> str:
    """The message with what varies from one user to the next replaced by placeholders."""
    shape = message
    for pattern, placeholder in _VARYING:
        shape = pattern.sub(placeholder, shape)
    shape = _REPEATED.sub(r"\1", _SPACES.sub(" ", shape)).strip()
    return shape[:MAX_SHAPE_CHARS]


def error_line(text: str) -> str:
    """The last line that names an error, else the last line: what a paste without a server message says."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    named = [line for line in lines if _ERROR_LINE.search(line)]
    return (named or lines or [""])[-1]


@dataclass(frozen=True)
class ErrorShape:
    """The stable parts of a paste's error. `message` is the server's message (or, lacking one, the
    paste's error line) as message_shape leaves it."""

    http_code: int | None
    api_status: str
    reason: str
    message: str
    client: str

    @property
    def fingerprint(self) -> str:
        parts = (str(self.http_code or ""), self.api_status, self.reason, self.message, self.client)
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]

    def literal_parts(self) -> list[str]:
        """The message's own words between its placeholders, longest first."""
        parts = (part.strip(" .,;:") for part in PLACEHOLDER.split(self.message))
        return sorted((part for part in parts if len(part) >= 3), key=len, reverse=True)


def error_shape(facts: Facts, text: str) -> ErrorShape:
    """The stable parts of a paste, from the facts the engine read in it (the paste is already redacted)."""
    return ErrorShape(
        http_code=facts.http_code,
        api_status=facts.api_status or "",
        reason=facts.reason or "",
        message=message_shape(facts.message or error_line(text)),
        client=facts.sdk or next(iter(facts.clients), ""),
    )
