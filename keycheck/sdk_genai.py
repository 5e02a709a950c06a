"""The key check's calls through google-genai: one Client per check, key and base URL on the client."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx2
from google import genai
from google.genai import errors, types

from .cutoff import Cutoff, socket_shutter
from .failures import ApiFailure, failure_from_details
from .responses import PROBE_PROMPT, enum_name, flagged_ratings, read_until
from .session import FINISHED_NORMALLY, Generation, ListedModel, ModelPage

# httpcore's trace events for a connection it opened (plain, then TLS): their return value is the stream.
_CONNECTED_EVENTS = ("connect_tcp.complete", "start_tls.complete")


class GenAiSession:
    def __init__(self, *, api_key: str, base_url: str) -> None:
        self._cutoff = Cutoff()
        # Every request carries a trace callback that registers the sockets its connection opens; the
        # client stays the SDK's own, with its TLS set-up. vertexai=False: an environment with
        # GOOGLE_GENAI_USE_VERTEXAI set must not reroute the check.
        hooks = {"request": [self._trace_connections]}
        options = types.HttpOptions(base_url=base_url, client_args={"event_hooks": hooks})
        self._client = genai.Client(api_key=api_key, vertexai=False, http_options=options)

    def list_models(self, *, page_token: str, page_size: int, timeout: float) -> ModelPage:
        config = types.ListModelsConfig(
            page_size=page_size, page_token=page_token or None, http_options=_http_options(timeout)
        )
        pager = self._client.models.list(config=config)
        models = tuple(_listed(m) for m in pager.page)
        return ModelPage(models, str(pager.config.get("page_token") or ""))

    def get_model(self, model_id: str, *, timeout: float) -> ListedModel:
        config = types.GetModelConfig(http_options=_http_options(timeout))
        return _listed(self._client.models.get(model=model_id, config=config))

    def generate(self, model_id: str, *, max_output_tokens: int, timeout: float) -> Generation:
        response = self._client.models.generate_content(
            model=model_id, contents=PROBE_PROMPT, config=_generation_config(max_output_tokens, timeout)
        )
        return _generation([response])

    def stream(
        self, model_id: str, *, max_output_tokens: int, timeout: float, out_of_time: Callable[[], bool]
    ) -> Generation:
        chunks = self._client.models.generate_content_stream(
            model=model_id, contents=PROBE_PROMPT, config=_generation_config(max_output_tokens, timeout)
        )
        return _generation([chunk for chunk in read_until(chunks, out_of_time)])

    def api_failure(self, exc: BaseException) -> ApiFailure | None:
        if not isinstance(exc, errors.APIError):
            return None
        body = exc.details if isinstance(exc.details, dict) else {}
        error = body.get("error")
        error = error if isinstance(error, dict) else body
        return failure_from_details(exc.code, exc.status or "", str(exc.message or ""), error.get("details") or [])

    def cut(self) -> None:
        self._cutoff.cut()

    def close(self) -> None:
        self._client.close()

    def _trace_connections(self, request: httpx2.Request) -> None:
        request.extensions["trace"] = self._on_trace

    def _on_trace(self, event: str, info: Mapping[str, Any]) -> None:
        if event.endswith(_CONNECTED_EVENTS):
            sock = info["return_value"].get_extra_info("socket")
            if sock is not None:
                self._cutoff.register(socket_shutter(sock))


def _http_options(timeout: float) -> types.HttpOptions:
    return types.HttpOptions(timeout=max(1, int(timeout * 1000)))


def _generation_config(max_output_tokens: int, timeout: float) -> types.GenerateContentConfig:
    return types.GenerateContentConfig(max_output_tokens=max_output_tokens, http_options=_http_options(timeout))


def _listed(model: types.Model) -> ListedModel:
    return ListedModel(str(model.name or "").removeprefix("models/"), tuple(model.supported_actions or ()))


def _generation(responses: list[Any]) -> Generation:
    finish_reason = block_reason = None
    has_text = False
    ratings: list[Any] = []
    for response in responses:
        feedback = response.prompt_feedback
        block_reason = block_reason or (enum_name(feedback.block_reason) if feedback else None)
        if response.candidates:
            candidate = response.candidates[0]
            finish_reason = enum_name(candidate.finish_reason) or finish_reason
            ratings += candidate.safety_ratings or []
        # google-genai returns None instead of raising when there is no text (REFERENCE §2a).
        has_text = has_text or bool(response.text)
    flagged = flagged_ratings(ratings)
    return Generation(
        finish_reason,
        block_reason,
        has_text,
        len(responses),
        flagged,
        _text_error(finish_reason, block_reason, has_text, flagged),
    )


def _text_error(finish_reason: str | None, block_reason: str | None, has_text: bool, flagged: str) -> str:
    """What the user's `response.text` gives back, said in words: google-genai returns rather than raises."""
    if block_reason:
        return (
            "google-genai returned no text (response.text is None): "
            f"prompt_feedback.block_reason=BlockedReason.{block_reason}"
        )
    if finish_reason in FINISHED_NORMALLY:
        return ""
    text = (
        f"google-genai returned {'text' if has_text else 'no text (response.text is None)'}: "
        f"candidates[0].finish_reason=FinishReason.{finish_reason or 'FINISH_REASON_UNSPECIFIED'}"
    )
    return text + (f", safety_ratings=[{flagged}]" if flagged else "")
