"""What the web page, the JSON API and the `classify` command share: one way to read a paste."""

from __future__ import annotations

from typing import Any

from .engine import Classification, classify
from .snapshot import current_snapshot


class PasteError(ValueError):
    """A paste we cannot classify; the message is written for the person who sent it."""


def decode_paste(raw: bytes) -> str:
    """Bytes as pasted or uploaded to text. Invalid UTF-8 becomes U+FFFD instead of an error."""
    return raw.decode("utf-8", errors="replace")


def check_paste(text: str, *, max_bytes: int) -> str:
    """The paste if it can be classified, else PasteError with a message that says why."""
    if not text or not text.strip():
        raise PasteError("Paste the error first: the text is empty.")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise PasteError(
            f"The paste is {size / 1024 / 1024:.1f} MB; the limit is {max_bytes / 1024 / 1024:.1f} MB. "
            "Paste the traceback or the error body and a few lines around it."
        )
    return text


def classify_paste(text: str) -> Classification:
    return classify(current_snapshot(), text)


def classification_json(result: Classification, *, source: str | None = None) -> dict[str, Any]:
    """The JSON contract shared by /api/classify and `classify --json`."""
    payload = result.to_dict()
    return payload if source is None else {"source": source, **payload}
