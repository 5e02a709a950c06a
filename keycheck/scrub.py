"""The key never comes back: every string a check returns goes through a Scrubber."""

from __future__ import annotations

import re
from collections.abc import Sequence

from classifier import redact
from classifier.redaction import REDACTED

from .types import KeyCheckStep

_KEY_TOKEN_EDGE = r"[A-Za-z0-9_\-.]"


class Scrubber:
    """Redacts anything that looks like a key, and the exact key however it looks."""

    def __init__(self, secrets: Sequence[str]) -> None:
        self._patterns = [_secret_pattern(s) for s in sorted({s for s in secrets if s}, key=len, reverse=True)]

    def __call__(self, text: str) -> str:
        for pattern in self._patterns:
            text = pattern.sub(REDACTED, text)
        return redact(text)

    def all(self, texts: Sequence[str]) -> tuple[str, ...]:
        return tuple(self(text) for text in texts)

    def step(self, step: KeyCheckStep) -> KeyCheckStep:
        return KeyCheckStep(step.id, step.name, step.ok, step.ms, self(step.detail), self(step.error_text))


def _secret_pattern(secret: str) -> re.Pattern[str]:
    """A long key is replaced wherever it occurs; a short one only as a whole token, or words would go too."""
    if len(secret) >= 8:
        return re.compile(re.escape(secret))
    return re.compile(f"(?<!{_KEY_TOKEN_EDGE}){re.escape(secret)}(?!{_KEY_TOKEN_EDGE})")
