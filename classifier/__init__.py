"""The classifier engine: plain Python, no Django. See classifier.py for how a paste is read."""

from __future__ import annotations

from .classifier import classify
from .compile import InvalidPattern, Snapshot, compile_snapshot, validate_pattern
from .redaction import redact
from .schema import json_schema
from .suggest import closest_model_ids
from .trial import MatcherTrial, try_matchers
from .types import (
    POSSIBLE_MATCH_BELOW,
    RETRY_CHOICES,
    Candidate,
    Classification,
    EntrySpec,
    Facts,
    MatchedLine,
    MatcherSpec,
    ModelInfo,
    Retry,
)

__all__ = [
    "POSSIBLE_MATCH_BELOW",
    "RETRY_CHOICES",
    "Candidate",
    "Classification",
    "EntrySpec",
    "Facts",
    "InvalidPattern",
    "MatchedLine",
    "MatcherSpec",
    "MatcherTrial",
    "ModelInfo",
    "Retry",
    "Snapshot",
    "classify",
    "closest_model_ids",
    "compile_snapshot",
    "json_schema",
    "redact",
    "try_matchers",
    "validate_pattern",
]
