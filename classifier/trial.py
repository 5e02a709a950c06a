"""Try matchers on a text, each on its own: what an editor sees in the admin's "try it" box."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .classifier import MAX_LINES_PER_CANDIDATE
from .compile import compile_snapshot
from .excerpt import LineNumbers, excerpt_lines
from .scan import first_match, scan
from .types import EntrySpec, MatchedLine, MatcherSpec


@dataclass(frozen=True)
class MatcherTrial:
    matcher: MatcherSpec
    lines: tuple[MatchedLine, ...]

    @property
    def fired(self) -> bool:
        return bool(self.lines)


def try_matchers(matchers: Iterable[MatcherSpec], text: str) -> list[MatcherTrial]:
    """Run each matcher on its own against `text`, with the lines it would show.

    Reads the scan, not a classification: a matcher fires where it matches, even in a paste the
    engine would not answer (another Google API's error, say). Raises InvalidPattern if a pattern
    does not compile.
    """
    matchers = tuple(matchers)
    # One entry per matcher, so the Set's matcher indices are the matchers' own.
    entries = (EntrySpec(slug=str(index), category="", title="", matchers=(m,)) for index, m in enumerate(matchers))
    snapshot = compile_snapshot(entries, version="trial")
    data = text.encode("utf-8", "surrogatepass")
    fired = scan(snapshot, data)
    line_numbers = LineNumbers(data)

    def lines(index: int) -> tuple[MatchedLine, ...]:
        pattern = snapshot.matchers[index].on_bytes
        found = first_match(pattern, data, fired.matchers.get(index, ()))
        if found is None:
            return ()
        return excerpt_lines(
            [(pattern, found)],
            data,
            line_numbers=line_numbers,
            has_secret=fired.has_secret,
            limit=MAX_LINES_PER_CANDIDATE,
        )

    return [MatcherTrial(matcher, lines(index)) for index, matcher in enumerate(matchers)]
