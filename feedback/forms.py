"""The "Did this fix it?" form. Which entry and KB version an answer is about travels signed, so
the counts only ever name entries an answer really showed."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core import signing

from classifier import redact

from .models import NOTE_MAX_CHARS, Feedback

SALT = "feedback.about"


@dataclass(frozen=True)
class AnswerShown:
    entry_slug: str
    kb_version: str


def about_token(answer: AnswerShown) -> str:
    return signing.Signer(salt=SALT).sign_object([answer.entry_slug, answer.kb_version])


def read_about_token(token: str) -> AnswerShown:
    """Raises ValueError for a token we did not sign."""
    try:
        slug, version = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, TypeError, ValueError):
        raise ValueError("not an answer this site showed") from None
    return AnswerShown(entry_slug=str(slug), kb_version=str(version))


def capped_note(text: str) -> str:
    """The note as kept: keys and tokens redacted first (so none is cut in half and missed), then capped."""
    return redact(text.strip())[:NOTE_MAX_CHARS].strip()


class FeedbackForm(forms.Form):
    about = forms.CharField(widget=forms.HiddenInput)
    fixed = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])
    # Longer notes are cut rather than refused: a refusal would lose the yes/no with them.
    note = forms.CharField(required=False, strip=False, widget=forms.Textarea)

    def clean_about(self) -> AnswerShown:
        try:
            return read_about_token(self.cleaned_data["about"])
        except ValueError:
            raise forms.ValidationError("This form is out of date: reload the page and answer again.") from None

    def clean_note(self) -> str:
        return capped_note(self.cleaned_data["note"])

    def save(self) -> Feedback:
        answer: AnswerShown = self.cleaned_data["about"]
        fixed = self.cleaned_data["fixed"] == "yes"
        return Feedback.objects.create(
            entry_slug=answer.entry_slug,
            kb_version=answer.kb_version,
            fixed=fixed,
            # "What happened instead" belongs with a No only.
            note="" if fixed else self.cleaned_data["note"],
        )
