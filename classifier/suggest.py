"""The "did you mean" for a model name: the closest model IDs of the same kind that are still served."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from .types import ModelInfo

# The kind a model ID we do not know probably has, from the words in its name; text when none fits.
_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("embedding", ("embedding",)),
    ("live", ("live", "native-audio")),
    ("tts", ("tts",)),
    ("image", ("image", "imagen")),
    ("video", ("veo",)),
)


def kind_of_name(model: str) -> str:
    name = model.lower()
    return next((kind for kind, words in _KIND_WORDS if any(word in name for word in words)), "text")


def suggest_models(
    models: Mapping[str, ModelInfo], model: str, *, kind: str | None = None, limit: int = 3
) -> tuple[str, ...]:
    """The closest IDs to `model` among the models that are not retired and make the same kind of
    output (`kind`, or the kind its name suggests)."""
    wanted = kind or kind_of_name(model)
    served = [model_id for model_id, info in models.items() if info.status != "retired" and info.kind == wanted]
    return tuple(closest_model_ids(model, served, limit=limit))


def closest_model_ids(model: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    name = model.removeprefix("models/")
    return difflib.get_close_matches(name, list(candidates), n=limit, cutoff=0.5)
