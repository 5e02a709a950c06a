"""Check a Gemini API key the way the user's own SDK would use it, one step at a time.

The steps run in order and stop at the first failure; the steps after it are reported as skipped.
Each call goes through the real SDK (or the session `session_factory` makes), so `error_text` is the
text the user's own code would raise. Each check opens its own session, so two checks running at
once cannot use each other's key. The key is never echoed: every returned string is scrubbed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from .budget import Budget, BudgetSpent, Deadline, ModelPaging
from .context import Findings, Step, StepContext, StepFailed, Target
from .failures import describe_failure, exception_text
from .prepare import prepare_key
from .scrub import Scrubber
from .session import Session, SessionFactory, open_sdk_session
from .steps import STEPS
from .types import (
    DEFAULT_MODEL,
    DEFAULT_TIMEOUT_SECONDS,
    GOOGLE_BASE_URL,
    SDK_GOOGLE_GENAI,
    SUPPORTED_SDKS,
    KeyCheckResult,
    KeyCheckStep,
)
from .watchdog import StepLog, run_within

logger = logging.getLogger(__name__)

DEFAULT_BUDGET = Budget()
DEFAULT_PAGING = ModelPaging()


def check_api_key(
    *,
    api_key: str,
    sdk: str = SDK_GOOGLE_GENAI,
    model: str = DEFAULT_MODEL,
    stream: bool = False,
    base_url: str = GOOGLE_BASE_URL,
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    budget: Budget = DEFAULT_BUDGET,
    paging: ModelPaging = DEFAULT_PAGING,
    session_factory: SessionFactory = open_sdk_session,
) -> KeyCheckResult:
    """Run the steps through `sdk` against `base_url`; `timeout_seconds` bounds each call, `budget` all."""
    if sdk not in SUPPORTED_SDKS:
        raise ValueError(f"Unsupported SDK {sdk!r}; expected one of {', '.join(SUPPORTED_SDKS)}.")
    steps = [step for step in STEPS if stream or not step.streaming]
    prepared = prepare_key(api_key)
    scrub = Scrubber((prepared.key, (api_key or "").strip()))
    if prepared.refusal:
        not_run = tuple(KeyCheckStep(s.id, s.label, None, 0, "Not run: the key was not sent.") for s in steps)
        return KeyCheckResult(False, not_run, "", (), (), scrub.all(prepared.advice))

    target = Target(
        model_id=model.strip().removeprefix("models/") or DEFAULT_MODEL,
        base_url=base_url.strip().rstrip("/") or GOOGLE_BASE_URL,
        call_timeout=min(max(timeout_seconds, budget.min_call_seconds), budget.total_seconds),
        paging=paging,
    )
    log = StepLog(steps)
    run_steps(steps, log, SessionOpener(session_factory, sdk, prepared.key, target.base_url), target, budget)
    done, error_text, findings = log.report()
    return KeyCheckResult(
        ok=all(step.ok for step in done),
        steps=tuple(scrub.step(step) for step in done),
        error_text=scrub(error_text),
        reachable_models=scrub.all(findings.reachable_models),
        model_suggestions=scrub.all(findings.model_suggestions),
        key_advice=scrub.all(prepared.advice),
    )


@dataclass(frozen=True)
class SessionOpener:
    factory: SessionFactory
    sdk: str
    api_key: str = field(repr=False)
    base_url: str

    def __call__(self) -> Session:
        return self.factory(self.sdk, api_key=self.api_key, base_url=self.base_url)


def run_steps(steps: Sequence[Step], log: StepLog, open_session: SessionOpener, target: Target, budget: Budget) -> None:
    """Run `steps` into `log`; once `budget` (and its grace) is spent, stop waiting and cut the calls."""
    session = _open(steps[0], log, open_session, target)
    if session is None:
        return
    # The budget is the calls': making the clients is local work, which a busy machine may slow to
    # seconds (the SDK's import, its TLS set-up), and it would leave a short budget no time to call.
    deadline = Deadline.starting_now(budget)

    def stop() -> None:
        # The log first: what the cut call raises next must not replace the budget's verdict.
        log.abandon(
            f"Stopped: the check's {budget.total_seconds:.0f} s budget ran out before this answer was complete; "
            "the server or the network is too slow."
        )
        session.cut()

    run_within(
        lambda: _run_in_order(steps, log, session, target, deadline),
        budget.total_seconds + budget.watchdog_grace_seconds,
        stop=stop,
        grace=budget.watchdog_grace_seconds,
    )


def _run_in_order(steps: Sequence[Step], log: StepLog, session: Session, target: Target, deadline: Deadline) -> None:
    findings = Findings()
    try:
        for step in steps:
            found = _run_step(step, log, StepContext(session, target, deadline, findings))
            if found is None:
                break
            findings = found
    finally:
        log.finish()  # the answer is complete whether or not the clients close cleanly
        _close(session)


def _close(session: Session) -> None:
    try:
        session.close()
    except Exception:
        # An SDK's exception can carry the key in a ?key= URL. Raised in this thread it would reach
        # threading.excepthook, which prints it as it is; the logger's formatter redacts it.
        logger.warning("the key check's SDK session did not close cleanly", exc_info=True)


def _open(first: Step, log: StepLog, open_session: SessionOpener, target: Target) -> Session | None:
    """The SDK's clients, made before the timed calls; None (and the first step failed) if they cannot be."""
    log.start(first)
    try:
        return open_session()
    except Exception as exc:  # noqa: BLE001 - e.g. a base URL the SDK refuses
        described = describe_failure(exc, None, timeout=target.call_timeout, base_url=target.base_url)
        log.record(
            first,
            ok=False,
            detail=f"The {open_session.sdk} client could not be created: {described}",
            error_text=exception_text(exc),
        )
        log.finish()
        return None


def _run_step(step: Step, log: StepLog, context: StepContext) -> Findings | None:
    """Run one step into `log`; the findings for the next step, or None when this one failed."""
    log.start(step)
    try:
        passed = step.rule(context)
    except StepFailed as failure:
        findings = failure.findings or context.findings
        log.record(step, ok=False, detail=failure.detail, error_text=failure.error_text, findings=findings)
        return None
    except BudgetSpent:
        total = context.deadline.budget.total_seconds
        log.record(step, ok=False, detail=f"Stopped: the check's {total:.0f} s budget ran out.")
        return None
    except Exception as exc:  # noqa: BLE001 - any SDK or network error is a finding to report
        log.record(step, ok=False, detail=context.describe(exc), error_text=exception_text(exc))
        return None
    log.record(step, ok=True, detail=passed.detail, findings=passed.findings)
    return passed.findings
