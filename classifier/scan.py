"""The one pass over the paste: which of the Set's patterns fire, and in which blocks of the paste.

RE2 runs in time linear in the paste, so no input can make it backtrack. The follow-up searches
(for the lines to show and the facts' values) run only in the blocks where their pattern fired.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .compile import Snapshot
from .patterns import BytesPattern, Span
from .redaction import MAX_SECRET_BYTES

# The Set scans the paste in blocks of about this size, so that the follow-up searches for values
# and spans run only in the blocks where their pattern fired, not from the top of a 1 MB log.
BLOCK_SIZE = 64 * 1024
# Blocks overlap by this much so that neither evidence spread over a few lines nor a secret is ever
# cut in two: the Set, which reads each block apart, would miss a secret that no block holds whole.
BLOCK_OVERLAP = MAX_SECRET_BYTES


@dataclass(frozen=True)
class Fired:
    """What the Set found, by section of its layout, each pattern with the blocks where it fired."""

    matchers: Mapping[int, Sequence[Span]]  # by index in Snapshot.matchers
    facts: Mapping[int, Sequence[Span]]  # by index in Snapshot.facts, in that order
    sdk_labels: tuple[str, ...]  # in the order of SDK_MARKERS, most specific first
    has_gemini_context: bool
    # Without a secret anywhere in the paste, no line or value taken from it can hold one.
    has_secret: bool


NOTHING_FIRED = Fired(matchers={}, facts={}, sdk_labels=(), has_gemini_context=False, has_secret=False)


def scan(snapshot: Snapshot, data: bytes) -> Fired:
    """Run the Set over the UTF-8 bytes of a paste and sort what fired by the Set's layout."""
    blocks_by_pattern = _blocks_by_pattern(snapshot, data)
    layout = snapshot.layout
    fired = sorted(blocks_by_pattern)
    return Fired(
        matchers={index: blocks_by_pattern[index] for index in _within(fired, layout.matchers)},
        facts={index - layout.facts.start: blocks_by_pattern[index] for index in _within(fired, layout.facts)},
        sdk_labels=tuple(
            snapshot.sdk_labels[index - layout.sdk_markers.start] for index in _within(fired, layout.sdk_markers)
        ),
        has_gemini_context=layout.gemini_context in blocks_by_pattern,
        has_secret=layout.secret in blocks_by_pattern,
    )


def _within(fired: list[int], section: range) -> list[int]:
    """The indices in `fired`, which is sorted, that fall in `section`."""
    return fired[bisect.bisect_left(fired, section.start) : bisect.bisect_left(fired, section.stop)]


def _blocks_by_pattern(snapshot: Snapshot, data: bytes) -> Mapping[int, Sequence[Span]]:
    blocks = _blocks(data)
    if len(blocks) == 1:  # most pastes: whatever fired, fired in the one block
        return dict.fromkeys(snapshot.pattern_set.Match(data) or (), tuple(blocks))
    blocks_by_pattern: dict[int, list[Span]] = {}
    view = memoryview(data)  # blocks without copying the paste
    for block in blocks:
        for index in snapshot.pattern_set.Match(view[block[0] : block[1]]) or ():
            blocks_by_pattern.setdefault(index, []).append(block)
    return blocks_by_pattern


def _blocks(data: bytes) -> list[Span]:
    """Cut the paste into overlapping blocks, at line ends where there are any nearby."""
    size = len(data)
    if size <= BLOCK_SIZE + BLOCK_OVERLAP:
        return [(0, size)]
    blocks = []
    start = 0
    while start < size:
        cut = _line_end_near(data, start + BLOCK_SIZE)
        end = _line_end_near(data, cut + BLOCK_OVERLAP)
        blocks.append((start, end))
        if end >= size:
            break
        start = cut
    return blocks


def _line_end_near(data: bytes, position: int) -> int:
    if position >= len(data):
        return len(data)
    newline = data.find(b"\n", position, position + 1024)
    return newline + 1 if newline != -1 else position


def first_match(pattern: BytesPattern, data: bytes, blocks: Sequence[Span]) -> Span | None:
    """Where `pattern` first matches in the blocks where the Set saw it fire."""
    for block_start, block_end in blocks:
        spans = pattern.search(data, block_start, block_end)
        if spans is not None:
            return spans[0]
    return None
