"""Remove API keys and tokens from anything the troubleshooter shows, logs or stores.

Users paste tracebacks, request URLs and configs that carry their credentials. Every string that
leaves the engine goes through `redact` (or `redact_slice` for a piece of a paste) first. What a
secret looks like is in secret_shapes.py.

Each shape is searched on its own and the secrets they find are merged, so shapes that overlap
(`"private_key": "-----BEGIN ...`, `Authorization: Bearer ya29...`) need no order between them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .patterns import BytesPattern, Span, merge_spans
from .secret_shapes import SECRET_SHAPES, SecretShape

REDACTED = "[REDACTED]"
# The longest secret redaction must see whole: a private key pasted as one JSON line is 2 to 7 KB.
MAX_SECRET_BYTES = 8 * 1024

# Matches wherever any secret shape does. The classifier adds it to its RE2 Set, so that a paste
# with no secret anywhere (almost all of them) needs no redaction of the lines and values it shows.
ANY_SECRET_PATTERN = "|".join(f"(?:{shape.pattern})" for shape in SECRET_SHAPES)
_ANY_SECRET = BytesPattern(ANY_SECRET_PATTERN)
_REDACTED_BYTES = REDACTED.encode()


@dataclass(frozen=True)
class _CompiledShape:
    whole: BytesPattern  # the secret with what stands around it
    before: BytesPattern | None  # searched only where `whole` matched, to find where the secret starts
    secret: BytesPattern | None  # the same, to find where it ends when something must follow it

    @classmethod
    def of(cls, shape: SecretShape) -> _CompiledShape:
        return cls(
            whole=BytesPattern(shape.pattern),
            before=BytesPattern(shape.before) if shape.before else None,
            secret=BytesPattern(shape.secret) if shape.after else None,
        )

    def secret_in(self, data: bytes, match: Span) -> Span:
        """Where the secret is in a match of `whole`; the whole match if a part cannot be told."""
        start, end = match
        if self.before is not None:
            start = self.before.match_end(data, start, end) or start
        if self.secret is not None:
            end = self.secret.match_end(data, start, end) or end
        return start, end


_SHAPES = tuple(_CompiledShape.of(shape) for shape in SECRET_SHAPES)


def secret_spans(data: bytes, start: int, end: int) -> Iterator[Span]:
    """The byte spans of the secrets in data[start:end], left to right, overlapping ones merged."""
    first = _ANY_SECRET.search(data, start, end)
    if first is None:
        return iter(())
    found: list[Span] = []
    for shape in _SHAPES:
        # No shape matches before the first place where any of them does.
        position = first[0][0]
        while position < end and (spans := shape.whole.search(data, position, end)) is not None:
            found.append(shape.secret_in(data, spans[0]))
            position = max(spans[0][1], spans[0][0] + 1)
    return iter(merge_spans(found))


def redact(text: str) -> str:
    """Return `text` with every API key, token and private key replaced by a marker."""
    if not text:
        return text
    data = text.encode("utf-8", "surrogatepass")
    spans = list(secret_spans(data, 0, len(data)))
    return _masked(data, 0, len(data), spans).decode("utf-8", "surrogatepass") if spans else text


def redact_slice(data: bytes, start: int, end: int) -> str:
    """data[start:end] as text with every secret that touches it masked. Secrets are looked for in
    the bytes around the slice too, so one cut by the slice's edge, or over two lines of which the
    slice holds one, is masked all the same."""
    context = max(0, start - MAX_SECRET_BYTES), min(len(data), end + MAX_SECRET_BYTES)
    spans = [span for span in secret_spans(data, *context) if span[1] > start and span[0] < end]
    return _masked(data, start, end, spans).decode("utf-8", "replace")


def _masked(data: bytes, start: int, end: int, spans: list[Span]) -> bytes:
    """data[start:end] with each of the sorted, disjoint `spans` (cut to the slice) replaced by the marker."""
    pieces: list[bytes] = []
    position = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        pieces += [data[position:span_start], _REDACTED_BYTES]
        position = span_end
    pieces.append(data[position:end])
    return b"".join(pieces)
