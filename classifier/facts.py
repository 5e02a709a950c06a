"""What a paste says about the failed call, beside which documented error it is.

Each fact has a few RE2 patterns whose first group is the value. The classifier adds them to the
same RE2 Set as the knowledge base's matchers, so the text is scanned once; only the patterns that
fired are searched again for their value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .message import MESSAGE_FACT_NAMES, MESSAGE_PATTERNS, server_message
from .model_facts import SERVED_MODEL_PATTERNS, model_standing, normalise_api_version, normalise_model_id
from .patterns import BytesPattern, Span
from .redaction import redact
from .types import Facts, ModelInfo, QuotaPeriod

if TYPE_CHECKING:  # scan imports compile, which imports this module
    from .scan import Fired

# FinishReason and BlockReason numbers, as google-ai-generativelanguage defines them (see
# ../shared/REFERENCE.md §1e). Legacy pastes print the number ("finish_reason": 4).
FINISH_REASONS: dict[int, str] = {
    0: "FINISH_REASON_UNSPECIFIED",
    1: "STOP",
    2: "MAX_TOKENS",
    3: "SAFETY",
    4: "RECITATION",
    5: "OTHER",
    6: "LANGUAGE",
    7: "BLOCKLIST",
    8: "PROHIBITED_CONTENT",
    9: "SPII",
    10: "MALFORMED_FUNCTION_CALL",
    11: "IMAGE_SAFETY",
    12: "UNEXPECTED_TOOL_CALL",
}
BLOCK_REASONS: dict[int, str] = {
    0: "BLOCK_REASON_UNSPECIFIED",
    1: "SAFETY",
    2: "OTHER",
    3: "BLOCKLIST",
    4: "PROHIBITED_CONTENT",
    5: "IMAGE_SAFETY",
}

API_STATUSES = (
    "INVALID_ARGUMENT",
    "FAILED_PRECONDITION",
    "OUT_OF_RANGE",
    "UNAUTHENTICATED",
    "PERMISSION_DENIED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "ABORTED",
    "RESOURCE_EXHAUSTED",
    "CANCELLED",
    "INTERNAL",
    "UNIMPLEMENTED",
    "UNAVAILABLE",
    "DEADLINE_EXCEEDED",
)

_STATUS_ALTERNATION = "|".join(API_STATUSES)
_HTTP_CODE = r"([1-5][0-9][0-9])"
# What stands between a key and its value in JSON, Python reprs and protobuf text, also in JSON
# escaped inside a string (\"reason\": \"API_KEY_INVALID\").
_KEY_VALUE = r"\\*[\"']?\s*[:=]\s*\\*[\"']?"
# A count or a delay as a fact reads it: 15 digits are more than any quota or delay holds, and a
# longer number (int() refuses more than 4300 digits) is simply not taken as a fact.
_COUNT = r"([0-9]{1,15})(?:[^0-9]|$)"
_SECONDS = r"([0-9]{1,15}(?:\.[0-9]{1,15})?)"
# A finish or block reason: a name, or the number legacy pastes print ("finish_reason": 2).
_REASON_VALUE = r"([A-Z][A-Z_]{2,}|[0-9]{1,2})\b"


# A fact's value longer than this is no status, model or quota name but a pathological paste, which
# would fill the facts box: it is dropped. The server's message has its own, longer limit.
MAX_FACT_CHARS = 200


@dataclass(frozen=True)
class FactPattern:
    name: str
    pattern: str


# Order matters within a fact: the first pattern that yields a value wins.
FACT_PATTERNS: tuple[FactPattern, ...] = (
    # No quote before `code`: it would change no value read, and starting on the word lets RE2 skip
    # to each `c` with memchr instead of reading every byte.
    FactPattern("http_code", r"code\\*[\"']?\s*[:=]\s*" + _HTTP_CODE + r"\b"),
    FactPattern("http_code", r"\b" + _HTTP_CODE + r"\s+(?:" + _STATUS_ALTERNATION + r")\b"),
    FactPattern("http_code", r"\[" + _HTTP_CODE + r" [A-Z][A-Za-z ]+\]"),
    FactPattern("http_code", r"(?i)\bstatus(?:[ _]code)?\W{1,4}" + _HTTP_CODE + r"\b"),
    FactPattern(
        "http_code", r"\b(?:[A-Z][A-Za-z]+Error|[A-Z][A-Za-z]+Exception|[A-Z][A-Za-z]+):\s+" + _HTTP_CODE + r"\b"
    ),
    FactPattern(
        "http_code",
        r"(?i)\b"
        + _HTTP_CODE
        + r" (?:Bad Request|Unauthorized|Payment Required|Forbidden|Not Found|Too Many Requests"
        + r"|Internal Server Error|Service Unavailable|Gateway Timeout)\b",
    ),
    FactPattern("api_status", r"\b(" + _STATUS_ALTERNATION + r")\b"),
    *(FactPattern(name, pattern) for name, pattern in MESSAGE_PATTERNS),
    FactPattern("reason", r"\breason" + _KEY_VALUE + r"([A-Z][A-Z0-9_]{3,})"),
    FactPattern("service", r"\b((?:generativelanguage|aiplatform|cloudaicompanion)\.googleapis\.com)\b"),
    # Any other Google API: read only when nothing in the paste points at Gemini.
    FactPattern("other_service", r"\b([a-z][a-z0-9\-]*\.googleapis\.com)\b"),
    FactPattern("api_version", r"/(v1beta[0-9]*|v1alpha|v1)/(?:models|projects|tunedModels|files|cachedContents)\b"),
    # The 404's "for API version v1beta", also as a hand copies it ("vl beta", "v1 beta").
    FactPattern("api_version", r"(?i)\bAPI version:?\s+(v[1lI] ?(?:beta|alpha)[0-9]*|v1)\b"),
    FactPattern("model", r"\bmodels/([A-Za-z0-9][A-Za-z0-9.\-_]*[A-Za-z0-9])"),
    FactPattern(
        "model",
        r"(?i)\bmodel(?:_name)?"
        + _KEY_VALUE
        + r"((?:gemini|gemma|learnlm|imagen|veo|text-embedding|embedding|aqa)[A-Za-z0-9.\-_]*[A-Za-z0-9])",
    ),
    FactPattern(
        "model", r"\b((?:gemini|gemma)-[0-9][A-Za-z0-9.\-_]*[A-Za-z0-9]|gemini-pro(?:-vision)?|gemini-ultra)\b"
    ),
    FactPattern("quota_metric", r"(?i)\bquota_?metric" + _KEY_VALUE + r"([A-Za-z0-9_.\-/]+)"),
    FactPattern("quota_metric", r"Quota exceeded for metric:\s*([A-Za-z0-9_.\-/]+)"),
    FactPattern("quota_id", r"(?i)\bquota_?id" + _KEY_VALUE + r"([A-Za-z0-9_\-]+)"),
    FactPattern("quota_value", r"(?i)\bquota_?(?:value|limit_value)" + _KEY_VALUE + _COUNT),
    FactPattern("quota_value", r"\blimit:\s*" + _COUNT),
    FactPattern("retry_delay", r"(?i)\bretry_?delay" + _KEY_VALUE + _SECONDS + "s"),
    FactPattern("retry_delay", r"\bretry_delay\s*\{\s*seconds:\s*" + _COUNT),
    FactPattern("retry_delay", r"(?i)\bplease retry in " + _SECONDS + r"\s*s"),
    FactPattern("finish_reason", r"(?i)\bfinish_?reason" + _KEY_VALUE + r"<?(?:FinishReason\.)?" + _REASON_VALUE),
    # The legacy SDK's "The candidate's [finish_reason](https://...) is 2.", with or without the link.
    FactPattern(
        "finish_reason",
        r"(?i:\bfinish[_ ]?reason)\]?(?:\([^)\n]*\))?\s+(?:is|was|of)\s+(?:FinishReason\.)?" + _REASON_VALUE,
    ),
    FactPattern("finish_reason", r"\bFinishReason\.([A-Z][A-Z_]{2,})\b"),
    FactPattern(
        "block_reason",
        r"(?i)\bblock_?reason" + _KEY_VALUE + r"<?(?:BlockReason\.|BlockedReason\.)?" + _REASON_VALUE,
    ),
    FactPattern("block_reason", r"(?i)\b(?:response|candidate) was blocked due to ([A-Z][A-Z_]{2,})\b"),
    FactPattern("block_reason", r"\bBlock(?:ed)?Reason\.([A-Z][A-Z_]{2,})\b"),
    *(FactPattern("served_model", pattern) for pattern in SERVED_MODEL_PATTERNS),
)

# Hosts that appear in every Google error or credential (type URLs, OAuth scopes and tokens):
# they say nothing about which API failed.
INFRASTRUCTURE_HOSTS = frozenset(
    {"type.googleapis.com", "www.googleapis.com", "oauth2.googleapis.com", "accounts.googleapis.com"}
)

# What printed the error, most specific first. The first group is unused: the label names it.
SDK_MARKERS: tuple[tuple[str, str], ...] = (
    (
        "google-genai",
        r"\bgoogle\.genai\b|\bgoogle/genai/|\bgoogle-genai\b|\bfrom google import genai\b|\bgenai\.Client\(",
    ),
    (
        "google-generativeai",
        r"\bgoogle\.generativeai\b|\bgoogle/generativeai/|\bgoogle-generativeai\b|\bgenai\.configure\(|\bGenerativeModel\(|\bgoogle\.ai\.generativelanguage\b",
    ),
    ("google-api-core", r"\bgoogle\.api_core\.exceptions\b|\bgoogle/api_core/"),
    ("@google/genai", r"@google/genai\b|\bApiError:\s*\{|\bgot status:\s"),
    (
        "@google/generative-ai",
        r"@google/generative-ai\b|\[GoogleGenerativeAI Error\]"
        r"|\bGoogleGenerativeAI(?:Fetch|Response|Request)\w*Error\b",
    ),
    ("langchain", r"(?i)\blangchain[_\-]google[_\-](?:genai|vertexai)\b|\bChatGoogleGenerativeAI\b|\blangchain_core\b"),
    ("litellm", r"(?i)\blitellm\b"),
    ("gemini-cli", r"(?i)\bgemini[ \-]cli\b|@google/gemini-cli\b"),
    ("vertex-ai-sdk", r"\bvertexai\.generative_models\b|\bgoogle\.cloud\.aiplatform\b|\bvertexai\.init\("),
    ("grpc", r"\bgrpc\._channel\b|_InactiveRpcError|\bStatusCode\.[A-Z_]+\b"),
    ("rest", r"(?i)\bcurl\s+(?:-[A-Za-z]+\s+)*['\"]?https://generativelanguage\.googleapis\.com"),
)


# Words that tie a paste to Gemini (cloudaicompanion is Gemini Code Assist, which Gemini CLI calls).
# An error naming only other Google APIs (Translate, Speech, ...) is not a Gemini error, whatever
# its status says.
GEMINI_CONTEXT = (
    r"(?i)gemini|generativelanguage|generativeai|google\.genai|google/genai|aiplatform|cloudaicompanion"
    r"|vertex[ _]?ai|\bgenai\b"
)


def is_bare_error_body(data: bytes) -> bool:
    """True when the paste is the API's JSON error body and nothing else around it (what curl or a
    fetch prints), as an object or the one-element array a stream ends with."""
    head = data[:256].lstrip()
    head = head.removeprefix(b"[").lstrip()
    return head.startswith(b"{") and head[1:].lstrip().startswith(b'"error"')


def normalise_reason(value: str, table: dict[int, str]) -> str:
    """Map a numeric FinishReason or BlockReason to its name; names pass through."""
    if value.isdigit():
        return table.get(int(value), f"UNKNOWN_{value}")
    return value.upper()


def quota_period(quota_id: str | None, quota_metric: str | None) -> QuotaPeriod | None:
    """Per minute or per day: only the quotaId tells (the metric name is the same for both)."""
    text = f"{quota_id or ''} {quota_metric or ''}".lower()
    if "perminute" in text or "per_minute" in text:
        return "minute"
    if "perday" in text or "per_day" in text:
        return "day"
    return None


@dataclass(frozen=True)
class CompiledFact:
    name: str
    on_bytes: BytesPattern


def extract_facts(
    data: bytes,
    fired: Fired,
    *,
    patterns: Sequence[CompiledFact],
    models: Mapping[str, ModelInfo],
    today: dt.date | None = None,
) -> Facts:
    """The facts of a paste from the fact patterns that `fired` (by index in `patterns`, with their blocks)."""
    raw = _raw_values(data, patterns=patterns, fired=fired.facts, has_secret=fired.has_secret)
    sdk_labels = fired.sdk_labels or (("rest",) if is_bare_error_body(data) else ())
    served_model = normalise_model_id(raw["served_model"]) if "served_model" in raw else None
    model = normalise_model_id(raw["model"]) if "model" in raw else served_model
    quota_id = raw.get("quota_id")
    quota_metric = raw.get("quota_metric")
    retry_delay = raw.get("retry_delay")
    finish_reason = normalise_reason(raw["finish_reason"], FINISH_REASONS) if "finish_reason" in raw else None
    # A quota counted against the model, or an answer from it (it has a finish reason), shows it served.
    served = model is not None and (served_model == model or finish_reason is not None)
    standing = model_standing(models, model, served=served, today=today)
    return Facts(
        http_code=int(raw["http_code"]) if "http_code" in raw else None,
        api_status=raw.get("api_status"),
        message=server_message(raw),
        reason=raw.get("reason"),
        service=raw.get("service") or raw.get("other_service"),
        api_version=normalise_api_version(raw["api_version"]) if "api_version" in raw else None,
        model=model,
        sdk=sdk_labels[0] if sdk_labels else None,
        clients=tuple(sdk_labels),
        quota_metric=quota_metric,
        quota_id=quota_id,
        quota_period=quota_period(quota_id, quota_metric),
        quota_value=int(raw["quota_value"]) if "quota_value" in raw else None,
        retry_delay_seconds=float(retry_delay) if retry_delay else None,
        finish_reason=finish_reason,
        block_reason=normalise_reason(raw["block_reason"], BLOCK_REASONS) if "block_reason" in raw else None,
        model_status=standing.status,
        model_shutdown_date=standing.shutdown_date,
        model_shutdown_latest=standing.shutdown_latest,
        model_served=served,
        model_suggestions=standing.suggestions,
    )


def _raw_values(
    data: bytes, *, patterns: Sequence[CompiledFact], fired: Mapping[int, Sequence[Span]], has_secret: bool
) -> dict[str, str]:
    """Each fact's text as the paste writes it, redacted; none longer than MAX_FACT_CHARS but the message."""
    raw: dict[str, str] = {}
    for index, blocks in fired.items():  # in order: the first pattern of a fact that yields a value wins
        name, pattern = patterns[index].name, patterns[index].on_bytes
        if name in raw or (name == "other_service" and "service" in raw):
            continue
        for block_start, block_end in blocks:
            if name == "other_service":
                value = _first_service(data, block_start, block_end)
            else:
                value = pattern.group_text(data, block_start, block_end)
            if value is not None and (len(value) <= MAX_FACT_CHARS or name in MESSAGE_FACT_NAMES):
                raw[name] = redact(value) if has_secret else value
                break
    return raw


# A host label starts with a letter and goes on with letters, digits and hyphens.
_LABEL_FIRST_CHARS = "abcdefghijklmnopqrstuvwxyz"
_LABEL_ALPHABET = _LABEL_FIRST_CHARS + "0123456789-"


def _label_none_of(words: frozenset[str], alphabet: str) -> str:
    """An RE2 pattern for a host label that starts with a character of `alphabet` and is none of
    `words`. RE2 has no lookahead, so the pattern spells out each way a label can differ from them."""
    heads = sorted({word[0] for word in words if word})
    others = "".join(char for char in alphabet if char not in heads).replace("-", r"\-")
    ways = [f"[{others}][a-z0-9\\-]*"] if others else []
    for head in heads:
        rest = frozenset(word[1:] for word in words if word.startswith(head))
        ways.append(f"{head}(?:{_label_none_of(rest, _LABEL_ALPHABET)})" + ("" if "" in rest else "?"))
    return "|".join(ways)


# A paste can name type.googleapis.com thousands of times: a pattern that cannot match an
# infrastructure host finds the service in one search instead of a search per host named.
_INFRASTRUCTURE_LABELS = frozenset(host.removesuffix(".googleapis.com") for host in INFRASTRUCTURE_HOSTS)
_OTHER_SERVICE = BytesPattern(
    rf"\b((?:{_label_none_of(_INFRASTRUCTURE_LABELS, _LABEL_FIRST_CHARS)})\.googleapis\.com)\b"
)


def _first_service(data: bytes, start: int, end: int) -> str | None:
    """The first googleapis.com service a block names, passing over infrastructure hosts."""
    return _OTHER_SERVICE.group_text(data, start, end)
