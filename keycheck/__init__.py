"""The key check: a Gemini API key tried step by step through the user's own SDK. Imports no Django.

`check_api_key` runs it (runner.py); the steps are objects in steps.py; a step talks to a `Session`
(session.py), which sdk_genai.py and sdk_generativeai.py implement, or a test's fake does.
"""

from __future__ import annotations

from .budget import Budget, BudgetSpent, Deadline, ModelPaging
from .context import Findings, Passed, Step, StepContext, StepFailed, Target
from .failures import ApiFailure
from .prepare import MAX_KEY_LENGTH, prepare_key
from .runner import check_api_key
from .session import Generation, ListedModel, ModelPage, Session, SessionFactory, open_sdk_session, preload_sdks
from .steps import KEY_ACCEPTED, MODEL_EXISTS, MODELS_REACHABLE, ONE_TOKEN_CALL, STEPS, STREAMING_CALL
from .types import (
    DEFAULT_MODEL,
    DEFAULT_TIMEOUT_SECONDS,
    GOOGLE_BASE_URL,
    SDK_GOOGLE_GENAI,
    SDK_GOOGLE_GENERATIVEAI,
    SUPPORTED_SDKS,
    KeyCheckResult,
    KeyCheckStep,
    PreparedKey,
)

__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_TIMEOUT_SECONDS",
    "GOOGLE_BASE_URL",
    "KEY_ACCEPTED",
    "MAX_KEY_LENGTH",
    "MODELS_REACHABLE",
    "MODEL_EXISTS",
    "ONE_TOKEN_CALL",
    "SDK_GOOGLE_GENAI",
    "SDK_GOOGLE_GENERATIVEAI",
    "STEPS",
    "STREAMING_CALL",
    "SUPPORTED_SDKS",
    "ApiFailure",
    "Budget",
    "BudgetSpent",
    "Deadline",
    "Findings",
    "Generation",
    "KeyCheckResult",
    "KeyCheckStep",
    "ListedModel",
    "ModelPage",
    "ModelPaging",
    "Passed",
    "PreparedKey",
    "Session",
    "SessionFactory",
    "Step",
    "StepContext",
    "StepFailed",
    "Target",
    "check_api_key",
    "open_sdk_session",
    "preload_sdks",
    "prepare_key",
]
