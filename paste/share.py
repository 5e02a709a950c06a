"""A link to an answer that stores nothing: the answer's state travels in the URL, signed and compressed.

The token holds what the answer page shows, already redacted by the engine: the entries found with
their confidence, the best one's evidence and lines, the facts, and the version of the knowledge
base that chose them. Django's signing checks it on the way back in (a salt keeps it apart from
every other signed value of the site), and the result is rebuilt as the engine's own dataclasses,
so the shared page goes through the same presenter as the paste page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core import signing

from classifier import Candidate, Classification, EntrySpec, Facts, MatchedLine, redact

SALT = "paste.share"
# A minified JSON body is one long line: cut there, a line keeps the link short enough for every
# browser and proxy (about 2 KB per answer) and still shows the highlighted part in most pastes.
MAX_LINE_CHARS = 600
_FACT_DEFAULTS = {field.name: field.default for field in dataclasses.fields(Facts)}
_DESCRIBED_BY_ENTRY = frozenset(field.name for field in dataclasses.fields(Candidate)) & frozenset(
    field.name for field in dataclasses.fields(EntrySpec)
)


class ShareLinkError(ValueError):
    """A link we cannot show an answer for; the message is written for the person who opened it."""

    status = 400


class DamagedLink(ShareLinkError):
    status = 400


class OutdatedLink(ShareLinkError):
    status = 410


DAMAGED_MESSAGE = (
    "This answer link is damaged: part of it is missing or was changed. Paste the error again to get the answer."
)
OUTDATED_MESSAGE = (
    "This answer link is out of date: the knowledge base no longer has the entries it names. "
    "Paste the error again to get the current answer."
)


@dataclass(frozen=True)
class SharedAnswer:
    classification: Classification
    kb_version: str
    # The knowledge base changed since the answer was made (its entries are still there, as they are now).
    kb_changed: bool


def share_token(result: Classification, *, kb_version: str) -> str:
    """The signed token for an answer. The same answer always gives the same token (no timestamp)."""
    best = result.best
    payload: dict[str, Any] = {
        "v": kb_version,
        "m": [[candidate.slug, round(candidate.confidence, 3)] for candidate in result.matches],
        "f": _changed_facts(result.facts),
    }
    if best is not None:
        payload["e"] = list(best.evidence)
        payload["l"] = [_line_payload(line) for line in best.lines]
    return signing.Signer(salt=SALT).sign_object(payload, compress=True)


def read_share_token(token: str, *, kb_version: str, entries: Sequence[EntrySpec]) -> SharedAnswer:
    """The answer a token holds, its entries described by `entries` (the current KB's).
    Raises DamagedLink for a token we did not sign, OutdatedLink for entries the KB no longer has."""
    try:
        payload = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        raise DamagedLink(DAMAGED_MESSAGE) from None
    try:
        made_with = str(payload["v"])
        matches = [(str(slug), float(confidence)) for slug, confidence in payload["m"]]
        facts = _facts_from(payload["f"])
        evidence = tuple(str(item) for item in payload.get("e", ()))
        lines = tuple(_line_from(line) for line in payload.get("l", ()))
    except (KeyError, TypeError, ValueError):
        # Signed by us, so written by an older version of this code: its shape has moved on.
        raise OutdatedLink(OUTDATED_MESSAGE) from None
    by_slug = {entry.slug: entry for entry in entries}
    if any(slug not in by_slug for slug, _ in matches):
        raise OutdatedLink(OUTDATED_MESSAGE)
    candidates = tuple(
        _candidate(
            by_slug[slug], confidence, evidence=evidence if index == 0 else (), lines=lines if index == 0 else ()
        )
        for index, (slug, confidence) in enumerate(matches)
    )
    return SharedAnswer(
        classification=Classification(matches=candidates, facts=facts),
        kb_version=made_with,
        kb_changed=made_with != kb_version,
    )


def _changed_facts(facts: Facts) -> dict[str, Any]:
    """The facts that differ from an empty Facts: most pastes fill in a few of them."""
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in dataclasses.asdict(facts).items()
        if value != _FACT_DEFAULTS[name]
    }


def _facts_from(found: Mapping[str, Any]) -> Facts:
    # Unknown names raise TypeError (a field renamed since); tuples travel as JSON lists.
    values: dict[str, Any] = {name: tuple(value) if isinstance(value, list) else value for name, value in found.items()}
    return Facts(**values)


def _line_payload(line: MatchedLine) -> list[Any]:
    text = line.text[:MAX_LINE_CHARS]
    spans = [[start, min(end, len(text))] for start, end in line.spans if start < len(text)]
    return [line.number, text, spans]


def _line_from(line: Sequence[Any]) -> MatchedLine:
    number, text, spans = line
    # Redacted by the engine before it was signed; once more on the way out costs nothing.
    return MatchedLine(
        number=int(number), text=redact(str(text)), spans=tuple((int(start), int(end)) for start, end in spans)
    )


def _candidate(
    entry: EntrySpec, confidence: float, *, evidence: tuple[str, ...], lines: tuple[MatchedLine, ...]
) -> Candidate:
    # What a candidate says about its entry (title, status, cause, steps...) is read from the KB, not carried.
    described = {name: getattr(entry, name) for name in _DESCRIBED_BY_ENTRY}
    return Candidate(
        **described,
        specific=not entry.generic,
        confidence=confidence,
        # The raw score is the engine's own and not part of any answer shown: not carried.
        score=0.0,
        evidence=evidence,
        lines=lines,
    )
