"""Live probes: with the operator's key, list the models, then a one-token generateContent per model,
through google-genai with a short timeout. One result per model and minute: "ok" or the KB entry the
failure classifies to (the same classifier a paste goes through), the HTTP status and the latency.

The key comes from settings.PROBE_API_KEY only. It is never stored, logged or shown: results keep
an outcome, a code and a number of milliseconds, and the error text a failure raised is read by the
classifier and dropped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from errors_kb.models import GeminiModel
from errors_kb.snapshot import classify_today, kb_changed

from .locks import held
from .models import ProbeResult

logger = logging.getLogger(__name__)

PROBE_PROMPT = "Reply with the word OK."
# Only one instance probes at a time; a holder that died frees the lock after this long.
PROBE_LOCK_SECONDS = 300
# No new call starts after this many seconds of a run, so a run ends before the next minute's.
PROBE_BUDGET_SECONDS = 50.0
# models.list: page size and the most models read (a guard against a server that pages forever).
LIST_PAGE_SIZE = 100
MAX_LISTED_MODELS = 2000

OK = "ok"
# Outcomes for failures the classifier does not recognise.
TIMEOUT, UNREACHABLE, UNCLASSIFIED = "timeout", "unreachable", "unclassified"


@dataclass(frozen=True)
class CallResult:
    ok: bool
    http_status: int | None
    latency_ms: int
    outcome: str
    service_failure: bool  # Google's side (5xx, 429, timeout, no connection), not the probe's own making


@dataclass(frozen=True)
class ProbeRun:
    ran: bool
    reason: str  # why it did not run, or ""
    minute: datetime | None = None
    served: tuple[str, ...] | None = None  # what models.list served; None when it failed
    results: tuple[tuple[str, CallResult], ...] = ()


def truncate_to_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


@sensitive_variables("api_key")
def run_probes(
    *,
    now: datetime | None = None,
    api_key: str | None = None,
    models: Sequence[str] | None = None,
    base_url: str | None = None,
    timeout_seconds: float | None = None,
) -> ProbeRun:
    """Probe once, unless there is no key or another instance is probing. Arguments left out come from settings."""
    api_key = settings.PROBE_API_KEY if api_key is None else api_key
    if not api_key:
        return ProbeRun(ran=False, reason="PROBE_API_KEY is not set: nothing is probed.")
    with held("probe", timeout_seconds=PROBE_LOCK_SECONDS) as mine:
        if not mine:
            return ProbeRun(ran=False, reason="Another instance is probing.")
        minute = truncate_to_minute(now or timezone.now())
        session = _Session(
            api_key=api_key,
            base_url=base_url or settings.GEMINI_API_BASE_URL,
            timeout_seconds=timeout_seconds or settings.PROBE_TIMEOUT_SECONDS,
        )
        try:
            served, results = _probe_all(session, list(models if models is not None else settings.PROBE_MODELS))
        finally:
            session.close()
        if served is not None:
            refresh_served_flags(served, now=now or timezone.now())
        _store(minute, results)
        return ProbeRun(ran=True, reason="", minute=minute, served=served, results=tuple(results))


def _probe_all(session: _Session, models: list[str]) -> tuple[tuple[str, ...] | None, list[tuple[str, CallResult]]]:
    started = time.monotonic()
    listing, served = session.list_models()
    results: list[tuple[str, CallResult]] = []
    for model_id in models:
        if time.monotonic() - started > PROBE_BUDGET_SECONDS:
            logger.warning("status: probe budget spent, %s not probed this minute", model_id)
            continue
        # A failed models.list fails every model the same way: no need to wait for each to time out too.
        result = session.generate(model_id) if listing.ok else listing
        results.append((model_id, result))
        logger.info("status: probe %s: %s (%s, %d ms)", model_id, result.outcome, result.http_status, result.latency_ms)
    return served, results


def _store(minute: datetime, results: list[tuple[str, CallResult]]) -> None:
    for model_id, result in results:
        try:
            with transaction.atomic():
                ProbeResult.objects.create(
                    model_id=model_id,
                    minute=minute,
                    outcome=result.outcome,
                    service_failure=result.service_failure,
                    http_status=result.http_status,
                    latency_ms=result.latency_ms,
                )
        except IntegrityError:  # this minute is already probed (another instance, before the lock)
            pass


def refresh_served_flags(served: Sequence[str], *, now: datetime) -> int:
    """Mark each catalogue model served or not as models.list says. Answers read the flags (a model
    Google still lists is not called retired), so a flag that flips touches the row's updated_at,
    which changes the KB's version; a check that changes nothing rebuilds nothing."""
    listed = Q(model_id__in=list(served))
    flipped = GeminiModel.objects.filter((listed & ~Q(served_now=True)) | (~listed & ~Q(served_now=False)))
    if flipped.update(served_now=Case(When(listed, then=Value(True)), default=Value(False)), updated_at=now):
        kb_changed()
    return GeminiModel.objects.update(served_checked_at=now)


class _Session:
    """One google-genai client for one probe run; every call bounded by the timeout, no retries."""

    @sensitive_variables("api_key")
    def __init__(self, *, api_key: str, base_url: str, timeout_seconds: float) -> None:
        from google import genai
        from google.genai import types

        self._types = types
        self._timeout_ms = max(1, int(timeout_seconds * 1000))
        # vertexai=False: GOOGLE_GENAI_USE_VERTEXAI in the environment must not reroute the probe.
        self._client = genai.Client(
            api_key=api_key,
            vertexai=False,
            http_options=types.HttpOptions(base_url=base_url, timeout=self._timeout_ms),
        )

    def list_models(self) -> tuple[CallResult, tuple[str, ...] | None]:
        started = time.monotonic()
        try:
            names: list[str] = []
            config = self._types.ListModelsConfig(
                page_size=LIST_PAGE_SIZE, http_options=self._types.HttpOptions(timeout=self._timeout_ms)
            )
            for model in self._client.models.list(config=config):
                names.append(str(model.name or "").removeprefix("models/"))
                if len(names) >= MAX_LISTED_MODELS:
                    break
        except Exception as exc:  # noqa: BLE001 - every failure is an outcome, none may stop the job
            return _failure(exc, started), None
        return CallResult(True, 200, _elapsed_ms(started), OK, False), tuple(names)

    def generate(self, model_id: str) -> CallResult:
        started = time.monotonic()
        try:
            self._client.models.generate_content(
                model=model_id,
                contents=PROBE_PROMPT,
                config=self._types.GenerateContentConfig(
                    max_output_tokens=1, http_options=self._types.HttpOptions(timeout=self._timeout_ms)
                ),
            )
        except Exception as exc:  # noqa: BLE001
            return _failure(exc, started)
        return CallResult(True, 200, _elapsed_ms(started), OK, False)

    def close(self) -> None:
        self._client.close()


def _elapsed_ms(started: float) -> int:
    return max(0, round((time.monotonic() - started) * 1000))


def _failure(exc: BaseException, started: float) -> CallResult:
    latency = _elapsed_ms(started)
    status = _http_status(exc)
    timed_out, unreachable = _transport_failure(exc)
    classified = classify_today(_error_text(exc))
    slug = classified.best.slug if classified.best else ""
    outcome = slug or (TIMEOUT if timed_out else UNREACHABLE if unreachable else UNCLASSIFIED)
    service_failure = (status is not None and (status >= 500 or status == 429)) or timed_out or unreachable
    return CallResult(False, status, latency, outcome, service_failure)


def _http_status(exc: BaseException) -> int | None:
    from google.genai import errors

    if isinstance(exc, errors.APIError) and isinstance(exc.code, int):
        return exc.code
    return None


def _transport_failure(exc: BaseException) -> tuple[bool, bool]:
    """(timed out, could not connect), walking the exception's causes as the SDK wraps them. By class
    name, as the key check does: the SDK's HTTP library is its own business."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            break
        name = type(seen).__name__
        if "Timeout" in name or isinstance(seen, TimeoutError):
            return True, False
        if "Connect" in name or isinstance(seen, ConnectionError):
            return False, True
        seen = seen.__cause__ or seen.__context__
    return False, False


def _error_text(exc: BaseException) -> str:
    """The failure as the user's own program would print it: the classifier reads this, nothing keeps it."""
    kind = type(exc)
    text: Any = str(exc)
    return f"{kind.__module__}.{kind.__qualname__}: {text}"
