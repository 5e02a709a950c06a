"""The lines of the paste shown as evidence: numbered, cut to a window when very long, redacted,
with the character spans to highlight."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from .patterns import BytesPattern, Span, merge_spans
from .redaction import MAX_SECRET_BYTES, redact_slice, secret_spans
from .types import MatchedLine

# Lines longer than this (a traceback flattened onto one line) are cut around the match.
LINE_WINDOW = 240


class LineNumbers:
    """Line numbers for byte offsets, counting each stretch of the paste at most once."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._known: list[tuple[int, int]] = [(0, 1)]  # (offset, line number there), sorted

    def at(self, offset: int) -> int:
        position = bisect.bisect_right(self._known, (offset, float("inf"))) - 1
        known_offset, number = self._known[position]
        number += self._data.count(b"\n", known_offset, offset)
        self._known.insert(position + 1, (offset, number))
        return number


def excerpt_lines(
    matches: Iterable[tuple[BytesPattern, Span]],
    data: bytes,
    *,
    line_numbers: LineNumbers,
    has_secret: bool,
    limit: int,
) -> tuple[MatchedLine, ...]:
    """The first `limit` lines, in order, that hold a match, each match highlighted where it is."""
    lines: dict[int, _ShownLine] = {}
    for pattern, (start, end) in matches:
        number = line_numbers.at(start)
        shown = lines.get(number)
        if shown is None:
            shown = lines[number] = _ShownLine(*_line_bounds(data, start, has_secret=has_secret))
        shown.add(pattern, start, end)
    return tuple(
        shown.matched_line(number, data, has_secret=has_secret) for number, shown in sorted(lines.items())[:limit]
    )


def _line_bounds(data: bytes, offset: int, *, has_secret: bool) -> Span:
    """The line holding `offset`, or a window of it around `offset` when the line is very long."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line_end = data.find(b"\n", offset)
    if line_end == -1:
        line_end = len(data)
    if line_end - line_start <= LINE_WINDOW * 2:
        return line_start, line_end
    # A very long line: keep a window around the match so the context stays readable.
    window_start = max(line_start, offset - LINE_WINDOW // 2)
    window_end = min(line_end, offset + LINE_WINDOW)
    if has_secret:
        # A secret cut in two loses the part redaction knows it by: widen over it instead.
        nearby = (max(line_start, window_start - MAX_SECRET_BYTES), min(line_end, window_end + MAX_SECRET_BYTES))
        for secret_start, secret_end in secret_spans(data, *nearby):
            if secret_start >= window_end:
                break
            if secret_end > window_start:
                window_start = min(window_start, secret_start)
                window_end = max(window_end, secret_end)
    return window_start, window_end


class _ShownLine:
    """A line (or window) of the paste being shown, and the evidence found in it."""

    __slots__ = ("start", "end", "patterns", "spans")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end
        self.patterns: list[BytesPattern] = []
        self.spans: list[Span] = []  # byte offsets in the paste

    def add(self, pattern: BytesPattern, start: int, end: int) -> None:
        self.patterns.append(pattern)
        if start < self.end and end > self.start and end > start:
            self.spans.append((max(start, self.start), min(end, self.end)))

    def matched_line(self, number: int, data: bytes, *, has_secret: bool) -> MatchedLine:
        line = data[self.start : self.end]
        text = line.decode("utf-8", "replace").rstrip("\r")
        if has_secret:
            # Redaction moves the text, so the offsets found in the paste no longer hold:
            # find the evidence again in what is shown. The paste around the line tells whether
            # its first or last characters belong to a secret that goes on beyond it.
            text = redact_slice(data, self.start, self.end).rstrip("\r")
            spans = _search_spans(text, self.patterns)
        else:
            spans = [(start - self.start, end - self.start) for start, end in self.spans]
            if not text.isascii():
                spans = _character_spans(line, spans)
            spans = [(start, min(end, len(text))) for start, end in spans if start < len(text)]
        return MatchedLine(number=number, text=text, spans=tuple(merge_spans(spans)))


def _search_spans(text: str, patterns: list[BytesPattern]) -> list[Span]:
    """Character spans of every match of `patterns` in `text`."""
    encoded = text.encode("utf-8", "surrogatepass")
    spans: list[Span] = []
    for pattern in patterns:
        position = 0
        while position < len(encoded) and (found := pattern.search(encoded, position, len(encoded))):
            start, end = found[0]
            if end > start:
                spans.append((start, end))
            position = max(end, start + 1)
    return spans if text.isascii() else _character_spans(encoded, spans)


def _character_spans(encoded: bytes, spans: list[Span]) -> list[Span]:
    """Byte offsets in UTF-8 `encoded` as offsets in its decoded text."""
    return [
        (len(encoded[:start].decode("utf-8", "replace")), len(encoded[:end].decode("utf-8", "replace")))
        for start, end in spans
    ]
