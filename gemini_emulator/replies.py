"""The 200 bodies: a text reply, its stream of chunks, and the blocked replies some scenarios send."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import INTERNAL_ERROR, ApiError
from .scenarios import Reply, Scenario

REPLY_TEXT = "Hello from the local Gemini emulator. Your key works."


@dataclass(frozen=True)
class Asked:
    """What a generation request asked for, as far as the reply depends on it."""

    model_id: str
    prompt_tokens: int
    max_output_tokens: int | None


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


def generate_reply(scenario: Scenario, asked: Asked) -> dict[str, Any]:
    """The body of a 200 generateContent answer for this scenario."""
    prompt_tokens = asked.prompt_tokens
    base = {"modelVersion": asked.model_id, "responseId": "emulator-response"}
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
    words, finish_reason = _reply_words(asked.max_output_tokens)
    return {
        "candidates": [_text_candidate(" ".join(words), finish_reason)],
        "usageMetadata": _usage(prompt_tokens, len(words)),
        **base,
    }


def stream_reply(scenario: Scenario, asked: Asked) -> list[dict[str, Any] | ApiError]:
    """The chunks of a streamGenerateContent answer; an ApiError item is sent as an error chunk."""
    if scenario.reply in (Reply.SAFETY, Reply.PROMPT_BLOCKED, Reply.RECITATION):
        # Google blocks before streaming any text, so the single chunk is the whole verdict.
        return [generate_reply(scenario, asked)]
    words, finish_reason = _reply_words(asked.max_output_tokens)
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
                "usageMetadata": _usage(asked.prompt_tokens, sent),
                "modelVersion": asked.model_id,
                "responseId": "emulator-response",
            }
        )
    if scenario.reply is Reply.STREAM_CUT:
        return [chunks[0], INTERNAL_ERROR]
    return chunks
