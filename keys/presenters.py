"""The key check as the templates show it: when a step failed, the documented error and its fix
first, then the checklist, then what the SDK raised."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from classifier import Candidate
from errors_kb.models import KnownError
from errors_kb.presenters import Fact, fact_rows, linked_urls, percent

from .services import KeyCheckReport

STEP_STATES = {True: ("passed", "Passed"), False: ("failed", "Failed"), None: ("skipped", "Skipped")}
ONE_TOKEN_STEP = "one_token_call"
MAX_TOKENS_EXPECTED = "MAX_TOKENS is expected here: the check asks the model for a single token."


@dataclass(frozen=True)
class StepRow:
    name: str
    state: str  # "passed", "failed" or "skipped": the CSS modifier
    state_label: str
    ms: int
    detail: SafeString  # escaped, with the web addresses in it as links
    note: str = ""


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
    fix_steps: tuple[SafeString, ...] = ()  # the documented error's fix, its web addresses as links
    possible_only: bool = False
    specific: bool = True


def _step_row(step_id: str, name: str, ok: bool | None, ms: int, detail: str) -> StepRow:
    expected = ok and step_id == ONE_TOKEN_STEP and "MAX_TOKENS" in detail
    return StepRow(
        name, *STEP_STATES[ok], ms=ms, detail=linked_urls(detail), note=MAX_TOKENS_EXPECTED if expected else ""
    )


def present_key_check(report: KeyCheckReport, error: KnownError | None) -> KeyCheckView:
    """The checklist and, when a step failed, `error`: the published entry its failure classifies to."""
    result = report.result
    classification = report.classification
    facts = classification.facts if classification else None
    best: Candidate | None = classification.best if classification else None
    failed = report.failed_step
    return KeyCheckView(
        ok=result.ok,
        steps=[_step_row(s.id, s.name, s.ok, s.ms, s.detail) for s in result.steps],
        failed_step=failed.name if failed else "",
        error_text=result.error_text,
        error=error,
        percent=percent(best.confidence) if best else 0,
        facts=fact_rows(facts, retry=best.retry if best else "yes") if facts else [],
        advice=result.key_advice,
        model_suggestions=result.model_suggestions,
        fix_steps=tuple(linked_urls(step) for step in best.steps) if best and error else (),
        possible_only=best.possible_only if best else False,
        specific=best.specific if best else True,
    )
