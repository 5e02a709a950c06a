"""What the web page, the JSON API and the `classify` command share: one way to read a paste."""

from __future__ import annotations

import functools
import math
from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from classifier import Classification, Snapshot
from errors_kb.snapshot import classify_today
from status.services import count_classified

EMPTY_TEXT_MESSAGE = "Paste the error first: the text is empty."


class PasteError(ValueError):
    """A paste we cannot classify; the message is written for the person who sent it."""


def paste_too_large_message(*, size: int | None, max_bytes: int) -> str:
    """What someone who pasted too much reads. Sizes in whole KB, rounded up, so that a paste one
    byte over the limit never reads as "1.0 MB; the limit is 1.0 MB"."""
    limit = f"{max_bytes // 1024:,} KB"
    said = (
        f"The paste is {math.ceil(size / 1024):,} KB; the limit is {limit}."
        if size
        else f"The paste is larger than the {limit} limit."
    )
    return f"{said} Paste the traceback or the error body and a few lines around it."


def check_paste(text: str, *, max_bytes: int) -> str:
    """The paste if it can be classified, else PasteError with a message that says why."""
    if not text or text.isspace():
        raise PasteError(EMPTY_TEXT_MESSAGE)
    # A character is at most 4 bytes in UTF-8: most pastes need no encoding to pass the check.
    size = len(text) if len(text) * 4 <= max_bytes else len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise PasteError(paste_too_large_message(size=size, max_bytes=max_bytes))
    return text


def classify_paste(text: str, *, snapshot: Snapshot | None = None) -> Classification:
    """`snapshot` is the KB the caller already read, so one answer never mixes two KB versions."""
    # Today's date tells which models in the catalogue have passed their shutdown date.
    result = classify_today(text, snapshot=snapshot)
    count_classified(result)  # one anonymous count per minute, category and model (status/counts.py)
    return result


def entry_path(slug: str) -> str:
    return _entry_path(get_urlconf(), get_script_prefix(), slug)


# reverse() costs more than the rest of a match's JSON; the slugs are few, and the URLconf and script
# prefix in the key keep an answer right where a test or a deployment mounts the site elsewhere.
@functools.lru_cache(maxsize=1024)
def _entry_path(urlconf: str | None, script_prefix: str, slug: str) -> str:
    return reverse("errors_kb:error-detail", args=[slug], urlconf=urlconf)


def classification_json(result: Classification, *, source: str | None = None, origin: str = "") -> dict[str, Any]:
    """The JSON contract shared by /api/classify and `classify --json`: each match with the `url` of
    its page, absolute when the caller names the `origin` it serves ("https://host"), the path
    otherwise."""
    payload = result.to_dict()
    for match in payload["matches"]:
        match["url"] = origin + entry_path(match["slug"])
    return payload if source is None else {"source": source, **payload}


def request_origin(request: HttpRequest) -> str:
    """The scheme and host of the request ("https://host"), where the paths reverse() gives are
    absolute: what build_absolute_uri joins them with, without parsing and quoting each path again."""
    return f"{request.scheme}://{request.get_host()}"
