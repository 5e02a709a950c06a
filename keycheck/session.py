"""The calls a key check makes, as a Protocol each SDK implements, and the factory that picks one.

A step sees only a `Session`, so any step runs as well against a fake one as against an SDK.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from .failures import ApiFailure
from .types import SDK_GOOGLE_GENAI, SDK_GOOGLE_GENERATIVEAI, SUPPORTED_SDKS

FINISHED_NORMALLY = frozenset({"STOP", "MAX_TOKENS"})


@dataclass(frozen=True)
class ListedModel:
    model_id: str
    generation_methods: tuple[str, ...]

    @property
    def generates_content(self) -> bool:
        return "generateContent" in self.generation_methods


@dataclass(frozen=True)
class ModelPage:
    models: tuple[ListedModel, ...]
    next_page_token: str


@dataclass(frozen=True)
class Generation:
    """What a generation call produced, and what reading its text raises or returns for the user."""

    finish_reason: str | None
    block_reason: str | None
    has_text: bool
    chunks: int
    flagged_ratings: str
    text_error: str  # google-genai: a description of the None text; legacy: the ValueError's text


class Session(Protocol):
    def list_models(self, *, page_token: str, page_size: int, timeout: float) -> ModelPage: ...

    def get_model(self, model_id: str, *, timeout: float) -> ListedModel: ...

    def generate(self, model_id: str, *, max_output_tokens: int, timeout: float) -> Generation: ...

    def stream(
        self, model_id: str, *, max_output_tokens: int, timeout: float, out_of_time: Callable[[], bool]
    ) -> Generation: ...

    def api_failure(self, exc: BaseException) -> ApiFailure | None:
        """Code, status and reason of an API error this session's SDK raised; None for anything else."""
        ...

    def cut(self) -> None:
        """Called from another thread: end the calls under way at once, and any call made after."""
        ...

    def close(self) -> None: ...


class SessionFactory(Protocol):
    def __call__(self, sdk: str, *, api_key: str, base_url: str) -> Session: ...


def preload_sdks() -> None:
    """Import both SDKs now. A server calls this as it starts, so that no check's budget is spent
    importing one (seconds on a busy machine); a command that may never check a key does not."""
    for module in ("sdk_genai", "sdk_generativeai"):
        importlib.import_module(f"{__package__}.{module}")


def open_sdk_session(sdk: str, *, api_key: str, base_url: str) -> Session:
    """A session through the real SDK `sdk`, with clients of its own: no process-wide configuration."""
    # Imported here: an SDK takes a second to import, and a page may never check a key.
    if sdk == SDK_GOOGLE_GENERATIVEAI:
        from .sdk_generativeai import GenerativeAiSession

        return GenerativeAiSession(api_key=api_key, base_url=base_url)
    if sdk == SDK_GOOGLE_GENAI:
        from .sdk_genai import GenAiSession

        return GenAiSession(api_key=api_key, base_url=base_url)
    raise ValueError(f"Unsupported SDK {sdk!r}; expected one of {', '.join(SUPPORTED_SDKS)}.")
