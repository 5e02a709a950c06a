"""What the emulator answers for each API key: one scenario per documented Gemini API failure.

The key picks the scenario, so a test or a person trying the troubleshooter chooses a failure by
pasting a key, with no other setting. The keys are a contract shared with the tests and the README.

Which endpoints fail. Google checks the caller before anything else, so a rejected key fails on every
endpoint, models.list included. Quota, billing, region and capacity are checked where a model runs,
so for those keys models.list, models.get and countTokens still answer (countTokens has its own free
quota): that is why listing models proves only that the key is accepted (REFERENCE §4).
Auth failures come first, then an unknown model (404), then the scenario's own failure.

Endpoints: L models.list, G models.get, gen generateContent, str streamGenerateContent, cnt countTokens.

| key                   | HTTP | status / reason or body                          | L  | G  | gen | str | cnt |
|-----------------------|------|--------------------------------------------------|----|----|-----|-----|-----|
| AQ.fake-valid         | 200  | text, STOP (MAX_TOKENS when maxOutputTokens cut) | ok | ok | ok  | ok  | ok  |
| AQ.fake-invalid       | 400  | INVALID_ARGUMENT / API_KEY_INVALID               | X  | X  | X   | X   | X   |
| AQ.fake-expired       | 400  | INVALID_ARGUMENT / API_KEY_INVALID, "expired"    | X  | X  | X   | X   | X   |
| AQ.fake-legacykey     | 401  | UNAUTHENTICATED / ACCESS_TOKEN_TYPE_UNSUPPORTED  | X  | X  | X   | X   | X   |
| AQ.fake-denied        | 403  | PERMISSION_DENIED / SERVICE_DISABLED             | X  | X  | X   | X   | X   |
| AQ.fake-blocked       | 403  | PERMISSION_DENIED / API_KEY_SERVICE_BLOCKED      | X  | X  | X   | X   | X   |
| AQ.fake-leaked        | 403  | PERMISSION_DENIED, "reported as leaked"          | X  | X  | X   | X   | X   |
| AQ.fake-suspended     | 403  | PERMISSION_DENIED / CONSUMER_SUSPENDED (1)       | X  | X  | X   | X   | X   |
| AQ.fake-prepaid       | 402  | RESOURCE_EXHAUSTED, prepay credits depleted      | ok | ok | X   | X   | ok  |
| AQ.fake-quota         | 429  | RESOURCE_EXHAUSTED, QuotaFailure per minute      | ok | ok | X   | X   | ok  |
| AQ.fake-daily         | 429  | RESOURCE_EXHAUSTED, QuotaFailure per day         | ok | ok | X   | X   | ok  |
| AQ.fake-location      | 400  | FAILED_PRECONDITION, user location               | ok | ok | X   | X   | ok  |
| AQ.fake-overloaded    | 503  | UNAVAILABLE, model overloaded                    | ok | ok | X   | X   | ok  |
| AQ.fake-internal      | 500  | INTERNAL                                         | ok | ok | X   | X   | ok  |
| AQ.fake-deadline      | 504  | DEADLINE_EXCEEDED                                | ok | ok | X   | X   | ok  |
| AQ.fake-safety        | 200  | finishReason SAFETY, no parts                    | ok | ok | (2) | (2) | ok  |
| AQ.fake-promptblocked | 200  | promptFeedback.blockReason SAFETY, no candidates | ok | ok | (2) | (2) | ok  |
| AQ.fake-recitation    | 200  | finishReason RECITATION, citationMetadata        | ok | ok | (2) | (2) | ok  |
| AQ.fake-streamcut     | 200  | one good chunk, then an INTERNAL error chunk     | ok | ok | ok  | cut | ok  |
| AQ.fake-hang          | -    | waits HANG_SECONDS before answering (timeouts)   | .. | .. | ..  | ..  | ..  |
| AQ.fake-trickle       | 200  | as valid, a byte every TRICKLE_INTERVAL_SECONDS  | .. | .. | ..  | ..  | ..  |
| any other key         | 400  | INVALID_ARGUMENT / API_KEY_INVALID               | X  | X  | X   | X   | X   |
| no key at all         | 403  | PERMISSION_DENIED, "unregistered callers"        | X  | X  | X   | X   | X   |

(1) The message names the key ("Consumer 'api_key:…'"), as Google's does: whoever shows it must redact it.
(2) HTTP 200 whose body says the reply was blocked: the legacy SDK raises on `response.text`, google-genai
    returns None.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SERVICE = "generativelanguage.googleapis.com"
PROJECT_NUMBER = "123456789012"
ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"
LOCALIZED_MESSAGE = "type.googleapis.com/google.rpc.LocalizedMessage"
HELP = "type.googleapis.com/google.rpc.Help"
QUOTA_FAILURE = "type.googleapis.com/google.rpc.QuotaFailure"
RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo"

# Long enough that any client timeout under test fires first; the server cuts it short at shutdown.
HANG_SECONDS = 120.0

# A byte this often keeps every read timeout from firing, so only a budget on the whole call ends it.
TRICKLE_INTERVAL_SECONDS = 0.25

VALID_KEY = "AQ.fake-valid"
HANG_KEY = "AQ.fake-hang"
TRICKLE_KEY = "AQ.fake-trickle"

REPLY_TEXT = "Hello from the local Gemini emulator. Your key works."


class Endpoint(enum.Enum):
    LIST_MODELS = "ListModels"
    GET_MODEL = "GetModel"
    GENERATE = "GenerateContent"
    STREAM = "StreamGenerateContent"
    COUNT_TOKENS = "CountTokens"

    @property
    def service(self) -> str:
        return "ModelService" if self in (Endpoint.LIST_MODELS, Endpoint.GET_MODEL) else "GenerativeService"

    def rpc_method(self, api_version: str) -> str:
        """The fully qualified RPC name Google puts in ErrorInfo metadata and some messages."""
        return f"google.ai.generativelanguage.{api_version}.{self.service}.{self.value}"


ALL_ENDPOINTS = frozenset(Endpoint)
GENERATION_ENDPOINTS = frozenset({Endpoint.GENERATE, Endpoint.STREAM})


class Reply(enum.Enum):
    """What a 200 answer from generateContent or streamGenerateContent holds."""

    TEXT = "text"
    SAFETY = "safety"
    PROMPT_BLOCKED = "prompt_blocked"
    RECITATION = "recitation"
    STREAM_CUT = "stream_cut"


@dataclass(frozen=True)
class RequestContext:
    api_version: str
    endpoint: Endpoint
    api_key: str
    model_id: str | None = None


@dataclass(frozen=True)
class ApiError:
    http_code: int
    status: str
    message: str
    details: tuple[dict[str, Any], ...] = ()

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.http_code, "message": self.message, "status": self.status}
        if self.details:
            error["details"] = list(self.details)
        return {"error": error}


ErrorFactory = Callable[[RequestContext], ApiError]


@dataclass(frozen=True)
class Scenario:
    key: str
    summary: str
    error: ErrorFactory | None = None
    failing_endpoints: frozenset[Endpoint] = field(default_factory=frozenset)
    reply: Reply = Reply.TEXT
    hang: bool = False
    trickle: bool = False

    @property
    def rejects_caller(self) -> bool:
        """True for key failures: Google answers them before looking at the model or the request."""
        return self.error is not None and self.failing_endpoints == ALL_ENDPOINTS

    def error_for(self, context: RequestContext) -> ApiError | None:
        if self.error is None or context.endpoint not in self.failing_endpoints:
            return None
        return self.error(context)


def _error_info(reason: str, **metadata: str) -> dict[str, Any]:
    return {
        "@type": ERROR_INFO,
        "reason": reason,
        "domain": "googleapis.com",
        "metadata": {"service": SERVICE, **metadata},
    }


def _localized(message: str) -> dict[str, Any]:
    return {"@type": LOCALIZED_MESSAGE, "locale": "en-US", "message": message}


def _key_invalid(message: str) -> ErrorFactory:
    def build(context: RequestContext) -> ApiError:
        return ApiError(400, "INVALID_ARGUMENT", message, (_error_info("API_KEY_INVALID"), _localized(message)))

    return build


def _legacy_key_rejected(context: RequestContext) -> ApiError:
    return ApiError(
        401,
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other "
        "valid authentication credential.",
        (_error_info("ACCESS_TOKEN_TYPE_UNSUPPORTED", method=context.endpoint.rpc_method(context.api_version)),),
    )


def _service_disabled(context: RequestContext) -> ApiError:
    activation_url = f"https://console.developers.google.com/apis/api/{SERVICE}/overview?project={PROJECT_NUMBER}"
    message = (
        f"Generative Language API has not been used in project {PROJECT_NUMBER} before or it is disabled. "
        f"Enable it by visiting {activation_url} then retry. If you enabled this API recently, wait a few "
        "minutes for the action to propagate to our systems and retry."
    )
    return ApiError(
        403,
        "PERMISSION_DENIED",
        message,
        (
            _error_info(
                "SERVICE_DISABLED",
                serviceTitle="Generative Language API",
                consumer=f"projects/{PROJECT_NUMBER}",
                containerInfo=PROJECT_NUMBER,
                activationUrl=activation_url,
            ),
            _localized(message),
            {
                "@type": HELP,
                "links": [{"description": "Google developers console API activation", "url": activation_url}],
            },
        ),
    )


def _service_blocked(context: RequestContext) -> ApiError:
    method = context.endpoint.rpc_method(context.api_version)
    message = f"Requests to this API {SERVICE} method {method} are blocked."
    return ApiError(
        403,
        "PERMISSION_DENIED",
        message,
        (
            _error_info(
                "API_KEY_SERVICE_BLOCKED",
                consumer=f"projects/{PROJECT_NUMBER}",
                apiName=SERVICE,
                methodName=method,
            ),
            _localized(message),
        ),
    )


def _leaked(context: RequestContext) -> ApiError:
    return ApiError(403, "PERMISSION_DENIED", "Your API key was reported as leaked. Please use another API key.")


def _suspended(context: RequestContext) -> ApiError:
    # Google names the consumer by its key here, so whoever shows this text must redact it.
    message = f"Permission denied: Consumer 'api_key:{context.api_key}' has been suspended."
    return ApiError(
        403,
        "PERMISSION_DENIED",
        message,
        (_error_info("CONSUMER_SUSPENDED", consumer=f"projects/{PROJECT_NUMBER}"), _localized(message)),
    )


def _unregistered_caller(context: RequestContext) -> ApiError:
    return ApiError(
        403,
        "PERMISSION_DENIED",
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or "
        "other form of API consumer identity to call this API.",
    )


def _prepay_depleted(context: RequestContext) -> ApiError:
    return ApiError(
        402,
        "RESOURCE_EXHAUSTED",
        "Your prepayment credits are depleted. Please go to AI Studio at https://ai.studio/projects to manage your "
        "project and billing.",
    )


def _quota(*, quota_id: str, limit: int, retry_seconds: str) -> ErrorFactory:
    metric = f"{SERVICE}/generate_content_free_tier_requests"

    def build(context: RequestContext) -> ApiError:
        model = context.model_id or "gemini-3.5-flash"
        message = (
            "You exceeded your current quota, please check your plan and billing details. For more information on "
            "this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n"
            f"* Quota exceeded for metric: {metric}, limit: {limit}, model: {model}\n"
            f"Please retry in {retry_seconds}s."
        )
        return ApiError(
            429,
            "RESOURCE_EXHAUSTED",
            message,
            (
                {
                    "@type": QUOTA_FAILURE,
                    "violations": [
                        {
                            "quotaMetric": metric,
                            "quotaId": quota_id,
                            "quotaDimensions": {"location": "global", "model": model},
                            "quotaValue": str(limit),
                        }
                    ],
                },
                {
                    "@type": HELP,
                    "links": [
                        {
                            "description": "Learn more about Gemini API quotas",
                            "url": "https://ai.google.dev/gemini-api/docs/rate-limits",
                        }
                    ],
                },
                # RetryInfo carries whole seconds while the message keeps the fraction, as in Google's bodies.
                {"@type": RETRY_INFO, "retryDelay": f"{int(float(retry_seconds))}s"},
            ),
        )

    return build


def _fixed(http_code: int, status: str, message: str) -> ErrorFactory:
    def build(context: RequestContext) -> ApiError:
        return ApiError(http_code, status, message)

    return build


def model_not_found(model_id: str, api_version: str) -> ApiError:
    return ApiError(
        404,
        "NOT_FOUND",
        f"models/{model_id} is not found for API version {api_version}, or is not supported for generateContent. "
        "Call ListModels to see the list of available models and their supported methods.",
    )


def unknown_method() -> ApiError:
    return ApiError(404, "NOT_FOUND", "Method not found.")


def invalid_argument(message: str) -> ApiError:
    return ApiError(400, "INVALID_ARGUMENT", message)


INTERNAL_MESSAGE = (
    "An internal error has occurred. Please retry or report in "
    "https://developers.generativeai.google/guide/troubleshooting"
)

_INVALID_KEY = _key_invalid("API key not valid. Please pass a valid API key.")

SCENARIOS: dict[str, Scenario] = {
    scenario.key: scenario
    for scenario in (
        Scenario(VALID_KEY, "Works: text replies, streaming and token counts."),
        Scenario("AQ.fake-invalid", "Key not valid (400 API_KEY_INVALID).", _INVALID_KEY, ALL_ENDPOINTS),
        Scenario(
            "AQ.fake-expired",
            "Key expired (400 API_KEY_INVALID).",
            _key_invalid("API key expired. Please renew the API key."),
            ALL_ENDPOINTS,
        ),
        Scenario(
            "AQ.fake-legacykey",
            "Key type no longer accepted (401 ACCESS_TOKEN_TYPE_UNSUPPORTED).",
            _legacy_key_rejected,
            ALL_ENDPOINTS,
        ),
        Scenario(
            "AQ.fake-denied",
            "Generative Language API disabled (403 SERVICE_DISABLED).",
            _service_disabled,
            ALL_ENDPOINTS,
        ),
        Scenario(
            "AQ.fake-blocked",
            "Key restricted to other APIs (403 API_KEY_SERVICE_BLOCKED).",
            _service_blocked,
            ALL_ENDPOINTS,
        ),
        Scenario("AQ.fake-leaked", "Key reported as leaked (403).", _leaked, ALL_ENDPOINTS),
        Scenario("AQ.fake-suspended", "Consumer suspended (403 CONSUMER_SUSPENDED).", _suspended, ALL_ENDPOINTS),
        Scenario("AQ.fake-prepaid", "Prepay credits depleted (402).", _prepay_depleted, GENERATION_ENDPOINTS),
        Scenario(
            "AQ.fake-quota",
            "Free-tier requests per minute exhausted (429).",
            _quota(quota_id="GenerateRequestsPerMinutePerProjectPerModel-FreeTier", limit=5, retry_seconds="17.482137"),
            GENERATION_ENDPOINTS,
        ),
        Scenario(
            "AQ.fake-daily",
            "Free-tier requests per day exhausted (429).",
            _quota(quota_id="GenerateRequestsPerDayPerProjectPerModel-FreeTier", limit=20, retry_seconds="52.104771"),
            GENERATION_ENDPOINTS,
        ),
        Scenario(
            "AQ.fake-location",
            "User location not supported (400 FAILED_PRECONDITION).",
            _fixed(400, "FAILED_PRECONDITION", "User location is not supported for the API use."),
            GENERATION_ENDPOINTS,
        ),
        Scenario(
            "AQ.fake-overloaded",
            "Model overloaded (503 UNAVAILABLE).",
            _fixed(503, "UNAVAILABLE", "The model is overloaded. Please try again later."),
            GENERATION_ENDPOINTS,
        ),
        Scenario(
            "AQ.fake-internal",
            "Internal error (500 INTERNAL).",
            _fixed(500, "INTERNAL", INTERNAL_MESSAGE),
            GENERATION_ENDPOINTS,
        ),
        Scenario(
            "AQ.fake-deadline",
            "Deadline exceeded (504 DEADLINE_EXCEEDED).",
            _fixed(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete."),
            GENERATION_ENDPOINTS,
        ),
        Scenario("AQ.fake-safety", "Reply blocked by safety filters (finishReason SAFETY).", reply=Reply.SAFETY),
        Scenario(
            "AQ.fake-promptblocked",
            "Prompt blocked (promptFeedback.blockReason SAFETY).",
            reply=Reply.PROMPT_BLOCKED,
        ),
        Scenario(
            "AQ.fake-recitation", "Reply stopped for recitation (finishReason RECITATION).", reply=Reply.RECITATION
        ),
        Scenario(
            "AQ.fake-streamcut", "Streaming breaks after one chunk (INTERNAL error chunk).", reply=Reply.STREAM_CUT
        ),
        Scenario(HANG_KEY, "Never answers in time: for client timeouts.", hang=True),
        Scenario(TRICKLE_KEY, "Answers a byte at a time, never finishing in time: for budgets.", trickle=True),
    )
}

_UNKNOWN_KEY = Scenario("", "Any other key: not valid, as Google answers.", _INVALID_KEY, ALL_ENDPOINTS)
_NO_KEY = Scenario("", "No key sent.", _unregistered_caller, ALL_ENDPOINTS)


def scenario_for_key(api_key: str | None) -> Scenario:
    if not api_key:
        return _NO_KEY
    return SCENARIOS.get(api_key, _UNKNOWN_KEY)


# ---- 200 bodies -------------------------------------------------------------------------------------

STREAM_CUT_ERROR = ApiError(500, "INTERNAL", INTERNAL_MESSAGE)

_SAFETY_RATINGS = (
    {"category": "HARM_CATEGORY_SEXUALLY_EXPLICIT", "probability": "NEGLIGIBLE"},
    {"category": "HARM_CATEGORY_HATE_SPEECH", "probability": "NEGLIGIBLE"},
    {"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"},
    {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": True},
)


def count_tokens(text: str) -> int:
    """A stand-in tokenizer: one token per word, at least one."""
    return max(1, len(text.split()))


def _usage(prompt_tokens: int, candidate_tokens: int | None) -> dict[str, int]:
    usage = {"promptTokenCount": prompt_tokens, "totalTokenCount": prompt_tokens + (candidate_tokens or 0)}
    if candidate_tokens is not None:
        usage["candidatesTokenCount"] = candidate_tokens
    return usage


def _text_candidate(text: str, finish_reason: str | None) -> dict[str, Any]:
    candidate: dict[str, Any] = {"content": {"parts": [{"text": text}], "role": "model"}, "index": 0}
    if finish_reason:
        candidate["finishReason"] = finish_reason
    return candidate


def _reply_words(max_output_tokens: int | None) -> tuple[list[str], str]:
    """The reply's words and finish reason, honouring maxOutputTokens as the real API does."""
    words = REPLY_TEXT.split()
    if max_output_tokens is not None and 0 < max_output_tokens < len(words):
        return words[:max_output_tokens], "MAX_TOKENS"
    return words, "STOP"


def generate_reply(
    scenario: Scenario, *, model_id: str, prompt_tokens: int, max_output_tokens: int | None
) -> dict[str, Any]:
    """The body of a 200 generateContent answer for this scenario."""
    base = {"modelVersion": model_id, "responseId": "emulator-response"}
    if scenario.reply is Reply.SAFETY:
        candidate = {"finishReason": "SAFETY", "index": 0, "safetyRatings": [dict(r) for r in _SAFETY_RATINGS]}
        return {"candidates": [candidate], "usageMetadata": _usage(prompt_tokens, None), **base}
    if scenario.reply is Reply.PROMPT_BLOCKED:
        feedback = {"blockReason": "SAFETY", "safetyRatings": [dict(r) for r in _SAFETY_RATINGS]}
        return {"promptFeedback": feedback, "usageMetadata": _usage(prompt_tokens, None), **base}
    if scenario.reply is Reply.RECITATION:
        candidate = {
            "finishReason": "RECITATION",
            "index": 0,
            "citationMetadata": {
                "citationSources": [
                    {"startIndex": 0, "endIndex": 120, "uri": "https://example.com/copyrighted-lyrics", "license": ""}
                ]
            },
        }
        return {"candidates": [candidate], "usageMetadata": _usage(prompt_tokens, None), **base}
    words, finish_reason = _reply_words(max_output_tokens)
    return {
        "candidates": [_text_candidate(" ".join(words), finish_reason)],
        "usageMetadata": _usage(prompt_tokens, len(words)),
        **base,
    }


def stream_reply(
    scenario: Scenario, *, model_id: str, prompt_tokens: int, max_output_tokens: int | None
) -> list[dict[str, Any] | ApiError]:
    """The chunks of a streamGenerateContent answer; an ApiError item is sent as an error chunk."""
    if scenario.reply in (Reply.SAFETY, Reply.PROMPT_BLOCKED, Reply.RECITATION):
        # Google blocks before streaming any text, so the single chunk is the whole verdict.
        return [
            generate_reply(
                scenario, model_id=model_id, prompt_tokens=prompt_tokens, max_output_tokens=max_output_tokens
            )
        ]
    words, finish_reason = _reply_words(max_output_tokens)
    pieces = [words[i : i + 3] for i in range(0, len(words), 3)]
    chunks: list[dict[str, Any] | ApiError] = []
    sent = 0
    for number, piece in enumerate(pieces):
        sent += len(piece)
        last = number == len(pieces) - 1
        text = " ".join(piece) + ("" if last else " ")
        chunks.append(
            {
                "candidates": [_text_candidate(text, finish_reason if last else None)],
                "usageMetadata": _usage(prompt_tokens, sent),
                "modelVersion": model_id,
                "responseId": "emulator-response",
            }
        )
    if scenario.reply is Reply.STREAM_CUT:
        return [chunks[0], STREAM_CUT_ERROR]
    return chunks
