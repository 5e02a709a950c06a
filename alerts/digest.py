"""What one alert mail says: the verdict changes a subscriber has not been sent yet, model by model,
with the state each model is in now and why. Plain data, so the mail template only lays it out.

Changes that happen while a subscriber waits out the floor between mails are not dropped: the next
mail lists every one of them, in order, under the model's latest state (a model that went down and
came back within the floor shows both steps, so nobody misses a short outage)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from status.models import VerdictChange
from status.services import ModelVerdict

STATE_LABELS = {"operational": "operational", "degraded": "degraded for some users", "outage": "outage"}


def state_label(state: str) -> str:
    return STATE_LABELS.get(state, state)


@dataclass(frozen=True)
class Step:
    at: datetime
    before: str
    after: str

    @property
    def line(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} UTC: {state_label(self.before)} -> {state_label(self.after)}"


@dataclass(frozen=True)
class ModelDigest:
    model_id: str
    steps: tuple[Step, ...]
    state: str  # the state after the last step
    evidence: tuple[str, ...]

    @property
    def headline(self) -> str:
        if self.state == "operational" and any(step.before != "operational" for step in self.steps):
            return f"{self.model_id}: operational again"
        return f"{self.model_id}: {state_label(self.state)}"


@dataclass(frozen=True)
class Digest:
    models: tuple[ModelDigest, ...]
    change_ids: tuple[int, ...]

    @property
    def subject(self) -> str:
        if len(self.models) == 1:
            return f"Gemini status: {self.models[0].headline}"
        return "Gemini status: " + "; ".join(model.headline for model in self.models)


def digest(changes: Sequence[VerdictChange], verdicts: Mapping[str, ModelVerdict]) -> Digest:
    """`changes` in the order they happened; `verdicts` the current ones, by model, for the evidence."""
    by_model: dict[str, list[VerdictChange]] = {}
    for change in changes:
        by_model.setdefault(change.model_id, []).append(change)
    models = []
    for model_id, steps in by_model.items():
        last = steps[-1]
        verdict = verdicts.get(model_id)
        # The verdict's evidence when it still is the state we report; the change's own otherwise.
        evidence = verdict.evidence if verdict and verdict.state == last.state_after else tuple(last.evidence_lines)
        models.append(
            ModelDigest(
                model_id=model_id,
                steps=tuple(Step(at=c.at, before=c.state_before, after=c.state_after) for c in steps),
                state=last.state_after,
                evidence=evidence,
            )
        )
    return Digest(models=tuple(models), change_ids=tuple(change.pk for change in changes))
