"""The "did you mean" for a model name: the closest model IDs that are still served."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from .types import ModelInfo


def suggest_models(models: Mapping[str, ModelInfo], model: str, *, limit: int = 3) -> tuple[str, ...]:
    """The closest IDs to `model` among the models that are not retired."""
    served = [model_id for model_id, info in models.items() if info.status != "retired"]
    return tuple(closest_model_ids(model, served, limit=limit))


def closest_model_ids(model: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    name = model.removeprefix("models/")
    return difflib.get_close_matches(name, list(candidates), n=limit, cutoff=0.5)
