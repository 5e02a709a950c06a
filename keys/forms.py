"""The key panel's form: validation and the messages people read beside it. No work here."""

from __future__ import annotations

from typing import Any

from django import forms

from keycheck import DEFAULT_MODEL, SDK_GOOGLE_GENAI, SDK_GOOGLE_GENERATIVEAI

from .services import KeyCheckInputError, KeyCheckRequest, key_check_request


class KeyCheckForm(forms.Form):
    """The key panel. The key field never renders its value back, and format advice never rejects:
    only what cannot be sent at all (empty, far too long, control characters) is refused here."""

    api_key = forms.CharField(
        label="API key",
        help_text="Used for this check only: never stored, logged or shown back.",
        strip=False,
        error_messages={"required": "Enter the API key to check."},
        widget=forms.PasswordInput(
            render_value=False,
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "off",
                "class": "key-input",
                "aria-describedby": "api-key-help api-key-error",
            },
        ),
    )
    sdk = forms.ChoiceField(
        label="SDK you use",
        choices=[
            (SDK_GOOGLE_GENAI, "google-genai (the current SDK)"),
            (SDK_GOOGLE_GENERATIVEAI, "google-generativeai (legacy, end of life)"),
        ],
        initial=SDK_GOOGLE_GENAI,
        widget=forms.RadioSelect,
    )
    model = forms.CharField(
        label="Model you call",
        required=False,
        initial=DEFAULT_MODEL,
        max_length=400,  # longer names get key_check_request's clearer message, not a bare length error
        widget=forms.TextInput(
            attrs={
                "list": "model-suggestions",
                "spellcheck": "false",
                "autocapitalize": "off",
                "aria-describedby": "model-help",
            }
        ),
    )
    stream = forms.BooleanField(label="Also check a streaming call", required=False)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if cleaned is None or self.errors:
            return cleaned
        try:
            self.check_request: KeyCheckRequest = key_check_request(
                api_key=cleaned.get("api_key"),
                sdk=cleaned.get("sdk"),
                model=cleaned.get("model"),
                stream=bool(cleaned.get("stream")),
            )
        except KeyCheckInputError as error:
            self.add_error(error.field if error.field in self.fields else None, str(error))
        return cleaned
