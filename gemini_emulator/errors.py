"""Google's error bodies, as the Gemini API sends them, and the factories the scenarios pick from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .endpoints import RequestContext

SERVICE = "generativelanguage.googleapis.com"
PROJECT_NUMBER = "123456789012"
ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"
LOCALIZED_MESSAGE = "type.googleapis.com/google.rpc.LocalizedMessage"
HELP = "type.googleapis.com/google.rpc.Help"
QUOTA_FAILURE = "type.googleapis.com/google.rpc.QuotaFailure"
RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo"


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


def _error_info(reason: str, **metadata: str) -> dict[str, Any]:
    return {
        "@type": ERROR_INFO,
        "reason": reason,
        "domain": "googleapis.com",
        "metadata": {"service": SERVICE, **metadata},
    }


def _localized(message: str) -> dict[str, Any]:
    return {"@type": LOCALIZED_MESSAGE, "locale": "en-US", "message": message}


def key_invalid(message: str) -> ErrorFactory:
    def build(context: RequestContext) -> ApiError:
        return ApiError(400, "INVALID_ARGUMENT", message, (_error_info("API_KEY_INVALID"), _localized(message)))

    return build


def legacy_key_rejected(context: RequestContext) -> ApiError:
    return ApiError(
        401,
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other "
        "valid authentication credential.",
        (_error_info("ACCESS_TOKEN_TYPE_UNSUPPORTED", method=context.endpoint.rpc_method(context.api_version)),),
    )


def service_disabled(context: RequestContext) -> ApiError:
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


def service_blocked(context: RequestContext) -> ApiError:
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


def key_leaked(context: RequestContext) -> ApiError:
    return ApiError(403, "PERMISSION_DENIED", "Your API key was reported as leaked. Please use another API key.")


def consumer_suspended(context: RequestContext) -> ApiError:
    # Google names the consumer by its key here, so whoever shows this text must redact it.
    message = f"Permission denied: Consumer 'api_key:{context.api_key}' has been suspended."
    return ApiError(
        403,
        "PERMISSION_DENIED",
        message,
        (_error_info("CONSUMER_SUSPENDED", consumer=f"projects/{PROJECT_NUMBER}"), _localized(message)),
    )


def unregistered_caller(context: RequestContext) -> ApiError:
    return ApiError(
        403,
        "PERMISSION_DENIED",
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or "
        "other form of API consumer identity to call this API.",
    )


def prepay_depleted(context: RequestContext) -> ApiError:
    return ApiError(
        402,
        "RESOURCE_EXHAUSTED",
        "Your prepayment credits are depleted. Please go to AI Studio at https://ai.studio/projects to manage your "
        "project and billing.",
    )


def quota_exhausted(*, quota_id: str, limit: int, retry_seconds: str) -> ErrorFactory:
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


def fixed_error(http_code: int, status: str, message: str) -> ErrorFactory:
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


INTERNAL_ERROR = ApiError(
    500,
    "INTERNAL",
    "An internal error has occurred. Please retry or report in "
    "https://developers.generativeai.google/guide/troubleshooting",
)


def internal_error(context: RequestContext) -> ApiError:
    return INTERNAL_ERROR
