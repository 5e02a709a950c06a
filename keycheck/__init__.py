"""Check a Gemini API key the way the user's own SDK would use it, one step at a time.

Plain Python with no Django import: the view, the JSON API and the tests call `check_api_key`.

The steps run in order and stop at the first failure; the steps after it are reported as skipped:
1. "Key accepted": the first page of models.list. It proves only that Google accepts the key.
2. "Models reachable": the remaining pages; which Gemini models can generate content.
3. "Model exists": the requested model is in that list (or models.get finds it).
4. "One-token call": generateContent with max_output_tokens=1. Quota, billing, region and capacity
   are only checked where a model runs, so this is the step that finds them (REFERENCE §4).
5. "Streaming call" (optional): streamGenerateContent, reading every chunk.

Each call goes through the real SDK, so `error_text` is the text the user's own code would raise.
Each check builds its own clients: google-generativeai's `genai.configure` keeps one key for the whole
process, so it is never called here, and two checks running at once cannot use each other's key.
The key is never echoed: every returned string is redacted and scrubbed of the exact key.
"""

from __future__ import annotations

import re
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from classifier import closest_model_ids, redact
from classifier.model_ids import MODEL_ID
from classifier.redaction import REDACTED

SDK_GOOGLE_GENAI = "google-genai"
SDK_GOOGLE_GENERATIVEAI = "google-generativeai"
SUPPORTED_SDKS = (SDK_GOOGLE_GENAI, SDK_GOOGLE_GENERATIVEAI)

GOOGLE_BASE_URL = "https://generativelanguage.googleapis.com"
DEFAULT_MODEL = "gemini-3.5-flash"
DEFAULT_TIMEOUT_SECONDS = 8.0
# The whole check, every call included, ends within this; a web request waits for it.
TOTAL_BUDGET_SECONDS = 20.0
# Below this much time left, a call could not finish: report the budget as spent instead.
MIN_CALL_SECONDS = 0.05
# Past the budget, a step still running gets this long to end on its own before it is abandoned.
WATCHDOG_GRACE_SECONDS = 1.0
MAX_KEY_LENGTH = 512
MODEL_PAGE_SIZE = 50
MAX_MODEL_PAGES = 20
PROBE_PROMPT = "Reply with the single word OK."
STREAM_MAX_OUTPUT_TOKENS = 16
MAX_LISTED_IN_DETAIL = 12

STEP_KEY_ACCEPTED = "Key accepted"
STEP_MODELS_REACHABLE = "Models reachable"
STEP_MODEL_EXISTS = "Model exists"
STEP_ONE_TOKEN_CALL = "One-token call"
STEP_STREAMING_CALL = "Streaming call"

# Dates from Google's API key page (REFERENCE §1d); they are announcements, so they live here as data.
STANDARD_KEYS_UNRESTRICTED_REJECTED = "2026-06-19"
STANDARD_KEYS_ALL_REJECTED = "September 2026"

_FINISHED_NORMALLY = frozenset({"STOP", "MAX_TOKENS"})
_MODEL_ID = re.compile(MODEL_ID)
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ENV_ASSIGNMENT = re.compile(r"^(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*[=:]\s*")
_QUOTES = "\"'`\u201c\u201d\u2018\u2019"
_REST_PREFIX = re.compile(r"^(?:GET|POST|PUT|PATCH|DELETE) \S+: ")
_KEY_TOKEN_EDGE = r"[A-Za-z0-9_\-.]"


@dataclass(frozen=True)
class KeyCheckStep:
    name: str
    ok: bool | None  # None: skipped because an earlier step failed
    ms: int
    detail: str
    error_text: str = ""


@dataclass(frozen=True)
class KeyCheckResult:
    ok: bool
    steps: tuple[KeyCheckStep, ...]
    error_text: str  # the first failure as the SDK raised it, redacted
    reachable_models: tuple[str, ...]  # Gemini model IDs that support generateContent
    model_suggestions: tuple[str, ...]
    key_advice: tuple[str, ...]


@dataclass(frozen=True)
class PreparedKey:
    """The key as it will be sent, what was noticed about it, and why it must not be sent (if so)."""

    key: str
    advice: tuple[str, ...]
    refusal: str = ""


def prepare_key(raw_key: str) -> PreparedKey:
    """Clean up what was pasted and say what it looks like, without rejecting unusual formats."""
    advice: list[str] = []
    text = raw_key or ""
    if '"private_key"' in text or '"service_account"' in text or "PRIVATE KEY-----" in text:
        return PreparedKey(
            "",
            (
                "This looks like a service-account JSON file, not an API key. It was not sent anywhere. "
                "Gemini API keys are single tokens from AI Studio; delete this file's key if it was shared.",
            ),
            refusal="service account JSON",
        )
    stripped = text.strip()
    value = stripped
    assignment = _ENV_ASSIGNMENT.match(value)
    if assignment:
        value = value[assignment.end() :]
        advice.append("The text looked like a variable assignment (NAME=value); only the value was used.")
    key = value
    while len(key) >= 2 and key[0] in _QUOTES and key[-1] in _QUOTES:
        key = key[1:-1].strip()
    if key != value or stripped != text:
        advice.append("Spaces, line breaks or quotes around the key were removed before sending it.")

    if not key:
        return PreparedKey("", ("No API key was entered, so nothing was sent.",), refusal="empty")
    if len(key) > MAX_KEY_LENGTH:
        return PreparedKey(
            "",
            (
                f"The key is {len(key)} characters long; Gemini API keys are far shorter (over {MAX_KEY_LENGTH} "
                "is refused). It was not sent. Paste only the key itself.",
            ),
            refusal="too long",
        )
    if _CONTROL_CHARACTERS.search(key):
        return PreparedKey(
            "",
            (
                "The key contains control characters (a line break or tab inside it, for example). It was not "
                "sent. Copy the key again as one line.",
            ),
            refusal="control characters",
        )
    if not key.isascii():
        return PreparedKey(
            "",
            (
                "The key contains non-ASCII characters (often typographic quotes or look-alike letters from a "
                "document or chat). It was not sent. Copy it again straight from AI Studio.",
            ),
            refusal="non-ASCII",
        )
    if " " in key:
        advice.append("The key contains a space in the middle; API keys never do. It was sent as it is.")

    if key.startswith("AIza"):
        advice.append(
            "This is a standard API key (AIza…). Google is retiring them: unrestricted standard keys are "
            f"rejected from {STANDARD_KEYS_UNRESTRICTED_REJECTED} and all standard keys from "
            f"{STANDARD_KEYS_ALL_REJECTED}. Create an auth key (AQ.…) in AI Studio."
        )
    elif key.startswith("AQ."):
        advice.append("This is an auth key (AQ.…), the kind AI Studio creates now.")
    elif key.startswith("ya29."):
        advice.append(
            "This is an OAuth access token (ya29.…), not an API key: it expires within an hour and is sent "
            "differently (Authorization: Bearer). Use an API key from AI Studio."
        )
    else:
        advice.append("This does not look like a Gemini API key (AQ.… or AIza…); it was checked anyway.")
    return PreparedKey(key, tuple(advice))


def check_api_key(
    *,
    api_key: str,
    sdk: str = SDK_GOOGLE_GENAI,
    model: str = DEFAULT_MODEL,
    stream: bool = False,
    base_url: str = GOOGLE_BASE_URL,
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
) -> KeyCheckResult:
    """Run the steps through `sdk` against `base_url`; `timeout_seconds` bounds each call."""
    if sdk not in SUPPORTED_SDKS:
        raise ValueError(f"Unsupported SDK {sdk!r}; expected one of {', '.join(SUPPORTED_SDKS)}.")
    step_names = [STEP_KEY_ACCEPTED, STEP_MODELS_REACHABLE, STEP_MODEL_EXISTS, STEP_ONE_TOKEN_CALL]
    if stream:
        step_names.append(STEP_STREAMING_CALL)

    prepared = prepare_key(api_key)
    scrubber = _Scrubber((prepared.key, (api_key or "").strip()))
    if prepared.refusal:
        steps = tuple(KeyCheckStep(name, None, 0, "Not run: the key was not sent.") for name in step_names)
        return KeyCheckResult(False, steps, "", (), (), tuple(scrubber(a) for a in prepared.advice))

    check = _Check(
        sdk=sdk,
        api_key=prepared.key,
        model_id=model.strip().removeprefix("models/") or DEFAULT_MODEL,
        base_url=base_url.strip().rstrip("/") or GOOGLE_BASE_URL,
        call_timeout=min(max(timeout_seconds, MIN_CALL_SECONDS), TOTAL_BUDGET_SECONDS),
        step_names=step_names,
    )
    check.run_within(TOTAL_BUDGET_SECONDS + WATCHDOG_GRACE_SECONDS)
    return KeyCheckResult(
        ok=all(step.ok for step in check.steps),
        steps=tuple(scrubber.step(step) for step in check.steps),
        error_text=scrubber(check.first_error_text),
        reachable_models=tuple(scrubber(m) for m in check.reachable_models),
        model_suggestions=tuple(scrubber(m) for m in check.model_suggestions),
        key_advice=tuple(scrubber(a) for a in prepared.advice),
    )


# ---- the steps ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ListedModel:
    model_id: str
    generation_methods: tuple[str, ...]

    @property
    def generates_content(self) -> bool:
        return "generateContent" in self.generation_methods


@dataclass(frozen=True)
class _ModelPage:
    models: tuple[_ListedModel, ...]
    next_page_token: str


@dataclass(frozen=True)
class _Generation:
    """What a generation call produced, and what reading its text raises or returns for the user."""

    finish_reason: str | None
    block_reason: str | None
    has_text: bool
    chunks: int
    flagged_ratings: str
    text_error: str  # google-genai: a description of the None text; legacy: the ValueError's text


class _Session(Protocol):
    def list_models(self, *, page_token: str, timeout: float) -> _ModelPage: ...

    def get_model(self, model_id: str, *, timeout: float) -> _ListedModel: ...

    def generate(self, model_id: str, *, max_output_tokens: int, timeout: float) -> _Generation: ...

    def stream(
        self, model_id: str, *, max_output_tokens: int, timeout: float, out_of_time: Callable[[], bool]
    ) -> _Generation: ...

    def close(self) -> None: ...


class _StepFailed(Exception):
    def __init__(self, detail: str, error_text: str = "") -> None:
        super().__init__(detail)
        self.detail = detail
        self.error_text = error_text


class _BudgetSpent(Exception):
    pass


class _Check:
    def __init__(
        self, *, sdk: str, api_key: str, model_id: str, base_url: str, call_timeout: float, step_names: list[str]
    ) -> None:
        self.sdk = sdk
        self.api_key = api_key
        self.model_id = model_id
        self.base_url = base_url
        self.call_timeout = call_timeout
        self.step_names = step_names
        self.deadline = time.monotonic() + TOTAL_BUDGET_SECONDS
        self.steps: list[KeyCheckStep] = []
        self.first_error_text = ""
        self.all_models: list[_ListedModel] = []
        self.reachable_models: tuple[str, ...] = ()
        self.model_suggestions: tuple[str, ...] = ()
        self._first_page: _ModelPage | None = None
        self._session: _Session | None = None
        # Guards what the caller reads once it stops waiting, against the thread still running.
        self._lock = threading.Lock()
        self._abandoned = False
        self._running: tuple[str, float] | None = None  # the step under way, and when it started

    def run_within(self, seconds: float) -> None:
        """Run the steps, but stop waiting for them after `seconds`.

        Each call has a timeout, but it bounds every read, not the whole answer: a server that
        sends a byte every few seconds would hold the check, and the web request waiting for it,
        as long as it liked. Past `seconds` the steps are left to their thread, which ends when the
        answer completes or the SDK's own timeouts fire, and the report says which step was stopped.
        """
        worker = threading.Thread(target=self.run, name="key-check", daemon=True)
        worker.start()
        worker.join(seconds)
        if worker.is_alive():
            self._abandon()

    def _abandon(self) -> None:
        with self._lock:
            self._abandoned = True
            done = {step.name for step in self.steps}
            # Steps run in order, so the one under way is the first without a result.
            stopped = next((name for name in self.step_names if name not in done), None)
            if stopped is not None:
                running_since = self._running[1] if self._running and self._running[0] == stopped else None
                ms = int((time.perf_counter() - running_since) * 1000) if running_since else 0
                detail = (
                    f"Stopped: the check's {TOTAL_BUDGET_SECONDS:.0f} s budget ran out before this answer "
                    "was complete; the server or the network is too slow."
                )
                self.steps.append(KeyCheckStep(stopped, False, ms, detail))
            self._skip_the_rest()

    def _skip_the_rest(self) -> None:
        done = {step.name for step in self.steps}
        skipped = [name for name in self.step_names if name not in done]
        self.steps += [KeyCheckStep(name, None, 0, "Skipped: an earlier step failed.") for name in skipped]

    def run(self) -> None:
        actions: dict[str, Callable[[], str]] = {
            STEP_KEY_ACCEPTED: self._key_accepted,
            STEP_MODELS_REACHABLE: self._models_reachable,
            STEP_MODEL_EXISTS: self._model_exists,
            STEP_ONE_TOKEN_CALL: self._one_token_call,
            STEP_STREAMING_CALL: self._streaming_call,
        }
        try:
            if self._start_session():
                for name in self.step_names:
                    if not self._run_step(name, actions[name]):
                        break
        finally:
            if self._session is not None:
                self._session.close()
        with self._lock:
            if not self._abandoned:
                self._skip_the_rest()

    def _start_session(self) -> bool:
        """Build the SDK's clients outside the timed steps: the first import of an SDK takes a second."""
        started = time.perf_counter()
        try:
            self._session = _open_session(self.sdk, api_key=self.api_key, base_url=self.base_url)
        except Exception as exc:  # noqa: BLE001 - e.g. a base URL the SDK refuses
            detail = f"The {self.sdk} client could not be created: {self._describe(exc)}"
            self._record(STEP_KEY_ACCEPTED, started, False, detail, _exception_text(exc))
            return False
        return True

    def _run_step(self, name: str, action: Callable[[], str]) -> bool:
        started = time.perf_counter()
        self._running = (name, started)
        try:
            detail = action()
        except _StepFailed as failure:
            self._record(name, started, False, failure.detail, failure.error_text)
            return False
        except _BudgetSpent:
            self._record(name, started, False, f"Stopped: the check's {TOTAL_BUDGET_SECONDS:.0f} s budget ran out.")
            return False
        except Exception as exc:  # noqa: BLE001 - any SDK or network error is a finding to report
            self._record(name, started, False, self._describe(exc), _exception_text(exc))
            return False
        self._record(name, started, True, detail)
        return True

    def _record(self, name: str, started: float, ok: bool, detail: str, error_text: str = "") -> None:
        ms = int((time.perf_counter() - started) * 1000)
        with self._lock:
            if self._abandoned:  # the report has gone out without this step
                return
            self.steps.append(KeyCheckStep(name, ok, ms, detail, error_text))
            if not ok and not self.first_error_text:
                self.first_error_text = error_text

    def _timeout(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining < MIN_CALL_SECONDS:
            raise _BudgetSpent
        return min(self.call_timeout, remaining)

    def _out_of_time(self) -> bool:
        return time.monotonic() >= self.deadline

    def _describe(self, exc: BaseException) -> str:
        return _describe_exception(exc, timeout=self.call_timeout, base_url=self.base_url)

    # ---- step bodies: each returns its success detail or raises ----------------------------------------

    def _key_accepted(self) -> str:
        assert self._session is not None
        self._first_page = self._session.list_models(page_token="", timeout=self._timeout())
        count = _plural(len(self._first_page.models), "model")
        return f"Google accepted the key: models.list answered with {count} on the first page."

    def _models_reachable(self) -> str:
        assert self._session is not None and self._first_page is not None
        page = self._first_page
        self.all_models = list(page.models)
        pages = 1
        while page.next_page_token and pages < MAX_MODEL_PAGES:
            page = self._session.list_models(page_token=page.next_page_token, timeout=self._timeout())
            self.all_models += page.models
            pages += 1
        gemini = [m.model_id for m in self.all_models if m.generates_content and m.model_id.startswith("gemini")]
        self.reachable_models = tuple(gemini)
        if not any(m.generates_content for m in self.all_models):
            raise _StepFailed(
                f"The key can list {len(self.all_models)} models, but none of them supports generateContent."
            )
        shown = ", ".join(gemini[:MAX_LISTED_IN_DETAIL]) + (", …" if len(gemini) > MAX_LISTED_IN_DETAIL else "")
        return f"{len(self.all_models)} models listed; {len(gemini)} Gemini models support generateContent" + (
            f": {shown}." if gemini else "."
        )

    def _model_exists(self) -> str:
        assert self._session is not None
        model_id = self.model_id
        if not _MODEL_ID.fullmatch(model_id):
            self._suggest()
            raise _StepFailed(f"{model_id!r} is not a model ID (expected something like {DEFAULT_MODEL}).")
        listed = next((m for m in self.all_models if m.model_id == model_id), None)
        if listed is None:
            try:
                listed = self._session.get_model(model_id, timeout=self._timeout())
            except _BudgetSpent:
                raise
            except Exception as exc:  # noqa: BLE001
                self._suggest()
                closest = f" Closest: {', '.join(self.model_suggestions)}." if self.model_suggestions else ""
                raise _StepFailed(
                    f"{model_id} is not in the model list for this key, and models.get failed: "
                    f"{self._describe(exc)}{closest}",
                    _exception_text(exc),
                ) from exc
            found_by = "not in the list, but models.get found it"
        else:
            found_by = "in the model list"
        if not listed.generates_content:
            self._suggest()
            raise _StepFailed(f"{model_id} exists but does not support generateContent.")
        return f"{model_id} is {found_by} and supports generateContent."

    def _one_token_call(self) -> str:
        assert self._session is not None
        try:
            generation = self._session.generate(self.model_id, max_output_tokens=1, timeout=self._timeout())
        except _BudgetSpent:
            raise
        except Exception as exc:
            if _http_code(exc) == 404:
                self._suggest()
            raise
        self._judge(generation, streaming=False)
        return f"generateContent answered (finish_reason {generation.finish_reason or 'not given'})."

    def _streaming_call(self) -> str:
        assert self._session is not None
        generation = self._session.stream(
            self.model_id,
            max_output_tokens=STREAM_MAX_OUTPUT_TOKENS,
            timeout=self._timeout(),
            out_of_time=self._out_of_time,
        )
        self._judge(generation, streaming=True)
        chunks = _plural(generation.chunks, "chunk")
        return f"streamGenerateContent sent {chunks} (finish_reason {generation.finish_reason})."

    def _judge(self, generation: _Generation, *, streaming: bool) -> None:
        """A 200 answer can still be a failure: blocked prompt, blocked or cut-off reply."""
        if generation.block_reason:
            raise _StepFailed(
                f"The prompt was blocked (prompt_feedback.block_reason {generation.block_reason}); no candidates "
                "came back. The key works; the safety filters rejected the test prompt.",
                generation.text_error,
            )
        reason = generation.finish_reason
        if reason in _FINISHED_NORMALLY or (reason is None and generation.has_text and not streaming):
            return
        if reason is None:
            raise _StepFailed(
                f"The stream ended after {_plural(generation.chunks, 'chunk')} without a finish reason: it was cut "
                "short (the SDK did not raise).",
                generation.text_error,
            )
        explanations = {
            "SAFETY": "the reply was blocked by the safety filters"
            + (f" ({generation.flagged_ratings})" if generation.flagged_ratings else ""),
            "RECITATION": "the reply was stopped because it recited copyrighted or published material",
            "PROHIBITED_CONTENT": "the reply was blocked as prohibited content",
            "BLOCKLIST": "the reply contained a blocklisted term",
            "SPII": "the reply contained sensitive personal information",
            "LANGUAGE": "the reply was in an unsupported language",
        }
        explanation = explanations.get(reason, "the model stopped for a reason other than STOP or MAX_TOKENS")
        raise _StepFailed(
            f"finish_reason {reason}: {explanation}. The key works; the reply did not.", generation.text_error
        )

    def _suggest(self) -> None:
        generating = [m.model_id for m in self.all_models if m.generates_content]
        candidates = generating or [m.model_id for m in self.all_models]
        self.model_suggestions = tuple(closest_model_ids(self.model_id, candidates))


# ---- describing failures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ApiFailure:
    code: int | None
    status: str
    reason: str
    message: str
    quota_id: str
    retry_delay: str


_REASON_HINTS = {
    "API_KEY_INVALID": "Google does not accept this key: check for a missing character, or create a new key.",
    "ACCESS_TOKEN_TYPE_UNSUPPORTED": (
        "Google no longer accepts this kind of key: create an auth key (AQ.…) in AI Studio."
    ),
    "SERVICE_DISABLED": (
        "The Generative Language API is disabled in the key's project: enable it, wait a few minutes, retry."
    ),
    "API_KEY_SERVICE_BLOCKED": (
        "The key's API restrictions leave out the Generative Language API: edit them or use another key."
    ),
    "CONSUMER_SUSPENDED": "The project behind the key is suspended: see the Cloud console or contact Google support.",
}
_STATUS_HINTS = {
    "FAILED_PRECONDITION": "The free tier is not available where the request comes from, or billing is off.",
    "UNAVAILABLE": "Google's side is overloaded: retry later or try another model.",
    "INTERNAL": "Google-side error: retry, shorten the input or try another model.",
    "DEADLINE_EXCEEDED": "Google could not finish in time: retry, or raise the client timeout.",
    "NOT_FOUND": "The model name is wrong or the model was retired: pick one from the model list.",
}
# api_core's REST errors carry the HTTP code but not the status; these codes have only one.
_STATUS_OF_CODE = {404: "NOT_FOUND", 500: "INTERNAL", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}


def _api_failure(exc: BaseException) -> _ApiFailure | None:
    """Code, status, reason and quota facts of an API error from either SDK."""
    # Imported here, not at module level: the SDKs take a second to import and the view may never check a key.
    from google.api_core import exceptions as core_exceptions
    from google.genai import errors as genai_errors

    if isinstance(exc, genai_errors.APIError):
        body = exc.details if isinstance(exc.details, dict) else {}
        error = body.get("error") if isinstance(body.get("error"), dict) else body
        return _from_details(exc.code, exc.status or "", str(exc.message or ""), error.get("details") or [])
    if isinstance(exc, core_exceptions.GoogleAPICallError):
        details = [d for d in (exc.details or []) if isinstance(d, dict)]
        code = exc.code if isinstance(exc.code, int) else None
        # Not `exc.reason`: with the REST transport api_core keeps ErrorInfo as a dict and that property raises.
        return _from_details(code, "", _REST_PREFIX.sub("", str(exc.message or "")), details)
    return None


def _from_details(code: int | None, status: str, message: str, details: Sequence[Any]) -> _ApiFailure:
    reason = quota_id = retry_delay = ""
    for detail in details:
        if not isinstance(detail, dict):
            continue
        kind = str(detail.get("@type", ""))
        if kind.endswith("google.rpc.ErrorInfo") and not reason:
            reason = str(detail.get("reason", ""))
        elif kind.endswith("google.rpc.QuotaFailure"):
            violations = detail.get("violations") or [{}]
            quota_id = quota_id or str(violations[0].get("quotaId", ""))
        elif kind.endswith("google.rpc.RetryInfo"):
            retry_delay = str(detail.get("retryDelay", ""))
    return _ApiFailure(code, status, reason, message, quota_id, retry_delay)


def _http_code(exc: BaseException) -> int | None:
    failure = _api_failure(exc)
    return failure.code if failure else None


def _describe_exception(exc: BaseException, *, timeout: float, base_url: str) -> str:
    name = type(exc).__name__
    failure = _api_failure(exc)
    if failure is not None:
        return _describe_api_failure(failure)
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return f"No answer within {timeout:g} s ({name}): the server or the network is too slow, or unreachable."
    if "Connect" in name or isinstance(exc, ConnectionError):
        host = urlsplit(base_url).netloc or base_url
        return f"Could not connect to {host} ({name}): check the address, the network or a proxy."
    if name == "BlockedPromptException":
        return (
            "The prompt was blocked (BlockedPromptException). The key works; the safety filters rejected the test "
            "prompt."
        )
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{name}: {first_line[:300]}" if first_line else name


def _describe_api_failure(failure: _ApiFailure) -> str:
    head = " ".join(str(part) for part in (failure.code, failure.status, failure.reason) if part)
    message = failure.message.strip().splitlines()[0] if failure.message.strip() else ""
    text = f"{head}: {message[:300]}" if message else head
    hint = _REASON_HINTS.get(failure.reason) or _code_hint(failure)
    return f"{text} {hint}".strip()


def _code_hint(failure: _ApiFailure) -> str:
    if failure.code == 402:
        return (
            "Prepay credits are used up for the key's billing account: add credits in AI Studio; retrying won't help."
        )
    if failure.code == 429:
        period = "per-day" if "PerDay" in failure.quota_id else "per-minute" if "PerMinute" in failure.quota_id else ""
        wait = f" Google asks to retry in {failure.retry_delay}." if failure.retry_delay else ""
        quota = f"a {period} quota" if period else "a quota"
        return f"The key works, but {quota} is used up ({failure.quota_id or 'no quotaId given'}).{wait}"
    message = failure.message.lower()
    if "leaked" in message:
        return "Google blocked this key as leaked: create a new key and keep it out of public code."
    if "unknown error trying to retrieve streaming response" in message:
        return "google-generativeai hides why a stream failed: the same call with stream=False shows the real error."
    if "location is not supported" in message:
        return _STATUS_HINTS["FAILED_PRECONDITION"]
    status = failure.status or _STATUS_OF_CODE.get(failure.code or 0, "")
    return _STATUS_HINTS.get(status, "")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _secret_pattern(secret: str) -> re.Pattern[str]:
    """A long key is replaced wherever it occurs; a short one only as a whole token, or words would go too."""
    if len(secret) >= 8:
        return re.compile(re.escape(secret))
    return re.compile(f"(?<!{_KEY_TOKEN_EDGE}){re.escape(secret)}(?!{_KEY_TOKEN_EDGE})")


def _exception_text(exc: BaseException) -> str:
    """The exception's last traceback line(s), as the user's program would print them."""
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


class _Scrubber:
    """Redacts anything that looks like a key, and the exact key however it looks."""

    def __init__(self, secrets: Sequence[str]) -> None:
        self._patterns = [_secret_pattern(s) for s in sorted({s for s in secrets if s}, key=len, reverse=True)]

    def __call__(self, text: str) -> str:
        for pattern in self._patterns:
            text = pattern.sub(REDACTED, text)
        return redact(text)

    def step(self, step: KeyCheckStep) -> KeyCheckStep:
        return KeyCheckStep(step.name, step.ok, step.ms, self(step.detail), self(step.error_text))


# ---- the two SDKs ----------------------------------------------------------------------------------------


def _open_session(sdk: str, *, api_key: str, base_url: str) -> _Session:
    if sdk == SDK_GOOGLE_GENERATIVEAI:
        return _GenerativeAiSession(api_key=api_key, base_url=base_url)
    return _GenAiSession(api_key=api_key, base_url=base_url)


def _enum_name(value: Any) -> str | None:
    """FinishReason / BlockReason name from either SDK's enum (or a plain string)."""
    if value is None:
        return None
    name = getattr(value, "name", None) or str(value)
    return None if name.endswith("UNSPECIFIED") else name


def _flagged(ratings: Any) -> str:
    flagged = []
    for rating in ratings or ():
        probability = _enum_name(getattr(rating, "probability", None)) or ""
        if getattr(rating, "blocked", False) or probability in ("MEDIUM", "HIGH"):
            flagged.append(f"{_enum_name(getattr(rating, 'category', None))}: {probability}")
    return ", ".join(flagged)


class _GenAiSession:
    """google-genai: one Client per check, key and base URL on the client, timeout per call."""

    def __init__(self, *, api_key: str, base_url: str) -> None:
        from google import genai
        from google.genai import types

        self._types = types
        # vertexai=False: an environment with GOOGLE_GENAI_USE_VERTEXAI set must not reroute the check.
        self._client = genai.Client(api_key=api_key, vertexai=False, http_options=types.HttpOptions(base_url=base_url))

    def _http_options(self, timeout: float) -> Any:
        return self._types.HttpOptions(timeout=max(1, int(timeout * 1000)))

    def list_models(self, *, page_token: str, timeout: float) -> _ModelPage:
        config: dict[str, Any] = {"page_size": MODEL_PAGE_SIZE, "http_options": self._http_options(timeout)}
        if page_token:
            config["page_token"] = page_token
        pager = self._client.models.list(config=config)
        models = tuple(self._listed(m) for m in pager.page)
        return _ModelPage(models, str(pager.config.get("page_token") or ""))

    def get_model(self, model_id: str, *, timeout: float) -> _ListedModel:
        model = self._client.models.get(model=model_id, config={"http_options": self._http_options(timeout)})
        return self._listed(model)

    def _config(self, max_output_tokens: int, timeout: float) -> Any:
        return self._types.GenerateContentConfig(
            max_output_tokens=max_output_tokens, http_options=self._http_options(timeout)
        )

    def generate(self, model_id: str, *, max_output_tokens: int, timeout: float) -> _Generation:
        response = self._client.models.generate_content(
            model=model_id, contents=PROBE_PROMPT, config=self._config(max_output_tokens, timeout)
        )
        return self._generation([response])

    def stream(
        self, model_id: str, *, max_output_tokens: int, timeout: float, out_of_time: Callable[[], bool]
    ) -> _Generation:
        chunks = self._client.models.generate_content_stream(
            model=model_id, contents=PROBE_PROMPT, config=self._config(max_output_tokens, timeout)
        )
        return self._generation(list(_until(chunks, out_of_time)))

    def _generation(self, responses: list[Any]) -> _Generation:
        finish_reason = block_reason = None
        has_text = False
        ratings: list[Any] = []
        for response in responses:
            feedback = response.prompt_feedback
            block_reason = block_reason or (_enum_name(feedback.block_reason) if feedback else None)
            if response.candidates:
                candidate = response.candidates[0]
                finish_reason = _enum_name(candidate.finish_reason) or finish_reason
                ratings += candidate.safety_ratings or []
            # google-genai returns None instead of raising when there is no text (REFERENCE §2a).
            has_text = has_text or bool(response.text)
        text_error = ""
        if block_reason:
            text_error = (
                "google-genai returned no text (response.text is None): "
                f"prompt_feedback.block_reason=BlockedReason.{block_reason}"
            )
        elif finish_reason not in _FINISHED_NORMALLY:
            text_error = (
                f"google-genai returned {'text' if has_text else 'no text (response.text is None)'}: "
                f"candidates[0].finish_reason=FinishReason.{finish_reason or 'FINISH_REASON_UNSPECIFIED'}"
            )
            if _flagged(ratings):
                text_error += f", safety_ratings=[{_flagged(ratings)}]"
        return _Generation(finish_reason, block_reason, has_text, len(responses), _flagged(ratings), text_error)

    def close(self) -> None:
        self._client.close()

    @staticmethod
    def _listed(model: Any) -> _ListedModel:
        return _ListedModel(str(model.name or "").removeprefix("models/"), tuple(model.supported_actions or ()))


class _GenerativeAiSession:
    """google-generativeai without `genai.configure`: the same GAPIC REST clients it would build, but ours.

    `genai.configure` stores one key for the whole process; `_ClientManager.make_client` then builds
    `glm.<Name>ServiceClient(transport=..., client_options=..., client_info=...)`. This builds those same
    clients per check and hands them to `GenerativeModel` (its `_client`), so the calls, retries and
    exceptions are the SDK's own.
    """

    def __init__(self, *, api_key: str, base_url: str) -> None:
        import google.ai.generativelanguage as glm
        from google.api_core import client_options, gapic_v1
        from google.generativeai import GenerativeModel
        from google.generativeai import version as legacy_version

        options = client_options.ClientOptions(api_endpoint=base_url, api_key=api_key)
        info = gapic_v1.client_info.ClientInfo(user_agent=f"genai-py/{legacy_version.__version__}")
        # REST: gRPC needs TLS, and REST is what reaches a plain-http emulator or proxy (REFERENCE §5).
        settings = {"transport": "rest", "client_options": options, "client_info": info}
        self._model_client = glm.ModelServiceClient(**settings)
        self._generative_client = glm.GenerativeServiceClient(**settings)
        self._model_class = GenerativeModel

    @staticmethod
    def _request_options(timeout: float) -> dict[str, Any]:
        # retry=None: by default the SDK retries 503 for up to 10 minutes; a check reports the first 503.
        return {"timeout": timeout, "retry": None}

    def list_models(self, *, page_token: str, timeout: float) -> _ModelPage:
        pager = self._model_client.list_models(
            page_size=MODEL_PAGE_SIZE, page_token=page_token or None, **self._request_options(timeout)
        )
        return _ModelPage(tuple(self._listed(m) for m in pager.models), str(pager.next_page_token or ""))

    def get_model(self, model_id: str, *, timeout: float) -> _ListedModel:
        return self._listed(self._model_client.get_model(name=f"models/{model_id}", **self._request_options(timeout)))

    def _model(self, model_id: str, max_output_tokens: int) -> Any:
        model = self._model_class(model_id, generation_config={"max_output_tokens": max_output_tokens})
        model._client = self._generative_client
        return model

    def generate(self, model_id: str, *, max_output_tokens: int, timeout: float) -> _Generation:
        response = self._model(model_id, max_output_tokens).generate_content(
            PROBE_PROMPT, request_options=self._request_options(timeout)
        )
        return self._generation(response, chunks=1)

    def stream(
        self, model_id: str, *, max_output_tokens: int, timeout: float, out_of_time: Callable[[], bool]
    ) -> _Generation:
        response = self._model(model_id, max_output_tokens).generate_content(
            PROBE_PROMPT, stream=True, request_options=self._request_options(timeout)
        )
        chunks = sum(1 for _ in _until(response, out_of_time))
        return self._generation(response, chunks=chunks)

    def _generation(self, response: Any, *, chunks: int) -> _Generation:
        block_reason = _enum_name(response.prompt_feedback.block_reason) if response.prompt_feedback else None
        candidate = response.candidates[0] if response.candidates else None
        finish_reason = _enum_name(candidate.finish_reason) if candidate is not None else None
        flagged = _flagged(candidate.safety_ratings if candidate is not None else ())
        has_text = bool(candidate is not None and candidate.content.parts)
        text_error = ""
        if block_reason or finish_reason not in _FINISHED_NORMALLY:
            # What `response.text` does in the user's code: raise, with the SDK's own wording.
            try:
                response.text  # noqa: B018 - evaluated for the exception it raises
            except Exception as exc:  # noqa: BLE001
                text_error = _exception_text(exc)
            else:
                if finish_reason is None and chunks > 1:
                    # The legacy SDK drops an error chunk mid-stream without raising.
                    text_error = (
                        f"google-generativeai: the stream ended without a finish reason after {chunks} chunks; "
                        "it was cut short and the SDK raised nothing."
                    )
                else:
                    text_error = (
                        "google-generativeai returned text without raising, but "
                        f"response.candidates[0].finish_reason={finish_reason or 'FINISH_REASON_UNSPECIFIED'}"
                    )
        return _Generation(finish_reason, block_reason, has_text, chunks, flagged, text_error)

    def close(self) -> None:
        for client in (self._model_client, self._generative_client):
            client.transport.close()

    @staticmethod
    def _listed(model: Any) -> _ListedModel:
        return _ListedModel(str(model.name).removeprefix("models/"), tuple(model.supported_generation_methods))


def _until(chunks: Any, out_of_time: Callable[[], bool]) -> Iterator[Any]:
    """Yield chunks until the stream ends; past the deadline, stop reading and say so."""
    for chunk in chunks:
        yield chunk
        if out_of_time():
            raise _BudgetSpent
