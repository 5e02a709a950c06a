"""The "share this paste" form under an unanswered paste. No work here."""

from __future__ import annotations

from django import forms

from classifier import redact

NO_PASTE_MESSAGE = "There is no paste to share: paste the error above first."


class RedactingHiddenInput(forms.HiddenInput):
    """The paste travels back in the page as it may be stored: with its keys and tokens removed.
    The server redacts it again whatever comes back."""

    def format_value(self, value: object) -> str | None:
        formatted = super().format_value(value)
        return redact(formatted) if formatted else formatted


class SharePasteForm(forms.Form):
    # Keep the paste exactly as sent: leading spaces matter in tracebacks.
    text = forms.CharField(strip=False, widget=RedactingHiddenInput, error_messages={"required": NO_PASTE_MESSAGE})

    def __init__(self, *args: object, **kwargs: object) -> None:
        # Its own ids: the page's paste box is id_text.
        kwargs.setdefault("auto_id", "share-paste-%s")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if text.isspace():
            raise forms.ValidationError(NO_PASTE_MESSAGE, code="required")
        return text
