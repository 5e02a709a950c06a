"""Try matchers on a text, each on its own: what an editor sees in the admin's "try it" box."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .classifier import MIN_SCORE, classify
from .compile import compile_snapshot
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

    Raises InvalidPattern if a pattern does not compile.
    """
    matchers = tuple(matchers)
    snapshot = compile_snapshot(
        (
            # Each matcher becomes an entry of its own with a weight that always clears MIN_SCORE.
            EntrySpec(slug=str(index), category="", title="", matchers=(MatcherSpec(m.pattern, MIN_SCORE),))
            for index, m in enumerate(matchers)
        ),
        version="trial",
    )
    hits = {
        candidate.slug: candidate.lines for candidate in classify(snapshot, text, max_candidates=len(matchers)).matches
    }
    return [MatcherTrial(matcher, hits.get(str(index), ())) for index, matcher in enumerate(matchers)]
