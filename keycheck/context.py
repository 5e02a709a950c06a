"""What a step is, what it is given, and what it hands to the steps after it.

A step is one `Step` object: a stable id, the label people read, and its rule. A rule gets a
`StepContext` and returns `Passed` with the findings so far, or raises `StepFailed`; it keeps no
state of its own, so the steps after it see only what the `Findings` say.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from classifier import closest_model_ids

from .budget import Deadline, ModelPaging
from .failures import describe_failure
from .session import ListedModel, ModelPage, Session


@dataclass(frozen=True)
class Target:
    """What the check was asked: which model, where, and how long one call may take."""

    model_id: str
    base_url: str
    call_timeout: float
    paging: ModelPaging = field(default_factory=ModelPaging)


@dataclass(frozen=True)
class Findings:
    """What the steps found so far, handed from each step to the next."""

    first_page: ModelPage | None = None
    models: tuple[ListedModel, ...] = ()  # every model listed, once all pages were read
    reachable_models: tuple[str, ...] = ()
    model_suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepContext:
    """What a rule is given: the session, the target, the time left, and what the steps before it found."""

    session: Session
    target: Target
    deadline: Deadline
    findings: Findings

    def call_timeout(self) -> float:
        """How long the next call may take. Raises BudgetSpent when the check is out of time."""
        return self.deadline.call_timeout(self.target.call_timeout)

    def describe(self, exc: BaseException) -> str:
        failure = self.session.api_failure(exc)
        return describe_failure(exc, failure, timeout=self.target.call_timeout, base_url=self.target.base_url)

    def with_suggestions(self) -> Findings:
        """The findings, plus the reachable model IDs closest to the one asked for."""
        generating = [m.model_id for m in self.findings.models if m.generates_content]
        candidates = generating or [m.model_id for m in self.findings.models]
        return replace(self.findings, model_suggestions=tuple(closest_model_ids(self.target.model_id, candidates)))


@dataclass(frozen=True)
class Passed:
    detail: str
    findings: Findings


class StepFailed(Exception):
    def __init__(self, detail: str, error_text: str = "", findings: Findings | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.error_text = error_text
        self.findings = findings


@dataclass(frozen=True)
class Step:
    id: str
    label: str  # shown on the page and sent as the step's JSON "name"
    rule: Callable[[StepContext], Passed]
    streaming: bool = False  # runs only when a streaming call was asked for
