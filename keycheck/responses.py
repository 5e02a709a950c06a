"""Reading either SDK's answers the same way: enum names, flagged ratings, a stream against the clock."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .budget import BudgetSpent

# Harmless and one token long, so that a refusal or a block says something about the key, not the prompt.
PROBE_PROMPT = "Reply with the single word OK."


def read_until(chunks: Iterable[object], out_of_time: Callable[[], bool]) -> Iterator[object]:
    """Yield a stream's chunks until it ends; past the deadline, stop reading and say so."""
    for chunk in chunks:
        yield chunk
        if out_of_time():
            raise BudgetSpent


def enum_name(value: object) -> str | None:
    """FinishReason / BlockReason name from either SDK's enum (or a plain string)."""
    if value is None:
        return None
    name = getattr(value, "name", None) or str(value)
    return None if name.endswith("UNSPECIFIED") else name


def flagged_ratings(ratings: Iterable[object] | None) -> str:
    flagged = []
    for rating in ratings or ():
        probability = enum_name(getattr(rating, "probability", None)) or ""
        if getattr(rating, "blocked", False) or probability in ("MEDIUM", "HIGH"):
            flagged.append(f"{enum_name(getattr(rating, 'category', None))}: {probability}")
    return ", ".join(flagged)
