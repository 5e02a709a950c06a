"""Compiled RE2 patterns searched on UTF-8 bytes, shared by the classifier and the redactor."""

from __future__ import annotations

import re2

RE2_OPTIONS = re2.Options()
RE2_OPTIONS.max_mem = 256 << 20  # room for the Set's DFA, so it never falls back to the slow path
RE2_OPTIONS.log_errors = False  # a bad pattern is reported to the caller, not printed on stderr
_UNANCHORED = re2._Anchor.UNANCHORED

Span = tuple[int, int]


class BytesPattern:
    """A compiled pattern searched on the paste's UTF-8 bytes, returning spans only.

    google-re2's Python match objects cost more than the search itself on a short paste, and the
    engine needs nothing but offsets, so this calls the compiled RE2 object directly.
    """

    __slots__ = ("_regexp",)

    def __init__(self, pattern: str) -> None:
        self._regexp = re2.compile(pattern.encode(), RE2_OPTIONS)._regexp

    def search(self, data: bytes, start: int, end: int) -> list[Span] | None:
        """The spans of the whole match and of each group, or None if it does not match."""
        spans = self._regexp.Match(_UNANCHORED, data, start, end)
        return None if spans[0][0] == -1 else spans

    def group_text(self, data: bytes, start: int, end: int, group: int = 1) -> str | None:
        spans = self.search(data, start, end)
        if spans is None or spans[group][0] == -1:
            return None
        return data[spans[group][0] : spans[group][1]].decode("utf-8", "replace")
