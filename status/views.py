"""/status/ and the Atom feed of our own incidents: thin views over presenters.py."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from .models import VerdictChange
from .presenters import STATE_LABELS, status_page

FEED_ITEMS = 50


@require_GET
def status(request: HttpRequest) -> HttpResponse:
    return render(request, "status/status.html", {"page": status_page()})


class VerdictChangeFeed(Feed):
    """Our own incidents: every change of a model's verdict, newest first."""

    feed_type = Atom1Feed
    title = "Gemini API status: changes seen by the troubleshooter"
    subtitle = "Each time a Gemini model's verdict changes (operational, degraded, outage), with the evidence."

    def link(self) -> str:
        return reverse("errors_kb:status")

    def items(self) -> list[VerdictChange]:
        return list(VerdictChange.objects.order_by("-at", "-id")[:FEED_ITEMS])

    def item_title(self, item: VerdictChange) -> str:
        return f"{item.model_id}: {STATE_LABELS[item.state_after]} (was {STATE_LABELS[item.state_before].lower()})"

    def item_description(self, item: VerdictChange) -> str:
        return " ".join(item.evidence_lines)

    def item_link(self, item: VerdictChange) -> str:
        return f"{reverse('errors_kb:status')}#change-{item.pk}"

    def item_guid(self, item: VerdictChange) -> str:
        return f"verdict-change-{item.pk}"

    def item_pubdate(self, item: VerdictChange) -> datetime:
        return item.at

    def item_updateddate(self, item: VerdictChange) -> datetime:
        return item.at


status_feed = require_GET(VerdictChangeFeed())
