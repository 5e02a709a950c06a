"""A failed call described in one line: what Google answered, or what the network did.

The fix is not here: the failure's `error_text` is classified against the KB, whose entry the page
shows. What stays here is what only the check knows: its own timeout, the host it tried.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from classifier.message import shorten_message

# A step's detail holds the server's message whole up to this length, else up to its last
# sentence (or word) that fits: never cut in the middle of a word or a web address.
MESSAGE_LIMIT = 600


@dataclass(frozen=True)
class ApiFailure:
    code: int | None
    status: str
    reason: str  # the ErrorInfo reason, such as API_KEY_INVALID
    message: str


def failure_from_details(code: int | None, status: str, message: str, details: Iterable[object]) -> ApiFailure:
    reasons = (
        str(detail.get("reason", ""))
        for detail in details
        if isinstance(detail, dict) and str(detail.get("@type", "")).endswith("google.rpc.ErrorInfo")
    )
    return ApiFailure(code, status, next(reasons, ""), message)


def describe_failure(exc: BaseException, failure: ApiFailure | None, *, timeout: float, base_url: str) -> str:
    if failure is not None:
        head = " ".join(str(part) for part in (failure.code, failure.status, failure.reason) if part)
        message = _first_line(failure.message)
        return f"{head}: {shorten_message(message, MESSAGE_LIMIT)}" if message else head
    name = type(exc).__name__
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return f"No answer within {timeout:g} s ({name}): the server or the network is too slow, or unreachable."
    if "Connect" in name or isinstance(exc, ConnectionError):
        host = urlsplit(base_url).netloc or base_url
        return f"Could not connect to {host} ({name}): check the address, the network or a proxy."
    if name == "BlockedPromptException":
        return (
            "The prompt was blocked (BlockedPromptException). The key works; the safety filters rejected the test "
            "prompt."
        )
    first_line = _first_line(str(exc))
    return f"{name}: {shorten_message(first_line, MESSAGE_LIMIT)}" if first_line else name


def exception_text(exc: BaseException) -> str:
    """The exception's last traceback line(s), as the user's program would print them."""
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""
