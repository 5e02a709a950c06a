"""The steps of a key check, in order; each stops the check when it fails.

1. Key accepted: the first page of models.list. It proves only that Google accepts the key.
2. Models reachable: the remaining pages; which Gemini models can generate content.
3. Model exists: the requested model is in that list (or models.get finds it).
4. One-token call: generateContent with max_output_tokens=1. Quota, billing, region and capacity
   are only checked where a model runs, so this is the step that finds them (REFERENCE §4).
5. Streaming call (when asked for): streamGenerateContent, reading every chunk.

Adding a step is adding one `Step` here and its place in STEPS.
"""

from __future__ import annotations

import re
from dataclasses import replace

from classifier.model_ids import MODEL_ID

from .context import Passed, Step, StepContext, StepFailed
from .failures import exception_text
from .session import FINISHED_NORMALLY, Generation, ListedModel
from .types import DEFAULT_MODEL

STREAM_MAX_OUTPUT_TOKENS = 16
MAX_LISTED_IN_DETAIL = 12

_MODEL_ID = re.compile(MODEL_ID)


def _key_accepted(context: StepContext) -> Passed:
    page = context.session.list_models(
        page_token="", page_size=context.target.paging.page_size, timeout=context.call_timeout()
    )
    count = _plural(len(page.models), "model")
    detail = f"Google accepted the key: models.list answered with {count} on the first page."
    return Passed(detail, replace(context.findings, first_page=page))


def _models_reachable(context: StepContext) -> Passed:
    paging = context.target.paging
    page = context.findings.first_page or context.session.list_models(
        page_token="", page_size=paging.page_size, timeout=context.call_timeout()
    )
    models = list(page.models)
    pages = 1
    while page.next_page_token and pages < paging.max_pages:
        page = context.session.list_models(
            page_token=page.next_page_token, page_size=paging.page_size, timeout=context.call_timeout()
        )
        models += page.models
        pages += 1
    gemini = [m.model_id for m in models if m.generates_content and m.model_id.startswith("gemini")]
    findings = replace(context.findings, models=tuple(models), reachable_models=tuple(gemini))
    if not any(m.generates_content for m in models):
        detail = f"The key can list {len(models)} models, but none of them supports generateContent."
        raise StepFailed(detail, findings=findings)
    shown = ", ".join(gemini[:MAX_LISTED_IN_DETAIL]) + (", …" if len(gemini) > MAX_LISTED_IN_DETAIL else "")
    detail = f"{len(models)} models listed; {len(gemini)} Gemini models support generateContent" + (
        f": {shown}." if gemini else "."
    )
    return Passed(detail, findings)


def _model_exists(context: StepContext) -> Passed:
    model_id = context.target.model_id
    if not _MODEL_ID.fullmatch(model_id):
        detail = f"{model_id!r} is not a model ID (expected something like {DEFAULT_MODEL})."
        raise StepFailed(detail, findings=context.with_suggestions())
    listed = next((m for m in context.findings.models if m.model_id == model_id), None)
    found_by = "in the model list"
    if listed is None:
        listed = _get_model(context)
        found_by = "not in the list, but models.get found it"
    if not listed.generates_content:
        raise StepFailed(
            f"{model_id} exists but does not support generateContent.", findings=context.with_suggestions()
        )
    return Passed(f"{model_id} is {found_by} and supports generateContent.", context.findings)


def _get_model(context: StepContext) -> ListedModel:
    model_id = context.target.model_id
    timeout = context.call_timeout()
    try:
        return context.session.get_model(model_id, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - any SDK or network error is a finding to report
        findings = context.with_suggestions()
        closest = f" Closest: {', '.join(findings.model_suggestions)}." if findings.model_suggestions else ""
        detail = (
            f"{model_id} is not in the model list for this key, and models.get failed: {context.describe(exc)}{closest}"
        )
        raise StepFailed(detail, exception_text(exc), findings) from exc


def _one_token_call(context: StepContext) -> Passed:
    timeout = context.call_timeout()
    try:
        generation = context.session.generate(context.target.model_id, max_output_tokens=1, timeout=timeout)
    except Exception as exc:
        failure = context.session.api_failure(exc)
        if failure is not None and failure.code == 404:
            raise StepFailed(context.describe(exc), exception_text(exc), context.with_suggestions()) from exc
        raise
    _judge(generation, streaming=False)
    return Passed(
        f"generateContent answered (finish_reason {generation.finish_reason or 'not given'}).", context.findings
    )


def _streaming_call(context: StepContext) -> Passed:
    generation = context.session.stream(
        context.target.model_id,
        max_output_tokens=STREAM_MAX_OUTPUT_TOKENS,
        timeout=context.call_timeout(),
        out_of_time=context.deadline.passed,
    )
    _judge(generation, streaming=True)
    chunks = _plural(generation.chunks, "chunk")
    return Passed(f"streamGenerateContent sent {chunks} (finish_reason {generation.finish_reason}).", context.findings)


def _judge(generation: Generation, *, streaming: bool) -> None:
    """A 200 answer can still be a failure: blocked prompt, blocked or cut-off reply."""
    if generation.block_reason:
        raise StepFailed(
            f"The prompt was blocked (prompt_feedback.block_reason {generation.block_reason}); no candidates "
            "came back. The key works; the safety filters rejected the test prompt.",
            generation.text_error,
        )
    reason = generation.finish_reason
    if reason in FINISHED_NORMALLY or (reason is None and generation.has_text and not streaming):
        return
    if reason is None:
        raise StepFailed(
            f"The stream ended after {_plural(generation.chunks, 'chunk')} without a finish reason: it was cut "
            "short (the SDK did not raise).",
            generation.text_error,
        )
    flagged = f" ({generation.flagged_ratings})" if generation.flagged_ratings else ""
    raise StepFailed(
        f"finish_reason {reason}{flagged}: the model stopped before a normal end (STOP or MAX_TOKENS). "
        "The key works; the reply did not.",
        generation.text_error,
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


KEY_ACCEPTED = Step("key_accepted", "Key accepted", _key_accepted)
MODELS_REACHABLE = Step("models_reachable", "Models reachable", _models_reachable)
MODEL_EXISTS = Step("model_exists", "Model exists", _model_exists)
ONE_TOKEN_CALL = Step("one_token_call", "One-token call", _one_token_call)
STREAMING_CALL = Step("streaming_call", "Streaming call", _streaming_call, streaming=True)

STEPS = (KEY_ACCEPTED, MODELS_REACHABLE, MODEL_EXISTS, ONE_TOKEN_CALL, STREAMING_CALL)
