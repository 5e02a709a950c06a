"""Counting one answer to "Did this fix it?": the page and its htmx fragment show the Outcome."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from web.ratelimit import allow

from .forms import AnswerShown, FeedbackForm

THANKS = "Thank you: your answer is counted for this entry."
THANKS_NO = "Thank you: we count it against this entry and read what you wrote when we revise it."
RATE_LIMITED = "Too many answers from your address in the last minute: try again in a minute."


@dataclass(frozen=True)
class Outcome:
    message: str
    status: int
    answer: AnswerShown | None = None
    counted: bool = False


def record_feedback(form: FeedbackForm, *, client: str) -> Outcome:
    """Count the answer `form` holds, from `client`, unless the client is over its budget for the
    minute or the form is not valid: the Outcome says which, in words for the person who answered."""
    if not allow(scope="feedback", client=client, limit=settings.FEEDBACK_RATE_LIMIT_PER_MINUTE):
        return Outcome(RATE_LIMITED, status=429)
    if not form.is_valid():
        problems = form.errors.get("about") or ["Choose Yes or No."]
        return Outcome(" ".join(str(problem) for problem in problems), status=400)
    saved = form.save()
    answer = form.cleaned_data["about"]
    return Outcome(THANKS if saved.fixed else THANKS_NO, status=200, answer=answer, counted=True)
