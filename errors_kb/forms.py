"""Forms for the website: validation and the messages people see beside the box. No work here."""

from __future__ import annotations

import math

from django import forms
from django.conf import settings

from .engine import redact
from .keycheck import DEFAULT_MODEL, SDK_GOOGLE_GENAI, SDK_GOOGLE_GENERATIVEAI
from .services import KeyCheckInputError, KeyCheckRequest, PasteError, check_paste, key_check_request

EMPTY_PASTE_MESSAGE = "Paste the error first: the box is empty."


def paste_too_large_message(*, size: int | None, max_bytes: int) -> str:
    """What someone who pasted too much reads. Sizes in whole KB, rounded up, so that a paste one
    byte over the limit never reads as "1.0 MB; the limit is 1.0 MB"."""
    limit = f"{max_bytes // 1024:,} KB"
    said = (
        f"The paste is {math.ceil(size / 1024):,} KB; the limit is {limit}."
        if size
        else f"The paste is larger than the {limit} limit."
    )
    return f"{said} Paste the traceback or the error body and a few lines around it."


class RedactingTextarea(forms.Textarea):
    """A textarea that never sends an API key back: when the page comes back with the paste in the
    box (no JavaScript, or a message to fix), keys and tokens in it are replaced by a marker."""

    def format_value(self, value: object) -> str | None:
        formatted = super().format_value(value)
        return redact(formatted) if formatted else formatted


class PasteForm(forms.Form):
    text = forms.CharField(
        label="Your error",
        help_text="The traceback, the JSON error body or the log lines. API keys are hidden in the answer; "
        "nothing you paste is stored.",
        # Keep the paste exactly as sent: leading spaces matter in tracebacks and line numbers.
        strip=False,
        error_messages={"required": EMPTY_PASTE_MESSAGE},
        widget=RedactingTextarea(
            attrs={
                "rows": 14,
                # The help text, and the message beside the box when there is one.
                "aria-describedby": "id_text_helptext paste-error",
                "class": "paste-box",
                "spellcheck": "false",
                "autocomplete": "off",
                "autocapitalize": "off",
                "autocorrect": "off",
                "placeholder": "google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED. {'error': {'code': 429, …",
            }
        ),
    )

    def __init__(self, *args: object, max_bytes: int | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.max_bytes = max_bytes if max_bytes is not None else settings.CLASSIFY_MAX_BYTES

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > self.max_bytes:
            raise forms.ValidationError(paste_too_large_message(size=size, max_bytes=self.max_bytes), code="too_large")
        try:
            return check_paste(text, max_bytes=self.max_bytes)
        except PasteError:
            # The only other refusal is a paste of nothing but whitespace.
            raise forms.ValidationError(EMPTY_PASTE_MESSAGE, code="required") from None

    @classmethod
    def too_large_to_read(cls, *, size: int | None) -> PasteForm:
        """The form for a request body Django refused to read: an empty box with the reason beside it."""
        form = cls(data={"text": ""})
        form.errors["text"] = form.error_class(
            [paste_too_large_message(size=size, max_bytes=form.max_bytes)], renderer=form.renderer
        )
        return form


class ErrorSearchForm(forms.Form):
    q = forms.CharField(label="Search the errors", required=False, max_length=200, widget=forms.SearchInput)
    code = forms.TypedChoiceField(label="HTTP code", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: object, codes: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["code"].choices = [("", "Any code"), *((code, str(code)) for code in codes)]

    def criteria(self) -> tuple[str, int | None]:
        """The search as given, with anything invalid (a code we have no entry for, say) dropped."""
        self.is_valid()  # fills cleaned_data with the fields that are valid, and only those
        return self.cleaned_data.get("q", "").strip(), self.cleaned_data.get("code")


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

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        if self.errors:
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
