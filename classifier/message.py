"""The server's own message in a paste: the error body's "message", which names the field at fault.

Read from the forms the SDKs print it in: JSON (`"message": "..."`), JSON escaped inside a string
(`\\"message\\": \\"...\\"`), a Python dict repr (`'message': '...'`), protobuf text
(`message: "..."`), and the lines where the message follows the status: api_core's
`InvalidArgument: 400 [POST <url>: ]<message>` and the legacy JavaScript SDK's `[400 Bad Request] <message>`.
"""

from __future__ import annotations

import re

from .redaction import redact

# The fact names, best first: a quoted value, a value escaped once more, the rest of a line.
QUOTED, ESCAPED, LINE = "message", "message_escaped", "message_line"
MESSAGE_FACT_NAMES = frozenset({QUOTED, ESCAPED, LINE})

_API_CORE_CLASSES = (
    "BadRequest|InvalidArgument|FailedPrecondition|OutOfRange|Unauthorized|Unauthenticated|Forbidden"
    "|PermissionDenied|NotFound|Conflict|AlreadyExists|Aborted|TooManyRequests|ResourceExhausted|Cancelled"
    "|InternalServerError|Unknown|DataLoss|MethodNotImplemented|BadGateway|ServiceUnavailable|GatewayTimeout"
    "|DeadlineExceeded|GoogleAPICallError|Invalid argument provided to Gemini"
)
_METHOD_AND_URL = r"(?:(?:GET|POST|PUT|PATCH|DELETE) \S+: )?"

# (fact name, pattern whose first group is the message as the paste writes it)
MESSAGE_PATTERNS: tuple[tuple[str, str], ...] = (
    (QUOTED, r"\bmessage\"?\s*:\s*\"((?:[^\"\\\n]|\\[^\n])+)\""),
    (QUOTED, r"'message'\s*:\s*'((?:[^'\\\n]|\\[^\n])+)'"),
    (QUOTED, r"'message'\s*:\s*\"((?:[^\"\\\n]|\\[^\n])+)\""),
    (ESCAPED, r"\\+\"message\\+\"\s*:\s*\\+\"([^\n]*?)\\+\"\s*[,}]"),
    (LINE, r"\b(?:" + _API_CORE_CLASSES + r"):\s+[1-5][0-9][0-9] " + _METHOD_AND_URL + r"([^\n]+)"),
    (LINE, r"\[[1-5][0-9][0-9] [A-Z][A-Za-z ]+\] ([^\n]+)"),
)

# A message longer than this (a list of every invalid field) is shortened at a word.
MAX_MESSAGE_CHARS = 2000

_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|[\"'\\/bfnrt])")
_SIMPLE_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
# What api_core and the JavaScript SDK print after the message: the error's details.
_DETAILS = re.compile(r"\s\[(?:\{|'|\"|[a-z_]+ ?[:{])")


def _unescape_once(text: str) -> str:
    """One level of JSON or Python string escapes decoded (\\" to ", \\n to a newline, \\u00e9 to é)."""

    def decode(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape.startswith("u"):
            return chr(int(escape[1:], 16))
        return _SIMPLE_ESCAPES.get(escape, escape)

    return _ESCAPE.sub(decode, text)


def _well_formed(text: str) -> str:
    """`text` with the surrogate pairs that \\u escapes spell joined into their character and every lone
    surrogate replaced by U+FFFD: a lone one cannot be encoded to UTF-8, so a page, a terminal or a
    database would fail on it."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def shorten_message(text: str, limit: int) -> str:
    """`text` whole if it fits, else cut at the last sentence end (or failing that a word) before `limit`."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    sentence = max(head.rfind(". "), head.rfind(".\n"))
    if sentence >= limit // 2:
        return head[: sentence + 1]
    word = head.rstrip().rfind(" ")
    return (head[:word] if word > 0 else head).rstrip(" ,;:") + " …"


def server_message(raw: dict[str, str]) -> str | None:
    """The message from the raw fact values (redacted already), unescaped once as the form needs,
    shortened."""
    if QUOTED in raw:
        written = raw[QUOTED]
        message = _unescape_once(written)
    elif ESCAPED in raw:
        written = raw[ESCAPED]
        message = _unescape_once(_unescape_once(written))
    elif LINE in raw:
        written = raw[LINE]
        message = _DETAILS.split(written, maxsplit=1)[0]
    else:
        return None
    message = _well_formed(message).strip()
    if "\\" in written:  # decoding an escape can reveal what redaction saw only escaped
        message = redact(message)
    return shorten_message(message, MAX_MESSAGE_CHARS) if message else None
