"""A knowledge base compiled for matching: every pattern checked, then all of them in one RE2 Set.

The caller builds a `Snapshot` once per knowledge-base version and shares it across threads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import re2

from .facts import FACT_PATTERNS, GEMINI_CONTEXT, SDK_MARKERS, CompiledFact
from .patterns import RE2_OPTIONS, BytesPattern
from .redaction import ANY_SECRET_PATTERN
from .types import EntrySpec, MatcherSpec, ModelInfo


class InvalidPattern(ValueError):
    """A matcher's pattern is not valid RE2."""


@dataclass(frozen=True)
class CompiledMatcher:
    entry_index: int
    spec: MatcherSpec
    on_bytes: BytesPattern


@dataclass(frozen=True)
class SetLayout:
    """Which of the Set's pattern indices stand for what: one section after another, in this order."""

    matchers: range
    facts: range
    sdk_markers: range
    gemini_context: int
    secret: int

    @classmethod
    def of_sizes(cls, *, matchers: int, facts: int, sdk_markers: int) -> SetLayout:
        facts_start = matchers
        sdk_start = facts_start + facts
        context = sdk_start + sdk_markers
        return cls(
            matchers=range(0, matchers),
            facts=range(facts_start, sdk_start),
            sdk_markers=range(sdk_start, context),
            gemini_context=context,
            secret=context + 1,
        )


@dataclass(frozen=True)
class Snapshot:
    """A knowledge base compiled for matching. Immutable once built; share it across threads."""

    version: str
    entries: tuple[EntrySpec, ...]
    models: Mapping[str, ModelInfo]
    matchers: tuple[CompiledMatcher, ...] = field(repr=False)
    facts: tuple[CompiledFact, ...] = field(repr=False)
    sdk_labels: tuple[str, ...] = field(repr=False)
    layout: SetLayout = field(repr=False)
    pattern_set: Any = field(repr=False)  # re2.Set: google-re2 ships no types

    @property
    def matcher_count(self) -> int:
        return len(self.matchers)


def validate_pattern(pattern: str) -> str | None:
    """Return RE2's complaint about `pattern`, or None when it compiles."""
    try:
        compiled = re2.compile(pattern, RE2_OPTIONS)
    except re2.error as error:
        reason = error.args[0] if error.args else ""
        return (reason.decode(errors="replace") if isinstance(reason, bytes) else str(reason)) or "not valid RE2"
    if compiled.search("") is not None:
        return "the pattern matches the empty string, so it would fire on every paste"
    return None


def _compile(pattern: str, *, owner: str) -> BytesPattern:
    problem = validate_pattern(pattern)
    if problem:
        raise InvalidPattern(f"{owner}: {pattern!r}: {problem}")
    return BytesPattern(pattern)


def compile_snapshot(
    entries: Iterable[EntrySpec],
    *,
    version: str,
    models: Iterable[ModelInfo] = (),
) -> Snapshot:
    """Compile every matcher and fact pattern into one RE2 Set. Raises InvalidPattern."""
    entries = tuple(entries)
    matchers = tuple(
        CompiledMatcher(entry_index, spec, _compile(spec.pattern, owner=entry.slug))
        for entry_index, entry in enumerate(entries)
        for spec in entry.matchers
    )
    facts = tuple(CompiledFact(fact.name, _compile(fact.pattern, owner=fact.name)) for fact in FACT_PATTERNS)
    for label, pattern in [*SDK_MARKERS, ("gemini context", GEMINI_CONTEXT)]:
        _compile(pattern, owner=label)  # only the Set uses them; this reports a bad one by name

    layout = SetLayout.of_sizes(matchers=len(matchers), facts=len(facts), sdk_markers=len(SDK_MARKERS))
    pattern_set = re2.Set.SearchSet(RE2_OPTIONS)
    # Added in the layout's order: the Set numbers its patterns as they come.
    for pattern in (
        [matcher.spec.pattern for matcher in matchers]
        + [fact.pattern for fact in FACT_PATTERNS]
        + [pattern for _, pattern in SDK_MARKERS]
        + [GEMINI_CONTEXT, ANY_SECRET_PATTERN]
    ):
        pattern_set.Add(pattern.encode())
    pattern_set.Compile()
    return Snapshot(
        version=version,
        entries=entries,
        models={model.model_id: model for model in models},
        matchers=matchers,
        facts=facts,
        sdk_labels=tuple(label for label, _ in SDK_MARKERS),
        layout=layout,
        pattern_set=pattern_set,
    )
