"""Draft a knowledge-base entry from a group of shared pastes: unpublished, the group's pastes as its
examples, and matchers suggested from the group's stable tokens (reason, message shape, status),
each kept only if RE2 takes it and it fires on every paste of the group. The editor rewrites the
placeholders, checks the matchers in the entry's "try the matchers" box, then publishes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from classifier import MatcherSpec, try_matchers, validate_pattern
from errors_kb.models import ExamplePaste, KnownError, Matcher

from .fingerprint import PLACEHOLDER
from .models import Group

DEFAULT_CATEGORY = "invalid_argument"
CAUSE_PLACEHOLDER = "TODO: rewrite this: the cause in one sentence, ending with a full stop."
BODY_PLACEHOLDER = "## Fix\n\n1. TODO: rewrite this: the fix, step by step.\n"
MAX_EXAMPLES = 10
# Between two pieces of the message's own words: what a placeholder stood for, on the same line.
_GAP = r"[^\n]*?"


@dataclass(frozen=True)
class SuggestedMatcher:
    spec: MatcherSpec
    sample: str  # a line of the group's pastes that it matches


def _words(text: str) -> str:
    """`text` as a pattern that matches it literally, with any run of spaces where it has one."""
    return r"\s+".join(re.escape(word) for word in text.split())


def candidate_patterns(group: Group) -> list[tuple[MatcherSpec, ...]]:
    """Patterns from the group's stable tokens, one tuple per token with its alternatives, the most
    precise first (the first that fires on every paste is kept). Weights as docs/CONTENT.md says."""
    found: list[tuple[MatcherSpec, ...]] = []
    if group.reason:
        found.append((MatcherSpec(rf"\b{re.escape(group.reason)}\b", 6, f"the reason {group.reason}"),))
    pieces = [piece.strip(" .,;:") for piece in PLACEHOLDER.split(group.message_shape)]
    pieces = [piece for piece in pieces if len(piece) >= 3]
    if pieces:
        whole = MatcherSpec(_GAP.join(_words(piece) for piece in pieces), 5, f"the message: {group.message_shape}")
        longest = max(pieces, key=len)
        found.append((whole, MatcherSpec(_words(longest), 4, f"the message's words: {longest}")))
    if group.api_status and group.http_code:
        status = rf"\b{group.http_code}\b{_GAP}\b{group.api_status}\b"
        found.append((MatcherSpec(status, 1, f"{group.http_code} {group.api_status}"),))
    elif group.api_status:
        found.append((MatcherSpec(rf"\b{group.api_status}\b", 1, f"the status {group.api_status}"),))
    return found


def suggested_matchers(group: Group, texts: Sequence[str]) -> list[SuggestedMatcher]:
    """For each stable token, the first of its patterns that RE2 takes and that fires on every one
    of `texts`, with the first line it shows as its sample."""
    if not texts:
        return []
    tokens = [[spec for spec in token if validate_pattern(spec.pattern) is None] for token in candidate_patterns(group)]
    specs = [spec for token in tokens for spec in token]
    trials = [try_matchers(specs, text) for text in texts]
    samples = {
        spec: trials[0][index].lines[0].text
        for index, spec in enumerate(specs)
        if all(trial[index].fired for trial in trials)
    }
    kept = (next((spec for spec in token if spec in samples), None) for token in tokens)
    return [SuggestedMatcher(spec, samples[spec]) for spec in kept if spec is not None]


def guess_category(group: Group) -> str:
    """The category most entries with the group's status have, else with its HTTP code, else the default."""
    for field, value in (("api_status", group.api_status), ("http_code", group.http_code)):
        if value:
            entries = KnownError.objects.filter(**{field: value})
            top = entries.values("category").annotate(n=Count("pk")).order_by("-n", "category").first()
            if top:
                return str(top["category"])
    return DEFAULT_CATEGORY


def draft_slug(group: Group) -> str:
    token = slugify((group.reason or group.api_status or "error").replace("_", "-"))[:60]
    base = f"draft-{token}-{group.fingerprint[:8]}"
    slug, number = base, 1
    while KnownError.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def draft_title(group: Group) -> str:
    status = " ".join(part for part in (str(group.http_code or ""), group.api_status or group.reason) if part)
    return f"Draft: {status}: {group.message_shape}"[:200] if status else f"Draft: {group.message_shape}"[:200]


def draft_entry(group: Group, *, today: dt.date | None = None) -> KnownError:
    """The group's draft entry: the one made before, if it is still there, else a new unpublished one."""
    if group.draft is not None:
        return group.draft
    texts = list(dict.fromkeys(group.pastes.order_by("-shared_at").values_list("text", flat=True)))[:MAX_EXAMPLES]
    with transaction.atomic():
        entry = KnownError.objects.create(
            slug=draft_slug(group),
            title=draft_title(group),
            category=guess_category(group),
            http_code=group.http_code,
            api_status=group.api_status,
            cause=CAUSE_PLACEHOLDER,
            body=BODY_PLACEHOLDER,
            published=False,
            last_reviewed=today or dt.date.today(),
        )
        # With history, as kb_sync makes them: the editor's first change can be reverted to the draft.
        matchers = [
            Matcher(
                error=entry,
                position=position,
                pattern=suggested.spec.pattern,
                weight=suggested.spec.weight,
                recognises=suggested.spec.recognises[:300],
                samples=[suggested.sample],
            )
            for position, suggested in enumerate(suggested_matchers(group, texts))
        ]
        bulk_create_with_history(matchers, Matcher)
        examples = [ExamplePaste(error=entry, position=position, text=text) for position, text in enumerate(texts)]
        bulk_create_with_history(examples, ExamplePaste)
        group.draft = entry
        group.save(update_fields=["draft"])
    return entry
