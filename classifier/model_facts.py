"""What a paste says about its model: the ID as Google writes it, whether the paste shows the model
being served, and where the model stands in our catalogue on a given day.

The catalogue's dates are "earliest possible" and our sources do not always agree, so a model is
called retired only when its shutdown date has passed and the paste does not show it answering.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .suggest import suggest_models
from .types import ModelInfo

# Patterns whose first group is a model the paste shows being served: a quota counted against it
# (quotaDimensions, or the message's "model: X"), or a response that names its model version.
# Kept within one object or line by what they may cross, not by a count: a counted repetition
# multiplies the program RE2 runs to read the group, and made these the dearest facts to read.
_MODEL = r"([A-Za-z0-9][A-Za-z0-9.\-_]*[A-Za-z0-9])"
SERVED_MODEL_PATTERNS: tuple[str, ...] = (
    r"\bquota_?[dD]imensions\W{1,6}[^}\n]*?\bmodel\\*[\"']?\s*[:=]\s*\\*[\"']?" + _MODEL,
    r"\bquota_dimensions\s*\{\s*key:\s*\"model\"\s*value:\s*\"" + _MODEL,
    r"\bQuota exceeded for metric:[^\n]*?\bmodel:\s*" + _MODEL,
    r"\bmodel_?[vV]ersion\\*[\"']?\s*[:=]\s*\\*[\"']?" + _MODEL,
)

# A version written by hand: a letter O for a zero, a lowercase L or capital I for a one
# ("gemini-2.O-flash", "gemini-l.5-pro").
_HAND_WRITTEN_VERSION = re.compile(r"^((?:gemini|gemma)-)([0-9OolI]+(?:\.[0-9OolI]+)*)(?=-|$)")
_DIGIT_SLIPS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
# An API version as a hand or a font mangles it: "vl beta", "v1 beta", "V1Beta".
_API_VERSION_SLIP = re.compile(r"^[vV][1lI]\s?(beta|alpha)([0-9]*)$", re.IGNORECASE)


def normalise_model_id(model: str) -> str:
    """The model ID with transcription slips in its version number put right."""
    found = _HAND_WRITTEN_VERSION.match(model)
    if found is None:
        return model
    version = found.group(2)
    # No digit: not a version at all. Nothing but digits: nothing to put right (the usual ID).
    if not any(char.isdigit() for char in version) or version.replace(".", "").isdigit():
        return model
    return found.group(1) + version.translate(_DIGIT_SLIPS) + model[found.end() :]


def normalise_api_version(version: str) -> str:
    found = _API_VERSION_SLIP.match(version.strip())
    return f"v1{found.group(1).lower()}{found.group(2)}" if found else version.strip().lower()


@dataclass(slots=True)
class ModelStanding:
    status: str | None = None
    shutdown_date: str | None = None
    shutdown_latest: str | None = None
    suggestions: tuple[str, ...] = ()


def model_standing(
    models: Mapping[str, ModelInfo], model: str | None, *, served: bool, today: dt.date | None
) -> ModelStanding:
    """The model's status on `today` (see Facts), its shutdown dates, and served IDs of its kind
    close to it when it may no longer be served and the paste does not show it served."""
    if not model or not models:
        return ModelStanding()
    info = models.get(model)
    if info is None:
        return ModelStanding("unknown", suggestions=suggest_models(models, model))
    status = _status(info, served=served or info.listed_by_google is True, today=today)
    return ModelStanding(
        status,
        shutdown_date=info.shutdown_date or None,
        shutdown_latest=info.shutdown_latest or None,
        suggestions=()
        if served or status not in ("retired", "unconfirmed")
        else suggest_models(models, model, kind=info.kind),
    )


def _status(info: ModelInfo, *, served: bool, today: dt.date | None) -> str:
    listed_retired = info.status == "retired"
    if today is None:  # no day to compare the dates with: the catalogue's word stands
        return "unconfirmed" if served and listed_retired else info.status
    day = today.isoformat()  # ISO dates compare as strings
    earliest, latest = info.shutdown_date, info.shutdown_latest
    passed = bool(earliest) and earliest <= day and (not latest or latest <= day)
    if served:
        return "unconfirmed" if listed_retired or passed else info.status
    if passed:
        return "retired"
    if earliest and earliest <= day:  # the sources' dates straddle today: Google's own list settles it
        return "retired" if info.listed_by_google is False else "unconfirmed"
    if listed_retired:
        return "scheduled" if earliest else "unconfirmed"
    return info.status
