"""What the templates show of the knowledge base: code tabs, facts, badges, entries grouped by category.

Plain functions and frozen dataclasses, so the views stay short and the decisions (which entry
is the headline, how a fact reads, which part of a line is highlighted) can be tested without
rendering a page. Anything that becomes HTML here is escaped piece by piece.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from classifier import Facts, Retry

from .code_languages import CODE_LANGUAGES
from .vocabulary import CATEGORIES

# The SDK a paste came from, as the classifier names it, to the code tabs to open first, best first:
# an entry without legacy @google/generative-ai code opens its @google/genai code instead.
SDK_TO_TABS: dict[str, tuple[str, ...]] = {
    "google-genai": ("google-genai",),
    "google-generativeai": ("google-generativeai",),
    "google-api-core": ("google-generativeai",),
    "grpc": ("google-generativeai",),
    "@google/genai": ("javascript",),
    "@google/generative-ai": ("javascript-legacy", "javascript"),
    "rest": ("rest",),
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


def preferred_tab(sdk: str | None, tabs: Sequence[CodeTab]) -> str:
    """The key of the code tab to open first for a paste from `sdk`; "" keeps the entry's own order."""
    keys = {tab.key for tab in tabs}
    return next((key for key in SDK_TO_TABS.get(sdk or "", ()) if key in keys), "")


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


# Per-day quotas reset at midnight Pacific time (../shared/REFERENCE.md §1c).
DAILY_RESET = "at midnight Pacific time"


def _shutdown_dates(facts: Facts) -> str:
    earliest, latest = facts.model_shutdown_date, facts.model_shutdown_latest
    if earliest and latest and latest != earliest:
        return f"between {earliest} and {latest}"
    return earliest or latest or ""


def _unconfirmed_note(facts: Facts) -> str:
    dates = _shutdown_dates(facts)
    if facts.model_served:
        listed = f"our model list gives its shutdown as {dates}" if dates else "our model list marks it retired"
        return f"{listed}, but your paste shows Google serving it"
    if dates:
        return f"status unconfirmed: our sources put its shutdown {dates}"
    return "status unconfirmed: our list marks it retired, with no shutdown date"


def _model_fact(facts: Facts) -> Fact | None:
    model = facts.model
    if not model:
        return None
    status = facts.model_status
    suggestions = facts.model_suggestions
    dates = _shutdown_dates(facts)
    if status == "retired":
        note = f"retired (shut down {dates})" if dates else "retired: Google no longer serves it"
        return Fact("Model", model, note=note, tone="warning", suggestions=suggestions)
    if status == "unconfirmed":
        tone = "" if facts.model_served else "warning"
        return Fact("Model", model, note=_unconfirmed_note(facts), tone=tone, suggestions=suggestions)
    if status == "scheduled":
        return Fact("Model", model, note=f"scheduled for retirement ({dates})", suggestions=suggestions)
    if status == "unknown":
        return Fact("Model", model, note="not a model ID we know", tone="warning", suggestions=suggestions)
    planned = f"; shutdown planned {dates}" if dates else ""
    if status == "preview":
        return Fact("Model", model, note="preview model: it may change or be shut down at short notice" + planned)
    if status == "current":
        return Fact("Model", model, note="current model" + planned)
    return Fact("Model", model, suggestions=suggestions)


def _retry_fact(facts: Facts, retry: Retry) -> Fact | None:
    """When to try again, as the documented error says: Google's retry delay only where waiting helps."""
    delay = facts.retry_delay_seconds
    if retry == "yes":
        return None if delay is None else Fact("Retry after", _seconds(delay), note="as Google suggested")
    ignored = f"waiting the {_seconds(delay)} in the error will not help" if delay is not None else ""
    if retry == "after-reset" and facts.quota_period == "day":
        return Fact("Retry", f"after the daily reset, {DAILY_RESET}", note=ignored)
    if retry == "after-reset" and delay is not None:
        return Fact("Retry", "after the quota or cap resets", note=ignored)
    if retry == "no" and delay is not None:
        return Fact("Retry", "only after fixing the cause", note=ignored)
    return None


def fact_rows(facts: Facts, *, retry: Retry = "yes", message: bool = True) -> list[Fact]:
    """What the paste says about the failed call, as label/value rows; missing facts are left out.

    `retry` is what the documented error says of retrying, so that the rows never contradict its
    fix; `message` False leaves out the server's message, for a page that shows it on its own."""
    rows: list[Fact] = []
    model = _model_fact(facts)
    if model:
        rows.append(model)
    status = " ".join(str(part) for part in (facts.http_code, facts.api_status) if part)
    if status:
        rows.append(Fact("Status", status))
    if message and facts.message:
        rows.append(Fact("Message", facts.message))
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
    if facts.quota_period == "day" and retry != "after-reset":
        rows.append(Fact("Resets", DAILY_RESET, note="a per-day quota starts again each day"))
    retry_row = _retry_fact(facts, retry)
    if retry_row:
        rows.append(retry_row)
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

# A web address in a server's message (an activation link, a docs page), without the punctuation
# that ends the sentence around it.
_URL = re.compile(r"https?://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]")


def linked_urls(text: str) -> SafeString:
    """`text` as HTML with its web addresses as links; every other piece is escaped."""
    pieces: list[str] = []
    position = 0
    for found in _URL.finditer(text):
        pieces.append(escape(text[position : found.start()]))
        pieces.append(format_html('<a href="{}" rel="noopener nofollow">{}</a>', found.group(), found.group()))
        position = found.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # each piece escaped above


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
