"""Forms for the website: validation and the messages people see beside the box. No work here."""

from __future__ import annotations

import math

from django import forms
from django.conf import settings

from .engine import redact
from .services import PasteError, check_paste

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
