"""Request bodies: their declared size, their text, and JSON or text for the JSON endpoints.

Every way a body can be refused ends in BadRequestBody, which the endpoints answer as a JSON
error: a body too large, too deeply nested or with an absurd number never reaches a RecursionError
or int()'s digit limit, which would otherwise be a 500.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import accumulate, repeat
from operator import sub
from typing import Any

import orjson
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest

from .json_response import JsonResponse

# Far deeper than any request the endpoints document, far below the parser's recursion limit.
MAX_JSON_DEPTH = 64
# A number longer than this is no count, delay or flag any endpoint reads.
MAX_NUMBER_LENGTH = 100
# How much of a chunked body is read per call: small enough that one read never holds much more
# than the limit asked for.
READ_CHUNK_BYTES = 64 * 1024
DEPTH_SCAN_CHUNK_BYTES = 64 * 1024

# The bytes that can open or close an array, an object or a string, once escapes are gone.
_NOT_STRUCTURE = bytes(byte for byte in range(256) if byte not in b'[]{}"')
# Openers become 2 and closers 0, so that each minus 1 is the step the nesting depth takes.
_DEPTH_STEP_PLUS_ONE = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


def declared_body_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def decode_text(raw: bytes) -> str:
    """Bytes as pasted or uploaded to text. Invalid UTF-8 becomes U+FFFD instead of an error."""
    return raw.decode("utf-8", errors="replace")


def api_error(message: str, *, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


class BadRequestBody(ValueError):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def is_chunked_without_length(request: HttpRequest) -> bool:
    """A body sent with Transfer-Encoding: chunked has no Content-Length, and Django reads such a
    body as empty; the WSGI server (gunicorn) has already undone the chunking in wsgi.input."""
    chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
    return chunked and not request.META.get("CONTENT_LENGTH")


def read_stream(stream: Any, *, limit: int) -> bytes:
    """At most limit + 1 bytes of a file-like stream: one byte more than allowed tells "too large"
    without reading the rest."""
    chunks: list[bytes] = []
    remaining = limit + 1
    while remaining > 0:
        chunk = stream.read(min(remaining, READ_CHUNK_BYTES))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_body(request: HttpRequest, *, body_limit: int) -> bytes:
    """The raw body, with or without Content-Length. Raises BadRequestBody (413) over the limit."""
    if declared_body_size(request) > body_limit:
        raise _too_large(body_limit)
    stream = request.META.get("wsgi.input")
    if is_chunked_without_length(request) and stream is not None:
        raw = read_stream(stream, limit=body_limit)
    else:
        try:
            raw = request.body
        except RequestDataTooBig:
            raise _too_large(body_limit) from None
    if len(raw) > body_limit:
        raise _too_large(body_limit)
    return raw


def _too_large(body_limit: int) -> BadRequestBody:
    return BadRequestBody(f"The request is too large: the limit is {body_limit // 1024} KB.", 413)


def json_nests_deeper_than(raw: bytes, limit: int) -> bool:
    """Whether arrays and objects in a JSON text nest deeper than `limit`, in linear time and
    without parsing it.

    Works on the bytes (no ASCII byte occurs inside a UTF-8 sequence): escaped backslashes and
    quotes are dropped, so every quote left opens or closes a string; the strings are dropped by
    splitting on quotes; what remains is brackets, whose running depth is summed in C.
    """
    if raw.count(b"[") + raw.count(b"{") <= limit:  # the usual body: too few brackets, in strings or not
        return False
    unescaped = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    structure = unescaped.translate(None, _NOT_STRUCTURE)
    brackets = b"".join(structure.split(b'"')[::2])
    if brackets.count(b"[") + brackets.count(b"{") <= limit:  # a string's brackets made up the count
        return False
    steps = brackets.translate(_DEPTH_STEP_PLUS_ONE)
    depth = 0
    for start in range(0, len(steps), DEPTH_SCAN_CHUNK_BYTES):  # by chunks, to stop at the first too deep
        chunk = steps[start : start + DEPTH_SCAN_CHUNK_BYTES]
        if max(accumulate(map(sub, chunk, repeat(1)), initial=depth)) > limit:
            return True
        depth += len(chunk) - 2 * chunk.count(0)
    return False


def bounded_number(parse: Callable[[str], int | float]) -> Callable[[str], int | float]:
    """json.loads' hook for number literals: it checks the length before int() or float() sees it."""

    def parse_bounded(literal: str) -> int | float:
        if len(literal) > MAX_NUMBER_LENGTH:
            raise BadRequestBody(f"A number in the JSON body is longer than {MAX_NUMBER_LENGTH} characters.")
        return parse(literal)

    return parse_bounded


# One decoder for every body: json.loads with hooks would build a new one per call.
_DECODER = json.JSONDecoder(parse_int=bounded_number(int), parse_float=bounded_number(float))


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """A JSON object within the depth and number limits. Raises BadRequestBody (400).

    orjson reads the usual body, strings only, several times faster than the standard library.
    Any body it refuses (invalid UTF-8, NaN, a lone surrogate, broken JSON) or that holds a number
    (orjson reads a long integer as a float, and lets a number of any length through) is read by
    the standard library, so that every body reads as it always has."""
    if json_nests_deeper_than(raw, MAX_JSON_DEPTH):
        raise BadRequestBody(f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.")
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError:
        payload = _standard_json(raw)
    else:
        if _holds_a_number(payload):
            payload = _standard_json(raw)
    if not isinstance(payload, dict):
        raise BadRequestBody("The JSON body must be an object.")
    return payload


def _standard_json(raw: bytes) -> Any:
    try:
        return _DECODER.decode(decode_text(raw))
    except json.JSONDecodeError:
        raise BadRequestBody('The body is not valid JSON. Send {"text": "..."} or a text/plain body.') from None


def _holds_a_number(value: Any) -> bool:
    """Whether a number stands anywhere in parsed JSON (bool, a subclass of int, is no number)."""
    if isinstance(value, dict):
        return any(map(_holds_a_number, value.values()))
    if isinstance(value, list):
        return any(map(_holds_a_number, value))
    return isinstance(value, int | float) and not isinstance(value, bool)


def read_json_or_text(request: HttpRequest, *, body_limit: int, text_allowed: bool = True) -> dict[str, Any] | str:
    """The request body as a JSON object, or as text for text/plain. Raises BadRequestBody.

    Without `text_allowed` only application/json is read (415 otherwise): a cross-site page can
    send text/plain or no Content-Type without asking first, but never application/json.
    """
    content_type = request.content_type or ""
    if not text_allowed and content_type != "application/json":
        raise BadRequestBody("Send application/json.", 415)
    raw = read_body(request, body_limit=body_limit)
    if not raw or raw.isspace() or content_type.startswith("text/"):
        return decode_text(raw)
    if content_type in ("application/json", ""):
        return parse_json_object(raw)
    raise BadRequestBody("Send application/json or text/plain.", 415)
