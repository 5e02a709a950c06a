"""Fixtures for the alert tests: the settings they rely on, a fixed clock, verdict changes, and a way
to read the links out of a mail. Mail goes to Django's locmem outbox (pytest-django's mailoutbox,
which also keeps Django from asking DNS for this machine's name), except in test_smtp.py."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
MODELS = ["gemini-3.5-flash", "gemini-3.8-flash"]
ADDRESS = "Ada.Lovelace@Example.org"
SITE = "http://testserver"
LINK = re.compile(r"http://testserver(/alerts/(?:confirm|unsubscribe)/[^/\s]+/)")


@pytest.fixture(autouse=True)
def alert_settings(db, settings, mailoutbox):
    # `db` first: its test case set-up gives django.core.mail a new outbox, which mailoutbox then returns.
    settings.PROBE_MODELS = MODELS
    settings.SITE_URL = SITE
    settings.ALERTS_CONFIRM_MAX_AGE_SECONDS = 48 * 3600
    settings.ALERTS_MAIL_FLOOR_SECONDS = 30 * 60
    settings.ALERTS_SUBSCRIBE_RATE_LIMIT_PER_MINUTE = 1000
    settings.ALERTS_SUBSCRIBE_MAIL_FLOOR_SECONDS = 300
    return settings


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def make_change(model_id: str, before: str, after: str, *, at: datetime, evidence: str = "probe failed 3 times"):
    from status.models import VerdictChange

    return VerdictChange.objects.create(
        model_id=model_id, state_before=before, state_after=after, at=at, evidence=evidence
    )


def links(message) -> dict[str, str]:
    """The confirm and unsubscribe paths in a mail's body, by kind."""
    found: dict[str, str] = {}
    for path in LINK.findall(message.body):
        found.setdefault(path.split("/")[2], path)
    return found


def post_subscribe(client, email=ADDRESS, models=("any",), *, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post("/alerts/subscribe/", {"email": email, "models": list(models)}, headers=headers)
