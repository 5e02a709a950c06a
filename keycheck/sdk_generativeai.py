"""The key check's calls through google-generativeai, without `genai.configure`.

`genai.configure` stores one key for the whole process; `_ClientManager.make_client` then builds
`glm.<Name>ServiceClient(transport=..., client_options=..., client_info=...)`. This builds those same
clients per check and hands them to `GenerativeModel` (its `_client`), so the calls, retries and
exceptions are the SDK's own, and two checks running at once cannot use each other's key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import google.ai.generativelanguage as glm
from google.api_core import client_options, gapic_v1
from google.api_core import exceptions as core_exceptions
from google.generativeai import GenerativeModel
from google.generativeai import version as legacy_version
from google.generativeai.types.helper_types import RequestOptions
from requests import Response

from .cutoff import Cutoff
from .failures import ApiFailure, exception_text, failure_from_details
from .responses import PROBE_PROMPT, enum_name, flagged_ratings, read_until
from .session import FINISHED_NORMALLY, Generation, ListedModel, ModelPage

_REST_PREFIX = re.compile(r"^(?:GET|POST|PUT|PATCH|DELETE) \S+: ")


class GenerativeAiSession:
    def __init__(self, *, api_key: str, base_url: str) -> None:
        options = client_options.ClientOptions(api_endpoint=base_url, api_key=api_key)
        info = gapic_v1.client_info.ClientInfo(user_agent=f"genai-py/{legacy_version.__version__}")
        # REST: gRPC needs TLS, and REST is what reaches a plain-http emulator or proxy (REFERENCE §5).
        self._model_client = glm.ModelServiceClient(transport="rest", client_options=options, client_info=info)
        self._generative_client = glm.GenerativeServiceClient(
            transport="rest", client_options=options, client_info=info
        )
        self._cutoff = Cutoff()
        for client in (self._model_client, self._generative_client):
            # The REST transport's requests session, whose response hook runs before the body is read.
            # The base transport type the stubs give `transport` has no session: hence the ignore.
            client.transport._session.hooks["response"].append(self._watch_response)  # type: ignore[union-attr]

    def list_models(self, *, page_token: str, page_size: int, timeout: float) -> ModelPage:
        pager = self._model_client.list_models(
            page_size=page_size, page_token=page_token or None, **_request_options(timeout)
        )
        return ModelPage(tuple(_listed(m) for m in pager.models), str(pager.next_page_token or ""))

    def get_model(self, model_id: str, *, timeout: float) -> ListedModel:
        return _listed(self._model_client.get_model(name=f"models/{model_id}", **_request_options(timeout)))

    def generate(self, model_id: str, *, max_output_tokens: int, timeout: float) -> Generation:
        response = self._model(model_id, max_output_tokens).generate_content(
            PROBE_PROMPT, request_options=_request_options(timeout)
        )
        return _generation(response, chunks=1)

    def stream(
        self, model_id: str, *, max_output_tokens: int, timeout: float, out_of_time: Callable[[], bool]
    ) -> Generation:
        response = self._model(model_id, max_output_tokens).generate_content(
            PROBE_PROMPT, stream=True, request_options=_request_options(timeout)
        )
        chunks = sum(1 for _ in read_until(response, out_of_time))
        return _generation(response, chunks=chunks)

    def api_failure(self, exc: BaseException) -> ApiFailure | None:
        if not isinstance(exc, core_exceptions.GoogleAPICallError):
            return None
        details = [d for d in (exc.details or []) if isinstance(d, dict)]
        code = exc.code if isinstance(exc.code, int) else None
        # Not `exc.reason`: with the REST transport api_core keeps ErrorInfo as a dict and that property raises.
        return failure_from_details(code, "", _REST_PREFIX.sub("", str(exc.message or "")), details)

    def cut(self) -> None:
        self._cutoff.cut()

    def close(self) -> None:
        for client in (self._model_client, self._generative_client):
            client.transport.close()

    def _watch_response(self, response: Response, *args: object, **kwargs: object) -> None:
        # urllib3's shutdown wakes a read blocked in another thread; the SDK then closes the connection.
        self._cutoff.register(response.raw.shutdown)

    def _model(self, model_id: str, max_output_tokens: int) -> GenerativeModel:
        model = GenerativeModel(model_id, generation_config={"max_output_tokens": max_output_tokens})
        # The SDK annotates `_client` as None (it builds its own on first use); ours goes in its place.
        model._client = self._generative_client  # type: ignore[assignment]
        return model


def _request_options(timeout: float) -> RequestOptions:
    # retry=None: by default the SDK retries 503 for up to 10 minutes; a check reports the first 503.
    return RequestOptions(retry=None, timeout=timeout)


def _listed(model: Any) -> ListedModel:
    return ListedModel(str(model.name).removeprefix("models/"), tuple(model.supported_generation_methods))


def _generation(response: Any, *, chunks: int) -> Generation:
    block_reason = enum_name(response.prompt_feedback.block_reason) if response.prompt_feedback else None
    candidate = response.candidates[0] if response.candidates else None
    finish_reason = enum_name(candidate.finish_reason) if candidate is not None else None
    flagged = flagged_ratings(candidate.safety_ratings if candidate is not None else ())
    has_text = bool(candidate is not None and candidate.content.parts)
    text_error = ""
    if block_reason or finish_reason not in FINISHED_NORMALLY:
        text_error = _text_error(response, finish_reason, chunks)
    return Generation(finish_reason, block_reason, has_text, chunks, flagged, text_error)


def _text_error(response: Any, finish_reason: str | None, chunks: int) -> str:
    """What `response.text` does in the user's code: raise, with the SDK's own wording."""
    try:
        response.text  # noqa: B018 - evaluated for the exception it raises
    except Exception as exc:  # noqa: BLE001
        return exception_text(exc)
    if finish_reason is None and chunks > 1:
        # The legacy SDK drops an error chunk mid-stream without raising.
        return (
            f"google-generativeai: the stream ended without a finish reason after {chunks} chunks; "
            "it was cut short and the SDK raised nothing."
        )
    return (
        "google-generativeai returned text without raising, but "
        f"response.candidates[0].finish_reason={finish_reason or 'FINISH_REASON_UNSPECIFIED'}"
    )
