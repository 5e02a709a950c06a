"""What goes into the engine (entries, matchers, models) and what comes out (a classification).

What goes in is frozen: a snapshot shares it across threads. What comes out is built anew for
each paste and handed to one caller, so it is not: a frozen dataclass sets each field through
object.__setattr__, which made building the answer cost four times as much.

The results' JSON form and its schema are read from these fields (see schema.py): a field added
here reaches the API and its OpenAPI description without another edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .schema import NOT_IN_JSON, JsonObject, schema_extra

# Below this confidence an answer is a possible match, and looks like one.
POSSIBLE_MATCH_BELOW = 0.5

QuotaPeriod = Literal["minute", "day"]
# Whether retrying the same request can succeed: after a pause ("yes"), only once a quota or cap
# resets ("after-reset"), or not until something is changed ("no").
Retry = Literal["yes", "no", "after-reset"]
RETRY_CHOICES: tuple[Retry, ...] = ("yes", "no", "after-reset")


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
    # A generic entry names a bare status (400 INVALID_ARGUMENT, 403, 500), not a cause: it is the
    # answer only when no specific entry fires.
    generic: bool = False
    retry: Retry = "yes"
    cause: str = ""
    steps: tuple[str, ...] = ()  # the fix's numbered steps, as plain text


@dataclass(frozen=True)
class ModelInfo:
    model_id: str
    status: str  # "current", "preview" or "retired", as the catalogue records it
    shutdown_date: str = ""  # ISO dates: the earliest shutdown our sources give
    shutdown_latest: str = ""  # and the latest, when they disagree
    kind: str = "text"  # what it makes: "text", "image", "live", "embedding", "tts", ...
    # Whether Google's models.list served it when the status probe last looked (None: not checked).
    listed_by_google: bool | None = None


@dataclass(slots=True)
class MatchedLine(JsonObject):
    """A line of the paste that shows the evidence, with the character spans to highlight."""

    number: int = field(metadata=schema_extra(minimum=1))
    text: str = field(metadata=schema_extra(description="The line, with keys and tokens redacted."))
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
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
    cause: str = field(default="", metadata=schema_extra(description="The cause in one sentence."))
    steps: tuple[str, ...] = field(
        default=(), metadata=schema_extra(description="The fix, step by step, as plain text.")
    )
    specific: bool = field(
        default=True,
        metadata=schema_extra(
            description="False for a generic entry: the paste shows the status, not the exact cause; "
            "read the server's message (facts.message)."
        ),
    )
    retry: Retry = field(default="yes", metadata=NOT_IN_JSON)

    @property
    def possible_only(self) -> bool:
        """Too little evidence to call it the answer: shown as a possible match, not a confident one."""
        return self.confidence < POSSIBLE_MATCH_BELOW


@dataclass(slots=True)
class Facts(JsonObject):
    """What the paste says: HTTP code, status, reason, model, SDK, quota, retry delay, finish and
    block reasons. Keys without a value are null.

    `message` is the server's own message, redacted. `sdk` is the client that printed the error and
    `clients` every client the paste names, most specific first. `model_status` is "current" or
    "preview" from the model list; "retired" when its shutdown date has passed and the paste does not
    show the model served; "scheduled" when the list marks it retired but the date is still to come;
    "unconfirmed" when our sources disagree (dates that straddle today, none recorded, or a paste
    that shows the model served); "unknown" for an ID the list lacks. `model_suggestions` are served
    IDs of the same kind close to a model that is not served.
    """

    http_code: int | None = None
    api_status: str | None = None
    message: str | None = None
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
    model_shutdown_latest: str | None = None
    model_served: bool = False
    model_suggestions: tuple[str, ...] = ()


@dataclass(slots=True)
class Classification(JsonObject):
    """The documented errors the paste shows, best first (none when nothing matches), and its facts."""

    matches: tuple[Candidate, ...]
    facts: Facts = field(default_factory=Facts)

    @property
    def best(self) -> Candidate | None:
        return self.matches[0] if self.matches else None
