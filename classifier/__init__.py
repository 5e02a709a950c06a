"""The classifier engine: plain Python, no Django. See classifier.py for how a paste is read."""

from __future__ import annotations

from .classifier import classify
from .compile import InvalidPattern, Snapshot, compile_snapshot, validate_pattern
from .redaction import contains_secret, redact
from .schema import json_schema
from .suggest import closest_model_ids
from .trial import MatcherTrial, try_matchers
from .types import Candidate, Classification, EntrySpec, Facts, MatchedLine, MatcherSpec, ModelInfo

__all__ = [
    "Candidate",
    "Classification",
    "EntrySpec",
    "Facts",
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
    "json_schema",
    "redact",
    "try_matchers",
    "validate_pattern",
]
