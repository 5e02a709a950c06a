"""POST /feedback/: one answer to "Did this fix it?". With htmx the block is swapped for the
outcome; without JavaScript a page says the same, with links back."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from web.htmx import HtmxHttpRequest, wants_fragment
from web.ratelimit import client_ip

from .forms import FeedbackForm
from .services import record_feedback


@require_POST
def feedback(request: HtmxHttpRequest) -> HttpResponse:
    outcome = record_feedback(FeedbackForm(request.POST), client=client_ip(request))
    # htmx 2 swaps nothing on a 4xx: the fragment is always 200, the page keeps the real status.
    if wants_fragment(request):
        return render(request, "feedback/thanks.html#outcome", {"outcome": outcome})
    return render(request, "feedback/thanks.html", {"outcome": outcome}, status=outcome.status)
