"""What goes into the engine (entries, matchers, models) and what comes out (a classification).

The results' JSON form and its schema are read from these fields (see schema.py): a field added
here reaches the API and its OpenAPI description without another edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .schema import NOT_IN_JSON, JsonObject, schema_extra

QuotaPeriod = Literal["minute", "day"]


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
class MatchedLine(JsonObject):
    """A line of the paste that shows the evidence, with the character spans to highlight."""

    number: int = field(metadata=schema_extra(minimum=1))
    text: str = field(metadata=schema_extra(description="The line, with keys and tokens redacted."))
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Candidate(JsonObject):
    """A documented error the paste may show, with how sure the engine is and why."""

    slug: str = field(metadata=schema_extra(description="The error's page is /errors/<slug>/."))
    category: str
    title: str
    http_code: int | None
    api_status: str
    confidence: float = field(metadata=schema_extra(minimum=0, maximum=1))
    score: float = field(metadata=NOT_IN_JSON)
    evidence: tuple[str, ...]
    lines: tuple[MatchedLine, ...]


@dataclass(frozen=True)
class Facts(JsonObject):
    """What the paste says: HTTP code, status, reason, model, SDK, quota, retry delay, finish and
    block reasons. Keys without a value are null.

    `sdk` is the client that printed the error and `clients` every client the paste names, most
    specific first. `model_status` is "current", "preview" or "retired" from the model list, or
    "unknown" for an ID it lacks; `model_suggestions` are served IDs close to a retired or unknown model.
    """

    http_code: int | None = None
    api_status: str | None = None
    reason: str | None = None
    service: str | None = None
    api_version: str | None = None
    model: str | None = None
    sdk: str | None = None
    clients: tuple[str, ...] = ()
    quota_metric: str | None = None
    quota_id: str | None = None
    quota_period: QuotaPeriod | None = None
    quota_value: int | None = None
    retry_delay_seconds: float | None = None
    finish_reason: str | None = None
    block_reason: str | None = None
    model_status: str | None = None
    model_shutdown_date: str | None = None
    model_suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Classification(JsonObject):
    """The documented errors the paste shows, best first (none when nothing matches), and its facts."""

    matches: tuple[Candidate, ...]
    facts: Facts = field(default_factory=Facts)

    @property
    def best(self) -> Candidate | None:
        return self.matches[0] if self.matches else None
