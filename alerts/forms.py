"""The subscribe form: an address and the models to watch. Validation only; subscribing is in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from .services import Watch

ANY_MODEL = "any"


def watched_model_ids() -> list[str]:
    """The models the status page watches (and probes): the only ones worth an alert."""
    return list(getattr(settings, "PROBE_MODELS", []))


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={"required": "Enter the address to send alerts to.", "invalid": "Enter a valid email address."},
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false", "aria-describedby": "alerts-email-help"}
        ),
    )
    models = forms.MultipleChoiceField(
        label="Models to watch",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Pick at least one model, or “Any model”.",
            "invalid_choice": "Pick models from the list.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(ANY_MODEL, "Any model")] + [(model_id, model_id) for model_id in watched_model_ids()]
        self.fields["models"].choices = choices  # type: ignore[attr-defined]
        self.initial.setdefault("models", [ANY_MODEL])

    @property
    def watch(self) -> Watch:
        chosen: list[str] = self.cleaned_data["models"]
        if ANY_MODEL in chosen:
            return Watch(model_ids=(), watch_any=True)
        return Watch(model_ids=tuple(chosen), watch_any=False)
