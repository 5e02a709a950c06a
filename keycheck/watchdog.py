"""Holding a whole check to its budget, which the SDKs' per-read timeouts cannot do.

Each call has a timeout, but it bounds every read, not the whole answer: a server that sends a byte
every few seconds would hold the check, and the web request waiting for it, as long as it liked. So
the steps run in a thread of their own and write to a `StepLog`. Past the budget the caller stops
waiting: the log says which step was stopped, whatever the thread writes after that is dropped, and
the session's connections are cut (cutoff.py), so that the thread's read fails and the thread ends
instead of holding its upstream socket open.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from .context import Findings, Step
from .session import Session
from .types import KeyCheckStep

THREAD_NAME = "key-check"
SKIPPED = "Skipped: an earlier step failed."


class StepLog:
    """The steps' results as they come, guarded against the thread that may still be writing."""

    def __init__(self, steps: Sequence[Step]) -> None:
        self._steps = tuple(steps)
        self._lock = threading.Lock()
        self._done: list[KeyCheckStep] = []
        self._findings = Findings()
        self._first_error_text = ""
        self._abandoned = False
        self._running: tuple[Step, float] | None = None  # the step under way, and when it started

    def start(self, step: Step) -> None:
        with self._lock:
            self._running = (step, time.perf_counter())

    def record(
        self, step: Step, *, ok: bool, detail: str, error_text: str = "", findings: Findings | None = None
    ) -> None:
        with self._lock:
            if self._abandoned:  # the report has gone out without this step
                return
            self._done.append(KeyCheckStep(step.id, step.label, ok, self._ms_running(step), detail, error_text))
            self._running = None
            if findings is not None:
                self._findings = findings
            if not ok and not self._first_error_text:
                self._first_error_text = error_text

    def finish(self) -> None:
        """The thread is done: the steps it did not reach are skipped."""
        with self._lock:
            if not self._abandoned:
                self._skip_the_rest()

    def abandon(self, detail: str) -> None:
        """The caller stops waiting: the step under way fails with `detail`, the rest are skipped."""
        with self._lock:
            self._abandoned = True
            stopped = self._first_not_done()
            if stopped is not None:
                self._done.append(KeyCheckStep(stopped.id, stopped.label, False, self._ms_running(stopped), detail))
            self._skip_the_rest()

    def report(self) -> tuple[tuple[KeyCheckStep, ...], str, Findings]:
        """The steps in order, the first failure's error text, and the findings of the steps that ran."""
        with self._lock:
            return tuple(self._done), self._first_error_text, self._findings

    def _first_not_done(self) -> Step | None:
        done = {step.id for step in self._done}
        return next((step for step in self._steps if step.id not in done), None)

    def _ms_running(self, step: Step) -> int:
        if self._running is None or self._running[0] is not step:
            return 0
        return int((time.perf_counter() - self._running[1]) * 1000)

    def _skip_the_rest(self) -> None:
        done = {step.id for step in self._done}
        self._done += [KeyCheckStep(s.id, s.label, None, 0, SKIPPED) for s in self._steps if s.id not in done]


class OpenedSession:
    """The session the check's thread opened, so that the caller's thread can cut it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._session: Session | None = None
        self._cut = False

    def hold(self, session: Session) -> None:
        with self._lock:
            self._session = session
            cut = self._cut
        if cut:  # the budget ran out while the session was being made
            session.cut()

    def cut(self) -> None:
        with self._lock:
            self._cut = True
            session = self._session
        if session is not None:
            session.cut()


def run_within(work: Callable[[], None], seconds: float, *, stop: Callable[[], None], grace: float) -> None:
    """Run `work` in a thread and wait for it at most `seconds`; then `stop` it and wait `grace` for its end."""
    worker = threading.Thread(target=work, name=THREAD_NAME, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        stop()
        worker.join(grace)
