"""What the key page, the JSON API and the `check_key` command share: one way to check a key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables

from classifier import Classification
from classifier.model_ids import MODEL_NAME
from errors_kb.snapshot import classify_today
from keycheck import (
    DEFAULT_MODEL,
    SDK_GOOGLE_GENAI,
    SUPPORTED_SDKS,
    Budget,
    KeyCheckResult,
    KeyCheckStep,
    check_api_key,
    prepare_key,
)
from web.ratelimit import allow, client_ip

from .admission import Refusal, Refused, key_check_slot

RATE_LIMITED_MESSAGE = "Too many key checks from your address: the limit is {limit} a minute. Try again shortly."


def key_check_allowed(request: HttpRequest) -> bool:
    """Shared by the page and the API, so both count against one budget per client."""
    return allow(scope="key-check", client=client_ip(request), limit=settings.KEY_CHECK_RATE_LIMIT_PER_MINUTE)


def rate_limited_message() -> str:
    return RATE_LIMITED_MESSAGE.format(limit=settings.KEY_CHECK_RATE_LIMIT_PER_MINUTE)


MAX_MODEL_NAME_LENGTH = 200
_MODEL_NAME = re.compile(MODEL_NAME)


class KeyCheckInputError(ValueError):
    """A key check request we will not run; the message says what to change, `field` where."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class KeyCheckRequest:
    api_key: str
    sdk: str
    model: str
    stream: bool

    def __repr__(self) -> str:  # never show the key, even in a debugger or a log line
        return f"KeyCheckRequest(sdk={self.sdk!r}, model={self.model!r}, stream={self.stream!r})"


@sensitive_variables("api_key")
def key_check_request(*, api_key: Any, sdk: Any = None, model: Any = None, stream: Any = False) -> KeyCheckRequest:
    """Validate what a form, the API or the command was given. Raises KeyCheckInputError."""
    if not isinstance(api_key, str) or not api_key.strip():
        raise KeyCheckInputError("Enter the API key to check.", field="api_key")
    refusal = prepare_key(api_key)
    if refusal.refusal:
        raise KeyCheckInputError(" ".join(refusal.advice), field="api_key")
    sdk = SDK_GOOGLE_GENAI if sdk is None else sdk
    if sdk not in SUPPORTED_SDKS:
        raise KeyCheckInputError(f"Unknown SDK. Choose one of: {', '.join(SUPPORTED_SDKS)}.", field="sdk")
    model = (model or "").strip() if isinstance(model, str) or model is None else None
    if model is None or len(model) > MAX_MODEL_NAME_LENGTH or (model and not _MODEL_NAME.fullmatch(model)):
        raise KeyCheckInputError(
            "A model name is letters, digits, dots and dashes, like gemini-3.5-flash "
            f"(at most {MAX_MODEL_NAME_LENGTH} characters).",
            field="model",
        )
    if not isinstance(stream, bool):
        raise KeyCheckInputError('"stream" must be true or false.', field="stream")
    return KeyCheckRequest(api_key=api_key, sdk=sdk, model=model or DEFAULT_MODEL, stream=stream)


@dataclass(frozen=True)
class KeyCheckReport:
    """A key check and the failure it met, classified by the same engine as a paste."""

    result: KeyCheckResult
    classification: Classification | None

    @property
    def failed_step(self) -> KeyCheckStep | None:
        return next((step for step in self.result.steps if step.ok is False), None)


@sensitive_variables("request")
def run_key_check(request: KeyCheckRequest) -> KeyCheckReport:
    """Check the key against the configured endpoint; the endpoint never comes from the user."""
    result = check_api_key(
        api_key=request.api_key,
        sdk=request.sdk,
        model=request.model,
        stream=request.stream,
        base_url=settings.GEMINI_API_BASE_URL,
        timeout_seconds=settings.KEY_CHECK_TIMEOUT_SECONDS,
        budget=Budget(total_seconds=settings.KEY_CHECK_BUDGET_SECONDS),
    )
    classification = classify_today(result.error_text) if result.error_text else None
    return KeyCheckReport(result=result, classification=classification)


@sensitive_variables("check")
def run_admitted(request: HttpRequest, check: KeyCheckRequest) -> KeyCheckReport | Refusal:
    """The page's and the API's check: within the rate limit, one at a time per client, and only
    while this process has a slot free (admission.py); otherwise the Refusal, at once."""
    if not key_check_allowed(request):
        return Refusal(429, rate_limited_message())
    try:
        with key_check_slot(client_ip(request)):
            return run_key_check(check)
    except Refused as refused:
        return refused.refusal


def key_check_json(report: KeyCheckReport) -> dict[str, Any]:
    """The JSON contract of /api/key-check and `check_key --json`."""
    result = report.result
    classified = report.classification.to_dict() if report.classification else {"matches": [], "facts": {}}
    return {
        "ok": result.ok,
        "steps": [{"id": s.id, "name": s.name, "ok": s.ok, "ms": s.ms, "detail": s.detail} for s in result.steps],
        "matches": classified["matches"],
        "facts": classified["facts"],
        "error_text": result.error_text,
        "reachable_models": list(result.reachable_models),
        "model_suggestions": list(result.model_suggestions),
        "key_advice": list(result.key_advice),
    }
