"""What the web page, the JSON API and the `classify` command share: one way to read a paste."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from .engine import Classification, classify
from .keycheck import (
    DEFAULT_MODEL,
    SDK_GOOGLE_GENAI,
    SUPPORTED_SDKS,
    KeyCheckResult,
    KeyCheckStep,
    check_api_key,
    prepare_key,
)
from .snapshot import current_snapshot


class PasteError(ValueError):
    """A paste we cannot classify; the message is written for the person who sent it."""


def decode_paste(raw: bytes) -> str:
    """Bytes as pasted or uploaded to text. Invalid UTF-8 becomes U+FFFD instead of an error."""
    return raw.decode("utf-8", errors="replace")


def check_paste(text: str, *, max_bytes: int) -> str:
    """The paste if it can be classified, else PasteError with a message that says why."""
    if not text or text.isspace():
        raise PasteError("Paste the error first: the text is empty.")
    # A character is at most 4 bytes in UTF-8: most pastes need no encoding to pass the check.
    size = len(text) if len(text) * 4 <= max_bytes else len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise PasteError(
            f"The paste is {size / 1024 / 1024:.1f} MB; the limit is {max_bytes / 1024 / 1024:.1f} MB. "
            "Paste the traceback or the error body and a few lines around it."
        )
    return text


def classify_paste(text: str) -> Classification:
    return classify(current_snapshot(), text)


def classification_json(result: Classification, *, source: str | None = None) -> dict[str, Any]:
    """The JSON contract shared by /api/classify and `classify --json`."""
    payload = result.to_dict()
    return payload if source is None else {"source": source, **payload}


MAX_MODEL_NAME_LENGTH = 200
_MODEL_NAME = re.compile(r"(?:models/)?[A-Za-z0-9][A-Za-z0-9._\-]*")


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
    )
    classification = classify_paste(result.error_text) if result.error_text else None
    return KeyCheckReport(result=result, classification=classification)


def key_check_json(report: KeyCheckReport) -> dict[str, Any]:
    """The JSON contract of /api/key-check and `check_key --json`."""
    result = report.result
    classified = report.classification.to_dict() if report.classification else {"matches": [], "facts": {}}
    return {
        "ok": result.ok,
        "steps": [{"name": s.name, "ok": s.ok, "ms": s.ms, "detail": s.detail} for s in result.steps],
        "matches": classified["matches"],
        "facts": classified["facts"],
        "error_text": result.error_text,
        "reachable_models": list(result.reachable_models),
        "model_suggestions": list(result.model_suggestions),
        "key_advice": list(result.key_advice),
    }
