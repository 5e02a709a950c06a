"""The classifier engine: which documented Gemini API error does a paste show?

Plain Python with no Django import. The caller builds a `Snapshot` once per knowledge-base version
with `compile_snapshot` and then calls `classify(snapshot, text)` for each paste.

How a paste is read:
1. One pass of an RE2 Set over the UTF-8 bytes tells which matchers and fact patterns fire, and
   whether the paste holds any secret (scan.py). RE2 runs in time linear in the paste, so no input
   can make it backtrack.
2. Only the patterns that fired are searched again, for the facts' values (facts.py) and the lines
   to show (excerpt.py).
3. Each entry scores the sum of its fired matchers' weights. Matchers for specific evidence (an
   ErrorInfo reason, a quotaId, an exception class) carry more weight than generic ones (a bare
   429), so the specific entry wins. Negative weights mark counter-evidence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .compile import CompiledMatcher, Snapshot
from .excerpt import LineNumbers, excerpt_lines
from .facts import extract_facts
from .patterns import Span
from .scan import NOTHING_FIRED, Fired, first_match, scan
from .types import Candidate, Classification

# An entry needs at least this score to be reported at all.
MIN_SCORE = 1.0
# Score at which an entry's confidence reaches one half; see `_confidence`.
HALF_CONFIDENCE_SCORE = 2.5
MAX_CANDIDATES = 5
MAX_LINES_PER_CANDIDATE = 6


def classify(snapshot: Snapshot, text: str, *, max_candidates: int = MAX_CANDIDATES) -> Classification:
    """Rank the documented errors that `text` shows, best first, and extract its facts."""
    data = text.encode("utf-8", "surrogatepass")
    fired = scan(snapshot, data) if text and not text.isspace() else NOTHING_FIRED
    facts = extract_facts(
        data,
        patterns=snapshot.facts,
        fired=fired.facts,
        sdk_labels=fired.sdk_labels,
        models=snapshot.models,
        has_secret=fired.has_secret,
    )
    if not fired.has_gemini_context and facts.service:
        # Another Google API's error (Translate, Speech, ...): it looks like ours but isn't.
        return Classification(matches=(), facts=facts)

    scores, evidence = _score_entries(snapshot, fired)
    ranked = sorted(
        (entry_index for entry_index, score in scores.items() if score >= MIN_SCORE),
        key=lambda entry_index: (-scores[entry_index], snapshot.entries[entry_index].slug),
    )[:max_candidates]
    line_numbers = LineNumbers(data)
    candidates = tuple(
        _candidate(
            snapshot,
            entry_index,
            score=scores[entry_index],
            top_score=scores[ranked[0]],
            evidence=evidence[entry_index],
            data=data,
            line_numbers=line_numbers,
            has_secret=fired.has_secret,
        )
        for entry_index in ranked
    )
    return Classification(matches=candidates, facts=facts)


def _score_entries(
    snapshot: Snapshot, fired: Fired
) -> tuple[dict[int, float], dict[int, list[tuple[CompiledMatcher, Sequence[Span]]]]]:
    """Each entry's score, and its fired matchers in the Set's order with the blocks where they fired."""
    scores: dict[int, float] = {}
    evidence: dict[int, list[tuple[CompiledMatcher, Sequence[Span]]]] = {}
    for index, blocks in fired.matchers.items():
        matcher = snapshot.matchers[index]
        scores[matcher.entry_index] = scores.get(matcher.entry_index, 0.0) + matcher.spec.weight
        evidence.setdefault(matcher.entry_index, []).append((matcher, blocks))
    return scores, evidence


def _confidence(score: float, top_score: float) -> float:
    """How sure we are, in [0, 1): grows with the evidence, scaled down for runners-up."""
    strength = 1.0 - math.exp(-math.log(2) * score / HALF_CONFIDENCE_SCORE)
    return round(strength * (score / top_score), 2)


def _candidate(
    snapshot: Snapshot,
    entry_index: int,
    *,
    score: float,
    top_score: float,
    evidence: Sequence[tuple[CompiledMatcher, Sequence[Span]]],
    data: bytes,
    line_numbers: LineNumbers,
    has_secret: bool,
) -> Candidate:
    supporting = [(matcher, blocks) for matcher, blocks in evidence if matcher.spec.weight > 0]
    matches = (
        (matcher.on_bytes, found)
        for matcher, blocks in supporting
        if (found := first_match(matcher.on_bytes, data, blocks)) is not None
    )
    entry = snapshot.entries[entry_index]
    return Candidate(
        slug=entry.slug,
        category=entry.category,
        title=entry.title,
        http_code=entry.http_code,
        api_status=entry.api_status,
        confidence=_confidence(score, top_score),
        score=round(score, 2),
        evidence=tuple(dict.fromkeys(m.spec.recognises for m, _ in supporting if m.spec.recognises)),
        lines=excerpt_lines(
            matches, data, line_numbers=line_numbers, has_secret=has_secret, limit=MAX_LINES_PER_CANDIDATE
        ),
    )
