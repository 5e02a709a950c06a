"""What the templates show of the knowledge base: code tabs, facts, badges, entries grouped by category.

Plain functions and frozen dataclasses, so the views stay short and the decisions (which entry
is the headline, how a fact reads, which part of a line is highlighted) can be tested without
rendering a page. Anything that becomes HTML here is escaped piece by piece.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from django.utils.safestring import SafeString, mark_safe

from classifier import Facts

from .code_languages import CODE_LANGUAGES
from .kb_files import CATEGORIES

# The SDK a paste came from, as the classifier names it, to the code tab to open first.
SDK_TO_TAB: dict[str, str] = {
    "google-genai": "google-genai",
    "google-generativeai": "google-generativeai",
    "google-api-core": "google-generativeai",
    "grpc": "google-generativeai",
    "@google/genai": "javascript",
    "@google/generative-ai": "javascript",
    "rest": "rest",
}
SDK_LABELS: dict[str, str] = {
    "google-genai": "google-genai (Python)",
    "google-generativeai": "google-generativeai (legacy Python SDK)",
    "google-api-core": "google-api-core (under the legacy Python SDK)",
    "@google/genai": "@google/genai (JavaScript)",
    "@google/generative-ai": "@google/generative-ai (legacy JavaScript SDK)",
    "langchain": "LangChain",
    "litellm": "LiteLLM",
    "gemini-cli": "Gemini CLI",
    "vertex-ai-sdk": "Vertex AI SDK",
    "grpc": "gRPC",
    "rest": "REST (curl)",
}


# Code samples ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeTab:
    key: str
    label: str
    note: str
    html: SafeString


class HighlightedCode(Protocol):
    """What the code tabs need of an entry (a KnownError): its code, highlighted, by language."""

    @property
    def code_html(self) -> Mapping[str, str]: ...


def code_tabs(entry: HighlightedCode) -> list[CodeTab]:
    """The entry's highlighted code, in the registry's tab order (google-genai first)."""
    return [
        # Highlighted by Pygments and sanitised by nh3 when the entry was saved.
        CodeTab(key=key, label=language.label, note=language.note, html=mark_safe(entry.code_html[key]))
        for key, language in CODE_LANGUAGES.items()
        if entry.code_html.get(key)
    ]


# Badges ------------------------------------------------------------------------------------------


def http_code_class(code: int | None) -> str:
    """The badge colour class for an HTTP code: client errors and server errors look different."""
    if code is None:
        return "badge--none"
    if 400 <= code < 500:
        return "badge--4xx"
    if 500 <= code < 600:
        return "badge--5xx"
    return "badge--none"


# Facts -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    note: str = ""
    # "warning" marks a fact that is itself the problem (a retired or unknown model).
    tone: str = ""
    suggestions: tuple[str, ...] = ()


def _seconds(value: float) -> str:
    seconds = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    if value >= 90:
        return f"{seconds} s (about {round(value / 60)} min)"
    return f"{seconds} s"


def _model_fact(facts: Facts) -> Fact | None:
    model = facts.model
    if not model:
        return None
    status = facts.model_status
    suggestions = facts.model_suggestions
    if status == "retired":
        shutdown = facts.model_shutdown_date
        note = f"retired (shut down {shutdown})" if shutdown else "retired: Google no longer serves it"
        return Fact("Model", model, note=note, tone="warning", suggestions=suggestions)
    if status == "unknown":
        return Fact("Model", model, note="not a model ID we know", tone="warning", suggestions=suggestions)
    if status == "preview":
        return Fact("Model", model, note="preview model: it may change or be shut down at short notice")
    if status == "current":
        return Fact("Model", model, note="current model")
    return Fact("Model", model, suggestions=suggestions)


def fact_rows(facts: Facts) -> list[Fact]:
    """What the paste says about the failed call, as label/value rows; missing facts are left out."""
    rows: list[Fact] = []
    model = _model_fact(facts)
    if model:
        rows.append(model)
    status = " ".join(str(part) for part in (facts.http_code, facts.api_status) if part)
    if status:
        rows.append(Fact("Status", status))
    if facts.reason:
        rows.append(Fact("Reason", facts.reason))
    period = {"minute": "per minute", "day": "per day"}.get(facts.quota_period or "", "")
    quota = facts.quota_metric or facts.quota_id
    if quota:
        limit = facts.quota_value
        note = ", ".join(part for part in (period, f"limit {limit:,}" if limit is not None else "") if part)
        rows.append(Fact("Quota", quota, note=note))
        if facts.quota_metric and facts.quota_id:
            rows.append(Fact("Quota ID", facts.quota_id))
    elif period:
        rows.append(Fact("Quota", period))
    if facts.retry_delay_seconds is not None:
        rows.append(Fact("Retry after", _seconds(facts.retry_delay_seconds), note="as Google suggested"))
    if facts.finish_reason:
        rows.append(Fact("Finish reason", facts.finish_reason))
    if facts.block_reason:
        rows.append(Fact("Block reason", facts.block_reason, tone="warning"))
    if facts.sdk:
        others = [SDK_LABELS.get(client, client) for client in facts.clients if client != facts.sdk]
        note = f"also seen: {', '.join(others)}" if others else ""
        rows.append(Fact("Client", SDK_LABELS.get(facts.sdk, facts.sdk), note=note))
    if facts.service:
        rows.append(Fact("Service", facts.service))
    if facts.api_version:
        rows.append(Fact("API version", facts.api_version))
    return rows


# The answer to a paste ---------------------------------------------------------------------------

_HEADING = re.compile(r"<(/?)h([1-5])(?=[\s>])")


def demote_headings(html: str, *, levels: int = 1) -> SafeString:
    """Sanitised entry HTML with its headings moved down, to sit under the result's own heading.
    Safe on nh3's output: the only tags left are the allow-listed ones, and `<` in text is escaped."""
    return mark_safe(_HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + levels, 6)}", html))


def percent(confidence: float) -> int:
    return max(0, min(100, round(confidence * 100)))


# Error pages -------------------------------------------------------------------------------------


class Categorised(Protocol):
    @property
    def category(self) -> str: ...


_Entry = TypeVar("_Entry", bound=Categorised)


@dataclass(frozen=True)
class CategoryGroup(Generic[_Entry]):
    key: str
    label: str
    errors: list[_Entry]


def group_by_category(errors: Iterable[_Entry]) -> list[CategoryGroup[_Entry]]:
    """Errors grouped under their category, in the order the categories are declared."""
    groups: dict[str, list[_Entry]] = {}
    for error in errors:
        groups.setdefault(error.category, []).append(error)
    order = list(CATEGORIES)
    return [
        CategoryGroup(key=key, label=CATEGORIES.get(key, key), errors=groups[key])
        for key in sorted(groups, key=lambda key: order.index(key) if key in order else len(order))
    ]
