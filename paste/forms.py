"""The paste box: validation and the messages people read beside it. No work here."""

from __future__ import annotations

from django import forms
from django.conf import settings

from classifier import redact

from .services import PasteError, check_paste, paste_too_large_message

EMPTY_PASTE_MESSAGE = "Paste the error first: the box is empty."
HELP_TEXT = (
    "The traceback, the JSON error body or the log lines. API keys are hidden in the answer, and nothing you "
    "paste is stored unless you share a paste we could not answer: then we keep it, keys and tokens removed, "
    "for {days} days, and nothing about you."
)


class RedactingTextarea(forms.Textarea):
    """A textarea that never sends an API key back: when the page comes back with the paste in the
    box (no JavaScript, or a message to fix), keys and tokens in it are replaced by a marker."""

    def format_value(self, value: object) -> str | None:
        formatted = super().format_value(value)
        return redact(formatted) if formatted else formatted


class PasteForm(forms.Form):
    text = forms.CharField(
        label="Your error",
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
        # Read per form, not at import: the retention period is a setting that can change under us.
        self.fields["text"].help_text = HELP_TEXT.format(days=settings.SHARED_PASTE_RETENTION_DAYS)

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if not text or text.isspace():
            raise forms.ValidationError(EMPTY_PASTE_MESSAGE, code="required")
        try:
            return check_paste(text, max_bytes=self.max_bytes)
        except PasteError as error:  # the only refusal left: a paste over the size limit
            raise forms.ValidationError(str(error), code="too_large") from None

    @classmethod
    def too_large_to_read(cls, *, size: int | None) -> PasteForm:
        """The form for a request body Django refused to read: an empty box with the reason beside it."""
        form = cls(data={"text": ""})
        form.errors["text"] = form.error_class(
            [paste_too_large_message(size=size, max_bytes=form.max_bytes)], renderer=form.renderer
        )
        return form
