"""The steps driven by a fake session: each rule on its own, and whole checks, with no network."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from keycheck import (
    KEY_ACCEPTED,
    MODEL_EXISTS,
    MODELS_REACHABLE,
    ONE_TOKEN_CALL,
    STEPS,
    STREAMING_CALL,
    ApiFailure,
    Budget,
    Deadline,
    Findings,
    Generation,
    KeyCheckResult,
    ListedModel,
    ModelPage,
    ModelPaging,
    Session,
    StepContext,
    StepFailed,
    Target,
    check_api_key,
)

KEY = "AQ.fake-session-key"
GENERATES = ("generateContent", "countTokens")
MODELS = (
    ListedModel("gemini-3.5-flash", GENERATES),
    ListedModel("gemini-3.1-flash-lite", GENERATES),
    ListedModel("gemini-embedding-001", ("embedContent",)),
)
STOPPED = Generation("STOP", None, True, 1, "", "")


class FakeApiError(Exception):
    def __init__(self, code: int, status: str, message: str) -> None:
        super().__init__(f"{code} {status}: {message}")
        self.failure = ApiFailure(code, status, "", message)


@dataclass
class FakeSession:
    """Answers from fixed data; `generation` is what generateContent returns, or raises if an exception."""

    models: tuple[ListedModel, ...] = MODELS
    generation: Generation | Exception = STOPPED
    calls: list[str] = field(default_factory=list)
    closed: bool = False
    cut_off: bool = False

    def list_models(self, *, page_token: str, page_size: int, timeout: float) -> ModelPage:
        self.calls.append(f"list:{page_token}")
        start = int(page_token or 0)
        following = start + page_size
        return ModelPage(self.models[start:following], str(following) if following < len(self.models) else "")

    def get_model(self, model_id: str, *, timeout: float) -> ListedModel:
        self.calls.append(f"get:{model_id}")
        raise FakeApiError(404, "NOT_FOUND", f"models/{model_id} is not found")

    def generate(self, model_id: str, *, max_output_tokens: int, timeout: float) -> Generation:
        self.calls.append(f"generate:{model_id}")
        if isinstance(self.generation, Exception):
            raise self.generation
        return self.generation

    def stream(
        self, model_id: str, *, max_output_tokens: int, timeout: float, out_of_time: Callable[[], bool]
    ) -> Generation:
        self.calls.append(f"stream:{model_id}")
        return Generation("STOP", None, True, 3, "", "")

    def api_failure(self, exc: BaseException) -> ApiFailure | None:
        return exc.failure if isinstance(exc, FakeApiError) else None

    def cut(self) -> None:
        self.cut_off = True

    def close(self) -> None:
        self.closed = True


def context(session: Session, model_id: str = "gemini-3.5-flash", findings: Findings | None = None) -> StepContext:
    target = Target(model_id=model_id, base_url="http://fake.invalid", call_timeout=1.0)
    return StepContext(session, target, Deadline.starting_now(Budget()), findings or Findings())


def check_with(session: FakeSession, **options: Any) -> tuple[KeyCheckResult, list[tuple[str, str, str]]]:
    opened: list[tuple[str, str, str]] = []

    def factory(sdk: str, *, api_key: str, base_url: str) -> Session:
        opened.append((sdk, api_key, base_url))
        return session

    result = check_api_key(api_key=KEY, base_url="http://fake.invalid", session_factory=factory, **options)
    return result, opened


@dataclass
class SessionFailingToClose(FakeSession):
    """Closes as an SDK can fail to: with the request's URL, key and all, in the exception."""

    def close(self) -> None:
        super().close()
        raise ConnectionError(f"closing https://generativelanguage.googleapis.com/v1beta/models?key={KEY} failed")


def test_a_session_that_fails_to_close_is_logged_redacted_after_the_log_is_finished(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from web.error_reports import RedactingFormatter  # the formatter LOGGING puts on every handler

    uncaught: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", uncaught.append)
    session = SessionFailingToClose(generation=FakeApiError(429, "RESOURCE_EXHAUSTED", "Quota exceeded"))
    result, _ = check_with(session, stream=True)
    assert session.closed
    # The step after the failed call is reported skipped: the log was finished before the close.
    assert [step.id for step in result.steps] == [step.id for step in STEPS]
    assert [step.ok for step in result.steps][-2:] == [False, None]
    assert uncaught == []
    (record,) = [record for record in caplog.records if record.name == "keycheck.runner"]
    assert record.exc_info is not None
    logged = RedactingFormatter("%(message)s").format(record)
    assert "ConnectionError" in logged and KEY not in logged


def test_each_step_has_a_stable_id_and_the_label_the_page_shows() -> None:
    assert [(step.id, step.label) for step in STEPS] == [
        ("key_accepted", "Key accepted"),
        ("models_reachable", "Models reachable"),
        ("model_exists", "Model exists"),
        ("one_token_call", "One-token call"),
        ("streaming_call", "Streaming call"),
    ]


def test_a_whole_check_runs_on_the_session_the_factory_makes() -> None:
    session = FakeSession()
    result, opened = check_with(session, stream=True)
    assert opened == [("google-genai", KEY, "http://fake.invalid")]
    assert result.ok
    assert [step.id for step in result.steps] == [step.id for step in STEPS]
    assert result.reachable_models == ("gemini-3.5-flash", "gemini-3.1-flash-lite")
    assert session.calls == ["list:", "generate:gemini-3.5-flash", "stream:gemini-3.5-flash"]
    assert session.closed


def test_models_reachable_reads_the_pages_the_paging_allows() -> None:
    session = FakeSession()
    first = KEY_ACCEPTED.rule(context(session))
    all_pages = MODELS_REACHABLE.rule(
        StepContext(
            session,
            Target("gemini-3.5-flash", "http://fake.invalid", 1.0, ModelPaging(page_size=1)),
            Deadline.starting_now(Budget()),
            first.findings,
        )
    )
    assert [m.model_id for m in all_pages.findings.models] == [m.model_id for m in MODELS]
    assert "3 models listed; 2 Gemini models support generateContent" in all_pages.detail


def test_a_model_missing_from_the_list_fails_with_the_closest_reachable_ids() -> None:
    session = FakeSession()
    with pytest.raises(StepFailed) as failed:
        MODEL_EXISTS.rule(context(session, "gemini-3.5-flsh", Findings(models=MODELS)))
    assert session.calls == ["get:gemini-3.5-flsh"]
    assert "404 NOT_FOUND: models/gemini-3.5-flsh is not found" in failed.value.detail
    assert failed.value.findings is not None
    assert failed.value.findings.model_suggestions[0] == "gemini-3.5-flash"


def test_a_404_on_the_one_token_call_also_suggests_models() -> None:
    session = FakeSession(generation=FakeApiError(404, "NOT_FOUND", "models/gemini-x is not found"))
    with pytest.raises(StepFailed) as failed:
        ONE_TOKEN_CALL.rule(context(session, "gemini-3.5-flsh", Findings(models=MODELS)))
    assert failed.value.findings is not None and failed.value.findings.model_suggestions
    assert failed.value.error_text.startswith("tests.keycheck.test_steps.FakeApiError: 404 NOT_FOUND")


def test_a_reply_stopped_for_safety_fails_the_call_and_keeps_the_sdks_text() -> None:
    blocked = Generation("SAFETY", None, False, 1, "HARM_CATEGORY_DANGEROUS_CONTENT: HIGH", "the SDK's own words")
    with pytest.raises(StepFailed) as failed:
        ONE_TOKEN_CALL.rule(context(FakeSession(generation=blocked)))
    assert "finish_reason SAFETY (HARM_CATEGORY_DANGEROUS_CONTENT: HIGH)" in failed.value.detail
    assert failed.value.error_text == "the SDK's own words"


def test_any_other_error_fails_the_step_with_its_text_and_skips_the_rest() -> None:
    result, _ = check_with(FakeSession(generation=FakeApiError(429, "RESOURCE_EXHAUSTED", "quota")), stream=True)
    states = {step.id: step.ok for step in result.steps}
    assert states == {
        KEY_ACCEPTED.id: True,
        MODELS_REACHABLE.id: True,
        MODEL_EXISTS.id: True,
        ONE_TOKEN_CALL.id: False,
        STREAMING_CALL.id: None,
    }
    assert result.error_text == "tests.keycheck.test_steps.FakeApiError: 429 RESOURCE_EXHAUSTED: quota"


def test_a_spent_budget_stops_the_check_before_any_call() -> None:
    session = FakeSession()
    result, _ = check_with(session, budget=Budget(total_seconds=0.01, min_call_seconds=0.05))
    first = result.steps[0]
    assert first.ok is False and "budget ran out" in first.detail
    assert session.calls == [] and session.closed


def test_a_session_that_cannot_be_made_fails_the_first_step() -> None:
    def refuse(sdk: str, *, api_key: str, base_url: str) -> Session:
        raise ValueError(f"bad base URL for {api_key}")

    result = check_api_key(api_key=KEY, session_factory=refuse)
    assert result.steps[0].ok is False
    assert "The google-genai client could not be created: ValueError: bad base URL for [REDACTED]" in (
        result.steps[0].detail
    )
    assert KEY not in result.error_text


class ReadUntilCut(FakeSession):
    """A session whose first call blocks like a read from a server that never finishes, until cut."""

    def __init__(self) -> None:
        super().__init__()
        self.unblocked = threading.Event()

    def list_models(self, *, page_token: str, page_size: int, timeout: float) -> ModelPage:
        self.calls.append(f"list:{page_token}")
        if not self.unblocked.wait(timeout=30):
            raise AssertionError("never cut")
        raise ConnectionResetError("the connection was cut")

    def cut(self) -> None:
        super().cut()
        self.unblocked.set()


def test_past_the_budget_the_session_is_cut_and_the_thread_ends_before_the_answer() -> None:
    session = ReadUntilCut()
    started = time.monotonic()
    result, _ = check_with(session, budget=Budget(total_seconds=0.2, watchdog_grace_seconds=0.3))
    assert time.monotonic() - started < 1.5
    assert session.cut_off and session.closed
    first = result.steps[0]
    # The budget's verdict, not the error the cut call raised after it.
    assert first.ok is False and "budget ran out before this answer was complete" in first.detail
    assert result.error_text == ""
    assert not any(thread.name == "key-check" for thread in threading.enumerate())
