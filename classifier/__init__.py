"""The classifier engine: plain Python, no Django. See classifier.py for how a paste is read."""

from __future__ import annotations

from .classifier import (
    Candidate,
    Classification,
    EntrySpec,
    InvalidPattern,
    MatchedLine,
    MatcherSpec,
    MatcherTrial,
    ModelInfo,
    Snapshot,
    classify,
    closest_model_ids,
    compile_snapshot,
    try_matchers,
    validate_pattern,
)
from .redaction import contains_secret, redact

__all__ = [
    "Candidate",
    "Classification",
    "EntrySpec",
    "InvalidPattern",
    "MatchedLine",
    "MatcherSpec",
    "MatcherTrial",
    "ModelInfo",
    "Snapshot",
    "classify",
    "closest_model_ids",
    "compile_snapshot",
    "contains_secret",
    "redact",
    "try_matchers",
    "validate_pattern",
]
