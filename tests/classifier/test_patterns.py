"""The engine's pattern search: a pattern that starts with \\b is searched without it and checked
for the boundary after, which must give exactly what RE2 gives for the pattern itself."""

from __future__ import annotations

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.patterns import RE2_OPTIONS, BytesPattern


def plain_re2(pattern: str, data: bytes, start: int, end: int) -> list[tuple[int, int]] | None:
    spans = re2.compile(pattern.encode(), RE2_OPTIONS)._regexp.Match(re2._Anchor.UNANCHORED, data, start, end)
    return None if spans[0][0] == -1 else spans


@pytest.mark.parametrize(
    ("pattern", "text", "start"),
    [
        (r"\bmodels/(\w+)", "xmodels/a models/b", 0),  # the first place has no boundary
        (r"(?i)\bquota_?id", "myQuotaId QUOTA_ID", 0),
        (r"\bfoo|bar", "xbar foo", 0),  # a top-level | puts the \b on one branch only
        (r"\b(foo|bar)", "xbar bar", 0),
        (r"\b[a-z]+", "abcdefghijklmnopqrstuvwxyz" * 4 + " z", 1),  # more false starts than it tries
        (r"\bkey", "monkey key", 3),  # the search starts inside a word: RE2 reads the byte before
        (r"\b\d+", "é42", 0),  # \b is ASCII: é is not a word character
        (r"[(]\b|x", "(a", 0),
        (r"\b[|]x", "a|x |x", 0),
        (r"\bQ\Qa|b\E", "xQa|b Qa|b", 0),
        (r"\b(?:[[:alpha:]|]x)", "a|x |x", 0),
    ],
)
def test_search_finds_what_re2_finds(pattern, text, start):
    data = text.encode()
    assert BytesPattern(pattern).search(data, start, len(data)) == plain_re2(pattern, data, start, len(data))


PIECES = ["a", "b", "_", "-", " ", "|", "(?:a|b)", "[ab]", "[|]", r"\w", r"\b", "a+", "b*", "(a)", "(b|-)", "."]


@settings(max_examples=300, deadline=None)
@given(
    flags=st.sampled_from(["", "(?i)"]),
    body=st.lists(st.sampled_from(PIECES), min_size=1, max_size=5),
    text=st.text(alphabet="abAB_- |\n", max_size=40),
    start=st.integers(min_value=0, max_value=40),
)
def test_search_matches_re2_on_any_pattern_and_text(flags, body, text, start):
    pattern = flags + r"\b" + "".join(body)
    data = text.encode()
    start = min(start, len(data))
    try:
        expected = plain_re2(pattern, data, start, len(data))
    except re2.error:
        return
    assert BytesPattern(pattern).search(data, start, len(data)) == expected
