"""The answer to a paste, as the templates show it: the best entry with its fix, code and the
paste's lines highlighted, the runners-up as links, the facts found."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from classifier import Candidate, Classification, MatchedLine
from errors_kb.models import KnownError
from errors_kb.presenters import CodeTab, Fact, code_tabs, demote_headings, fact_rows, percent, preferred_tab
from status.services import StatusLine, status_line_for

# The lines of the paste ------------------------------------------------------------------------


@dataclass(frozen=True)
class PasteLine:
    number: int
    html: SafeString
    # True when lines of the paste were skipped between the previous shown line and this one.
    gap_before: bool = False


def highlight_spans(text: str, spans: Iterable[tuple[int, int]]) -> SafeString:
    """`text` as HTML with each span wrapped in <mark>. Every piece is escaped, so a paste full of
    <script> stays text; spans that overlap, run backwards or fall outside the text are ignored."""
    pieces: list[str] = []
    position = 0
    for start, end in sorted(spans):
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        pieces.append(escape(text[position:start]))
        pieces.append(format_html("<mark>{}</mark>", text[start:end]))
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # each piece escaped above


def paste_lines(lines: Sequence[MatchedLine]) -> list[PasteLine]:
    """The matched lines (already redacted by the engine), highlighted, with the skips marked."""
    shown: list[PasteLine] = []
    previous: int | None = None
    for line in sorted(lines, key=lambda line: line.number):
        shown.append(
            PasteLine(
                number=line.number,
                html=highlight_spans(line.text, line.spans),
                gap_before=previous is not None and line.number > previous + 1,
            )
        )
        previous = line.number
    return shown


@dataclass(frozen=True)
class OtherMatch:
    error: KnownError
    percent: int
    # Too little evidence to be sure: the badge says "possible match", not a confident one.
    possible_only: bool = False


@dataclass(frozen=True)
class BestMatch:
    error: KnownError
    percent: int
    fix_html: SafeString
    tabs: list[CodeTab]
    lines: list[PasteLine]
    evidence: tuple[str, ...]
    # The code tab to open first: the SDK the paste came from, when we can tell.
    preferred_tab: str = ""
    possible_only: bool = False
    # False for a generic entry: the paste shows the status, not the cause, so the page says so
    # and shows the server's own message, which names the field at fault.
    specific: bool = True
    server_message: str = ""


@dataclass(frozen=True)
class ClassifyResult:
    best: BestMatch | None
    others: list[OtherMatch] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    # For the no-match answer: the codes to browse the error list by.
    browse_codes: list[int] = field(default_factory=list)
    # For a 5xx, 429, 499 or timeout: is it the user or is it Gemini (status/statusline.py).
    status_line: StatusLine | None = None


def present_classification(
    result: Classification, by_slug: Mapping[str, KnownError], *, browse_codes: Sequence[int] = ()
) -> ClassifyResult:
    """The page's answer: the best candidate with its entry's fix and code, the others as links.

    `by_slug` holds the published entries the candidates name. Candidates whose entry is no longer
    published (the snapshot can lag an edit by a request) are skipped rather than shown without a fix."""
    found: list[tuple[Candidate, KnownError]] = [
        (candidate, by_slug[candidate.slug]) for candidate in result.matches if candidate.slug in by_slug
    ]
    if not found:
        return ClassifyResult(best=None, facts=fact_rows(result.facts), browse_codes=list(browse_codes))
    (candidate, error), rest = found[0], found[1:]
    # The generic answer shows the server's message on its own, above the fix.
    facts = fact_rows(result.facts, retry=candidate.retry, message=candidate.specific)
    tabs = code_tabs(error)
    best = BestMatch(
        error=error,
        percent=percent(candidate.confidence),
        fix_html=demote_headings(error.body_html),
        tabs=tabs,
        lines=paste_lines(candidate.lines),
        evidence=candidate.evidence,
        preferred_tab=preferred_tab(result.facts.sdk, tabs),
        possible_only=candidate.possible_only,
        specific=candidate.specific,
        server_message="" if candidate.specific else result.facts.message or "",
    )
    others = [
        OtherMatch(error=other, percent=percent(c.confidence), possible_only=c.possible_only) for c, other in rest
    ]
    status_line = status_line_for(result.facts, category=candidate.category)
    return ClassifyResult(best=best, others=others, facts=facts, status_line=status_line)
