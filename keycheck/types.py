"""What a key check is asked about, what it returns, and what it made of the key it was given."""

from __future__ import annotations

from dataclasses import dataclass

SDK_GOOGLE_GENAI = "google-genai"
SDK_GOOGLE_GENERATIVEAI = "google-generativeai"
SUPPORTED_SDKS = (SDK_GOOGLE_GENAI, SDK_GOOGLE_GENERATIVEAI)

GOOGLE_BASE_URL = "https://generativelanguage.googleapis.com"
DEFAULT_MODEL = "gemini-3.5-flash"
DEFAULT_TIMEOUT_SECONDS = 8.0


@dataclass(frozen=True)
class PreparedKey:
    """The key as it will be sent, what was noticed about it, and why it must not be sent (if so)."""

    key: str
    advice: tuple[str, ...]
    refusal: str = ""


@dataclass(frozen=True)
class KeyCheckResult:
    """A whole check: every step in order, and what the steps found."""

    ok: bool
    steps: tuple[KeyCheckStep, ...]
    error_text: str  # the first failure as the SDK raised it, redacted
    reachable_models: tuple[str, ...]  # Gemini model IDs that support generateContent
    model_suggestions: tuple[str, ...]
    key_advice: tuple[str, ...]


@dataclass(frozen=True)
class KeyCheckStep:
    """One step's outcome, as the page, the JSON and the command show it."""

    id: str  # stable, for code: "key_accepted"
    name: str  # the label people read: "Key accepted"
    ok: bool | None  # None: skipped because an earlier step failed
    ms: int
    detail: str
    error_text: str = ""
