"""The key check as the templates show it: the checklist, and the documented error a failure is."""

from __future__ import annotations

from dataclasses import dataclass

from errors_kb.models import KnownError
from errors_kb.presenters import Fact, fact_rows, percent

from .services import KeyCheckReport

STEP_STATES = {True: ("passed", "Passed"), False: ("failed", "Failed"), None: ("skipped", "Skipped")}


@dataclass(frozen=True)
class StepRow:
    name: str
    state: str  # "passed", "failed" or "skipped": the CSS modifier
    state_label: str
    ms: int
    detail: str


@dataclass(frozen=True)
class KeyCheckView:
    ok: bool
    steps: list[StepRow]
    failed_step: str
    error_text: str
    # The documented error the failure is, with its page; None when it passed or nothing matched.
    error: KnownError | None
    percent: int
    facts: list[Fact]
    advice: tuple[str, ...]
    model_suggestions: tuple[str, ...]


def present_key_check(report: KeyCheckReport, error: KnownError | None) -> KeyCheckView:
    """The checklist and, when a step failed, `error`: the published entry its failure classifies to."""
    result = report.result
    classification = report.classification
    best = classification.best if classification else None
    failed = report.failed_step
    return KeyCheckView(
        ok=result.ok,
        steps=[StepRow(s.name, *STEP_STATES[s.ok], ms=s.ms, detail=s.detail) for s in result.steps],
        failed_step=failed.name if failed else "",
        error_text=result.error_text,
        error=error,
        percent=percent(best.confidence) if best else 0,
        facts=fact_rows(classification.facts) if classification else [],
        advice=result.key_advice,
        model_suggestions=result.model_suggestions,
    )
