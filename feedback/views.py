"""POST /feedback/: one answer to "Did this fix it?". With htmx the block is swapped for the
outcome; without JavaScript a page says the same, with links back."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from web.htmx import HtmxHttpRequest, wants_fragment
from web.ratelimit import allow, client_ip

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


def record(request: HtmxHttpRequest) -> Outcome:
    if not allow(scope="feedback", client=client_ip(request), limit=settings.FEEDBACK_RATE_LIMIT_PER_MINUTE):
        return Outcome(RATE_LIMITED, status=429)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        problems = form.errors.get("about") or ["Choose Yes or No."]
        return Outcome(" ".join(str(problem) for problem in problems), status=400)
    saved = form.save()
    answer = form.cleaned_data["about"]
    return Outcome(THANKS if saved.fixed else THANKS_NO, status=200, answer=answer, counted=True)


@require_POST
def feedback(request: HtmxHttpRequest) -> HttpResponse:
    outcome = record(request)
    # htmx 2 swaps nothing on a 4xx: the fragment is always 200, the page keeps the real status.
    if wants_fragment(request):
        return render(request, "feedback/thanks.html#outcome", {"outcome": outcome})
    return render(request, "feedback/thanks.html", {"outcome": outcome}, status=outcome.status)
