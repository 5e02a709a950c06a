"""The classifier engine: which documented Gemini API error does a paste show?

Plain Python with no Django import. The caller builds a `Snapshot` once per knowledge-base version
with `compile_snapshot` and then calls `classify(snapshot, text)` for each paste.

How a paste is read:
1. One pass of an RE2 Set over the UTF-8 bytes tells which matchers and fact patterns fire, and
   whether the paste holds any secret. RE2 runs in time linear in the paste, so no input can make
   it backtrack.
2. Only the patterns that fired are searched again, for the lines to show and the facts' values.
3. Each entry scores the sum of its fired matchers' weights. Matchers for specific evidence (an
   ErrorInfo reason, a quotaId, an exception class) carry more weight than generic ones (a bare
   429), so the specific entry wins. Negative weights mark counter-evidence.
"""

from __future__ import annotations

import bisect
import difflib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import re2

from .facts import (
    BLOCK_REASONS,
    FACT_PATTERNS,
    FINISH_REASONS,
    SDK_MARKERS,
    normalise_reason,
    quota_period,
)
from .patterns import RE2_OPTIONS as _RE2_OPTIONS
from .patterns import BytesPattern
from .redaction import ANY_SECRET_PATTERN, redact, secret_spans

# An entry needs at least this score to be reported at all.
MIN_SCORE = 1.0
# Score at which an entry's confidence reaches one half; see `_confidence`.
HALF_CONFIDENCE_SCORE = 2.5
MAX_CANDIDATES = 5
MAX_LINES_PER_CANDIDATE = 6
# Lines longer than this (a traceback flattened onto one line) are cut around the match.
LINE_WINDOW = 240
# The longest secret redaction must see whole: a private key pasted as one JSON line is 2 to 7 KB.
MAX_SECRET_BYTES = 8 * 1024
# The Set scans the paste in blocks of about this size, so that the follow-up searches for values
# and spans run only in the blocks where their pattern fired, not from the top of a 1 MB log.
BLOCK_SIZE = 64 * 1024
# Blocks overlap by this much so that neither evidence spread over a few lines nor a secret is ever
# cut in two: the Set, which reads each block apart, would miss a secret that no block holds whole.
BLOCK_OVERLAP = MAX_SECRET_BYTES

# Services whose errors this knowledge base documents. An error naming only other Google APIs
# (Translate, Speech, Natural Language, ...) is not a Gemini error, whatever its status says.
# Hosts that appear in every Google error or credential (type URLs, OAuth scopes and tokens):
# they say nothing about which API failed.
INFRASTRUCTURE_HOSTS = frozenset(
    {"type.googleapis.com", "www.googleapis.com", "oauth2.googleapis.com", "accounts.googleapis.com"}
)
# Words that tie a paste to Gemini (cloudaicompanion is Gemini Code Assist, which Gemini CLI calls).
_GEMINI_CONTEXT = (
    r"(?i)gemini|generativelanguage|generativeai|google\.genai|google/genai|aiplatform|cloudaicompanion"
    r"|vertex[ _]?ai|\bgenai\b"
)


class InvalidPattern(ValueError):
    """A matcher's pattern is not valid RE2."""


@dataclass(frozen=True)
class MatcherSpec:
    pattern: str
    weight: float
    recognises: str = ""


@dataclass(frozen=True)
class EntrySpec:
    slug: str
    category: str
    title: str
    http_code: int | None = None
    api_status: str = ""
    matchers: tuple[MatcherSpec, ...] = ()


@dataclass(frozen=True)
class ModelInfo:
    model_id: str
    status: str  # "current", "preview" or "retired"
    shutdown_date: str = ""


@dataclass(frozen=True)
class MatchedLine:
    number: int
    text: str
    spans: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "text": self.text, "spans": [list(span) for span in self.spans]}


@dataclass(frozen=True)
class Candidate:
    slug: str
    category: str
    title: str
    http_code: int | None
    api_status: str
    confidence: float
    score: float
    evidence: tuple[str, ...]
    lines: tuple[MatchedLine, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "category": self.category,
            "title": self.title,
            "http_code": self.http_code,
            "api_status": self.api_status,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
            "lines": [line.to_dict() for line in self.lines],
        }


@dataclass(frozen=True)
class Classification:
    matches: tuple[Candidate, ...]
    facts: Mapping[str, Any]

    @property
    def best(self) -> Candidate | None:
        return self.matches[0] if self.matches else None

    def to_dict(self) -> dict[str, Any]:
        return {"matches": [match.to_dict() for match in self.matches], "facts": dict(self.facts)}


@dataclass(frozen=True)
class _CompiledMatcher:
    entry_index: int
    spec: MatcherSpec
    on_bytes: BytesPattern


@dataclass
class Snapshot:
    """A knowledge base compiled for matching. Immutable once built; share it across threads."""

    version: str
    entries: tuple[EntrySpec, ...]
    models: Mapping[str, ModelInfo]
    _matchers: tuple[_CompiledMatcher, ...] = field(repr=False)
    _facts: tuple[tuple[str, BytesPattern], ...] = field(repr=False)
    _sdk_labels: tuple[str, ...] = field(repr=False)
    _set: Any = field(repr=False)

    @property
    def matcher_count(self) -> int:
        return len(self._matchers)


def validate_pattern(pattern: str) -> str | None:
    """Return RE2's complaint about `pattern`, or None when it compiles."""
    try:
        compiled = re2.compile(pattern, _RE2_OPTIONS)
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
    matchers: list[_CompiledMatcher] = []
    for entry_index, entry in enumerate(entries):
        for spec in entry.matchers:
            matchers.append(_CompiledMatcher(entry_index, spec, _compile(spec.pattern, owner=entry.slug)))
    facts = tuple((fact.name, _compile(fact.pattern, owner=fact.name)) for fact in FACT_PATTERNS)
    for label, pattern in [*SDK_MARKERS, ("gemini context", _GEMINI_CONTEXT)]:
        _compile(pattern, owner=label)  # only the Set uses them; this reports a bad one by name

    # The order fixes what each index `classify` gets back from the Set stands for.
    pattern_set = re2.Set.SearchSet(_RE2_OPTIONS)
    for pattern in (
        [m.spec.pattern for m in matchers]
        + [fact.pattern for fact in FACT_PATTERNS]
        + [pattern for _, pattern in SDK_MARKERS]
        + [_GEMINI_CONTEXT, ANY_SECRET_PATTERN]
    ):
        pattern_set.Add(pattern.encode())
    pattern_set.Compile()
    return Snapshot(
        version=version,
        entries=entries,
        models={model.model_id: model for model in models},
        _matchers=tuple(matchers),
        _facts=facts,
        _sdk_labels=tuple(label for label, _ in SDK_MARKERS),
        _set=pattern_set,
    )


def classify(snapshot: Snapshot, text: str, *, max_candidates: int = MAX_CANDIDATES) -> Classification:
    """Rank the documented errors that `text` shows, best first, and extract its facts."""
    data = text.encode("utf-8", "surrogatepass")
    blocks_by_pattern = _scan(snapshot, data) if text and not text.isspace() else {}
    # Split what fired by the Set's layout (see compile_snapshot): matchers, facts, SDK markers.
    fired = sorted(blocks_by_pattern)
    matcher_count = len(snapshot._matchers)
    sdk_offset = matcher_count + len(snapshot._facts)
    context_index = sdk_offset + len(snapshot._sdk_labels)
    facts_from = bisect.bisect_left(fired, matcher_count)
    sdks_from = bisect.bisect_left(fired, sdk_offset, facts_from)
    sdks_to = bisect.bisect_left(fired, context_index, sdks_from)
    fired_matchers = fired[:facts_from]
    fired_facts = [index - matcher_count for index in fired[facts_from:sdks_from]]
    fired_sdks = [snapshot._sdk_labels[index - sdk_offset] for index in fired[sdks_from:sdks_to]]
    has_gemini_context = context_index in blocks_by_pattern
    # Without a secret anywhere in the paste, no line or value taken from it can hold one.
    has_secret = context_index + 1 in blocks_by_pattern

    facts = _extract_facts(snapshot, data, fired_facts, fired_sdks, blocks_by_pattern, matcher_count, has_secret)
    if not has_gemini_context and facts["service"]:
        # Another Google API's error (Translate, Speech, ...): it looks like ours but isn't.
        return Classification(matches=(), facts=facts)

    scores: dict[int, float] = {}
    evidence: dict[int, list[tuple[int, _CompiledMatcher]]] = {}
    for index in fired_matchers:
        matcher = snapshot._matchers[index]
        scores[matcher.entry_index] = scores.get(matcher.entry_index, 0.0) + matcher.spec.weight
        evidence.setdefault(matcher.entry_index, []).append((index, matcher))

    ranked = sorted(
        (entry_index for entry_index, score in scores.items() if score >= MIN_SCORE),
        key=lambda entry_index: (-scores[entry_index], snapshot.entries[entry_index].slug),
    )[:max_candidates]
    if not ranked:
        return Classification(matches=(), facts=facts)
    top_score = scores[ranked[0]]
    line_numbers = _LineNumbers(data)
    candidates = tuple(
        _candidate(
            snapshot.entries[entry_index],
            score=scores[entry_index],
            top_score=top_score,
            matchers=evidence[entry_index],
            data=data,
            blocks_by_pattern=blocks_by_pattern,
            line_numbers=line_numbers,
            has_secret=has_secret,
        )
        for entry_index in ranked
    )
    return Classification(matches=candidates, facts=facts)


def _confidence(score: float, top_score: float) -> float:
    """How sure we are, in [0, 1): grows with the evidence, scaled down for runners-up."""
    strength = 1.0 - math.exp(-math.log(2) * score / HALF_CONFIDENCE_SCORE)
    return round(strength * (score / top_score), 2)


def _candidate(
    entry: EntrySpec,
    *,
    score: float,
    top_score: float,
    matchers: list[tuple[int, _CompiledMatcher]],
    data: bytes,
    blocks_by_pattern: Mapping[int, Sequence[tuple[int, int]]],
    line_numbers: _LineNumbers,
    has_secret: bool,
) -> Candidate:
    # Line number -> the stretch of the paste shown for it, and what to highlight there.
    lines: dict[int, _ShownLine] = {}
    for index, matcher in matchers:
        if matcher.spec.weight <= 0:
            continue
        found = _first_match(matcher.on_bytes, data, blocks_by_pattern[index])
        if found is None:
            continue
        start, end = found
        number = line_numbers.at(start)
        shown = lines.get(number)
        if shown is None:
            shown = lines[number] = _ShownLine(*_line_bounds(data, start, has_secret=has_secret))
        shown.add(matcher.on_bytes, start, end)
    return Candidate(
        slug=entry.slug,
        category=entry.category,
        title=entry.title,
        http_code=entry.http_code,
        api_status=entry.api_status,
        confidence=_confidence(score, top_score),
        score=round(score, 2),
        evidence=tuple(
            dict.fromkeys(m.spec.recognises for _, m in matchers if m.spec.weight > 0 and m.spec.recognises)
        ),
        lines=tuple(
            shown.matched_line(number, data, has_secret=has_secret)
            for number, shown in sorted(lines.items())[:MAX_LINES_PER_CANDIDATE]
        ),
    )


def _scan(snapshot: Snapshot, data: bytes) -> Mapping[int, Sequence[tuple[int, int]]]:
    """The one pass: which Set patterns fire, and in which blocks of the paste."""
    blocks = _blocks(data)
    if len(blocks) == 1:  # most pastes: whatever fired, fired in the one block
        return dict.fromkeys(snapshot._set.Match(data) or (), tuple(blocks))
    blocks_by_pattern: dict[int, list[tuple[int, int]]] = {}
    view = memoryview(data)  # blocks without copying the paste
    for block in blocks:
        for index in snapshot._set.Match(view[block[0] : block[1]]) or ():
            blocks_by_pattern.setdefault(index, []).append(block)
    return blocks_by_pattern


def _blocks(data: bytes) -> list[tuple[int, int]]:
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


def _first_match(pattern: BytesPattern, data: bytes, blocks: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """Where `pattern` first matches in the blocks where the Set saw it fire."""
    for block_start, block_end in blocks:
        spans = pattern.search(data, block_start, block_end)
        if spans is not None:
            return spans[0]
    return None


class _LineNumbers:
    """Line numbers for byte offsets, counting each stretch of the paste at most once."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._known: list[tuple[int, int]] = [(0, 1)]  # (offset, line number there), sorted

    def at(self, offset: int) -> int:
        position = bisect.bisect_right(self._known, (offset, float("inf"))) - 1
        known_offset, number = self._known[position]
        number += self._data.count(b"\n", known_offset, offset)
        self._known.insert(position + 1, (offset, number))
        return number


def _line_bounds(data: bytes, offset: int, *, has_secret: bool) -> tuple[int, int]:
    """The line holding `offset`, or a window of it around `offset` when the line is very long."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line_end = data.find(b"\n", offset)
    if line_end == -1:
        line_end = len(data)
    if line_end - line_start > LINE_WINDOW * 2:
        # A very long line: keep a window around the match so the context stays readable.
        window_start = max(line_start, offset - LINE_WINDOW // 2)
        window_end = min(line_end, offset + LINE_WINDOW)
        if has_secret:
            # A secret cut in two loses the part redaction knows it by: widen over it instead.
            nearby = (max(line_start, window_start - MAX_SECRET_BYTES), min(line_end, window_end + MAX_SECRET_BYTES))
            for secret_start, secret_end in secret_spans(data, *nearby):
                if secret_start >= window_end:
                    break
                if secret_end > window_start:
                    window_start = min(window_start, secret_start)
                    window_end = max(window_end, secret_end)
        line_start, line_end = window_start, window_end
    return line_start, line_end


class _ShownLine:
    """A line (or window) of the paste being shown, and the evidence found in it."""

    __slots__ = ("start", "end", "patterns", "spans")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end
        self.patterns: list[BytesPattern] = []
        self.spans: list[tuple[int, int]] = []  # byte offsets in the paste

    def add(self, pattern: BytesPattern, start: int, end: int) -> None:
        self.patterns.append(pattern)
        if start < self.end and end > self.start and end > start:
            self.spans.append((max(start, self.start), min(end, self.end)))

    def matched_line(self, number: int, data: bytes, *, has_secret: bool) -> MatchedLine:
        line = data[self.start : self.end]
        text = line.decode("utf-8", "replace").rstrip("\r")
        if has_secret:
            # Redaction moves the text, so the offsets found in the paste no longer hold:
            # find the evidence again in what is shown.
            text = redact(text)
            spans = _search_spans(text, self.patterns)
        else:
            spans = [(start - self.start, end - self.start) for start, end in self.spans]
            if not text.isascii():
                spans = _character_spans(line, spans)
            spans = [(start, min(end, len(text))) for start, end in spans if start < len(text)]
        return MatchedLine(number=number, text=text, spans=tuple(_merge_spans(spans)))


def _search_spans(text: str, patterns: list[BytesPattern]) -> list[tuple[int, int]]:
    """Character spans of every match of `patterns` in `text`."""
    encoded = text.encode("utf-8", "surrogatepass")
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        position = 0
        while position < len(encoded) and (found := pattern.search(encoded, position, len(encoded))):
            start, end = found[0]
            if end > start:
                spans.append((start, end))
            position = max(end, start + 1)
    return spans if text.isascii() else _character_spans(encoded, spans)


def _character_spans(encoded: bytes, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Byte offsets in UTF-8 `encoded` as offsets in its decoded text."""
    return [
        (len(encoded[:start].decode("utf-8", "replace")), len(encoded[:end].decode("utf-8", "replace")))
        for start, end in spans
    ]


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _extract_facts(
    snapshot: Snapshot,
    data: bytes,
    fired_facts: list[int],
    fired_sdks: list[str],
    blocks_by_pattern: Mapping[int, Sequence[tuple[int, int]]],
    matcher_count: int,
    has_secret: bool,
) -> dict[str, Any]:
    raw: dict[str, str] = {}
    for index in fired_facts:  # in order: the first pattern of a fact that yields a value wins
        name, pattern = snapshot._facts[index]
        if name in raw or (name == "other_service" and "service" in raw):
            continue
        for block_start, block_end in blocks_by_pattern[matcher_count + index]:
            if name == "other_service":
                value = _first_service(pattern, data, block_start, block_end)
            else:
                value = pattern.group_text(data, block_start, block_end)
            if value is not None:
                raw[name] = redact(value) if has_secret else value
                break

    model = raw.get("model")
    quota_id = raw.get("quota_id")
    quota_metric = raw.get("quota_metric")
    retry_delay = raw.get("retry_delay")
    facts: dict[str, Any] = {
        "http_code": int(raw["http_code"]) if "http_code" in raw else None,
        "api_status": raw.get("api_status"),
        "reason": raw.get("reason"),
        "service": raw.get("service") or raw.get("other_service"),
        "api_version": raw.get("api_version"),
        "model": model,
        "sdk": fired_sdks[0] if fired_sdks else None,
        "clients": fired_sdks,
        "quota_metric": quota_metric,
        "quota_id": quota_id,
        "quota_period": quota_period(quota_id, quota_metric),
        "quota_value": int(raw["quota_value"]) if "quota_value" in raw else None,
        "retry_delay_seconds": float(retry_delay) if retry_delay else None,
        "finish_reason": normalise_reason(raw["finish_reason"], FINISH_REASONS) if "finish_reason" in raw else None,
        "block_reason": normalise_reason(raw["block_reason"], BLOCK_REASONS) if "block_reason" in raw else None,
    }
    facts.update(_model_facts(snapshot, model))
    return facts


def _first_service(pattern: BytesPattern, data: bytes, start: int, end: int) -> str | None:
    """The first googleapis.com service a block names, passing over infrastructure hosts."""
    while start < end:
        spans = pattern.search(data, start, end)
        if spans is None:
            return None
        service = data[spans[1][0] : spans[1][1]].decode()
        if service not in INFRASTRUCTURE_HOSTS:
            return service
        start = max(spans[0][1], spans[0][0] + 1)
    return None


def _model_facts(snapshot: Snapshot, model: str | None) -> dict[str, Any]:
    """Whether the model named in the paste is one we know, and the closest known IDs if not."""
    if not model or not snapshot.models:
        return {"model_status": None, "model_shutdown_date": None, "model_suggestions": []}
    info = snapshot.models.get(model)
    if info is not None:
        return {
            "model_status": info.status,
            "model_shutdown_date": info.shutdown_date or None,
            "model_suggestions": [] if info.status != "retired" else suggest_models(snapshot, model),
        }
    return {
        "model_status": "unknown",
        "model_shutdown_date": None,
        "model_suggestions": suggest_models(snapshot, model),
    }


def suggest_models(snapshot: Snapshot, model: str, *, limit: int = 3) -> list[str]:
    """The closest model IDs that are still served: the "did you mean" for a model name."""
    served = [model_id for model_id, info in snapshot.models.items() if info.status != "retired"]
    return closest_model_ids(model, served, limit=limit)


def closest_model_ids(model: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    name = model.removeprefix("models/")
    return difflib.get_close_matches(name, list(candidates), n=limit, cutoff=0.5)


@dataclass(frozen=True)
class MatcherTrial:
    matcher: MatcherSpec
    lines: tuple[MatchedLine, ...]

    @property
    def fired(self) -> bool:
        return bool(self.lines)


def try_matchers(matchers: Iterable[MatcherSpec], text: str) -> list[MatcherTrial]:
    """Run each matcher on its own against `text`: what an editor sees in the admin's "try it" box.

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
