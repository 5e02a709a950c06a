"""Status alerts in a browser: subscribe on /status/, confirm from the mail, get an alert when a
verdict changes, unsubscribe from the alert's link. The site runs in a thread of this process, so
its mails land in Django's locmem outbox, where the test reads them as a person reads their inbox."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Page, expect

from .pages import axe_violations, open_page, wait_until

pytestmark = pytest.mark.browser

ADDRESS = "browser.journey@example.com"
MODEL = "gemini-3.5-flash"
T = TypeVar("T")


def as_the_site_writes(work: Callable[[], T]) -> T:
    """Run database work as the site's own requests do: in a thread of its own, on a connection
    that commits each statement. This test's thread has a connection of its own too (Playwright's
    loop keeps it apart, see conftest.py), inside the test's transaction: what it wrote the site
    would not see, and on SQLite the tables it touched would stay locked for the site's requests."""
    from django.db import connections

    results: list[T] = []

    def run() -> None:
        try:
            results.append(work())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert results, "the database work did not finish"
    return results[0]


def clean_up() -> None:
    from alerts.models import Subscription
    from status.models import VerdictChange

    Subscription.objects.filter(email=ADDRESS).delete()
    VerdictChange.objects.filter(evidence__startswith="browser journey").delete()


@pytest.fixture
def alerts_site(site: Any, settings: Any) -> Iterator[Any]:
    """The site, with links in mail pointing at it; what the journey committed is removed after."""
    settings.SITE_URL = site.url
    settings.PROBE_MODELS = [MODEL, "gemini-3.8-flash"]
    settings.ALERTS_SUBSCRIBE_RATE_LIMIT_PER_MINUTE = 1000
    yield site
    as_the_site_writes(clean_up)


def outbox() -> list[Any]:
    from django.core import mail

    return list(getattr(mail, "outbox", []))


def link_in(message: Any, kind: str) -> str:
    match = re.search(rf"https?://[^/\s]+(/alerts/{kind}/[^/\s]+/)", message.body)
    assert match, f"no {kind} link in {message.subject!r}"
    return match.group(1)


def verdict_changes_and_alerts_go_out() -> int:
    from django.utils import timezone

    from alerts.jobs import send_status_alerts
    from status.models import VerdictChange

    VerdictChange.objects.create(
        model_id=MODEL,
        state_before="operational",
        state_after="outage",
        at=timezone.now(),
        evidence="browser journey: 3 probes in a row failed with HTTP 503",
    )
    return send_status_alerts().mailed


def subscribe_on_the_status_page(page: Page, *, js: bool = True) -> None:
    open_page(page, "/status/", js=js)
    form = page.locator("#alerts")
    expect(form.get_by_role("heading", name="Email me when a model’s status changes")).to_be_visible()
    form.get_by_label("Email address").fill(ADDRESS)
    form.get_by_label("Any model").uncheck()
    form.get_by_label(MODEL).check()
    form.get_by_role("button", name="Subscribe").click()


def test_subscribe_confirm_get_an_alert_and_unsubscribe(browsing: Any, alerts_site: Any) -> None:
    page = browsing.new_page()
    subscribe_on_the_status_page(page)

    # htmx swaps the answer into the live region: no navigation, the address is cleared.
    result = page.locator("#alerts-subscribe-result")
    expect(result).to_have_attribute("aria-live", "polite")
    expect(result.get_by_role("heading", name="Check your inbox")).to_be_visible()
    expect(page).to_have_url(f"{alerts_site.url}/status/")
    expect(page.locator("#alerts").get_by_label("Email address")).to_have_value("")
    assert axe_violations(page) == []
    wait_until(page, lambda: len(outbox()) == 1)
    confirmation = outbox()[0]
    assert confirmation.to == [ADDRESS] and confirmation.subject == "Confirm your Gemini API status alerts"

    # The confirmation link shows a button; the button confirms.
    open_page(page, link_in(confirmation, "confirm"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your alerts")
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You’re subscribed")
    expect(page.locator("main")).to_contain_text(MODEL)
    assert axe_violations(page) == []

    # A verdict changes; the mail job sends one alert, with its unsubscribe headers.
    assert as_the_site_writes(verdict_changes_and_alerts_go_out) == 1
    alert = outbox()[1]
    assert alert.subject == f"Gemini status: {MODEL}: outage"
    assert "3 probes in a row failed with HTTP 503" in alert.body
    unsubscribe = link_in(alert, "unsubscribe")
    assert alert.extra_headers["List-Unsubscribe"] == f"<{alerts_site.url}{unsubscribe}>"
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The unsubscribe link: a button, then done; the address is gone.
    open_page(page, unsubscribe)
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe from status alerts")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You’re unsubscribed")
    assert axe_violations(page) == []
    assert as_the_site_writes(lambda: _subscribed(ADDRESS)) is False


def _subscribed(address: str) -> bool:
    from alerts.models import Subscription

    return Subscription.objects.filter(email=address).exists()


def test_without_javascript_subscribing_lands_on_the_check_your_inbox_page(browsing: Any, alerts_site: Any) -> None:
    page = browsing.new_page(java_script_enabled=False)
    with page.expect_navigation():
        subscribe_on_the_status_page(page, js=False)
    expect(page).to_have_url(f"{alerts_site.url}/alerts/check-your-inbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    wait_until(page, lambda: len(outbox()) == 1)

    # A mail app's one-click unsubscribe (RFC 8058): a bare POST to the List-Unsubscribe address.
    unsubscribe = link_in(outbox()[0], "unsubscribe")
    response = page.request.post(unsubscribe, form={"List-Unsubscribe": "One-Click"})
    assert response.status == 200
    assert as_the_site_writes(lambda: _subscribed(ADDRESS)) is False


def test_a_mistake_in_the_form_is_announced_next_to_its_field(browsing: Any, alerts_site: Any) -> None:
    page = browsing.new_page()
    open_page(page, "/status/")
    form = page.locator("#alerts")
    form.get_by_label("Email address").fill(ADDRESS)
    form.get_by_label("Any model").uncheck()
    form.get_by_role("button", name="Subscribe").click()
    expect(form.locator("#alerts-models-error")).to_have_text("Pick at least one model, or “Any model”.")
    expect(form.get_by_label("Email address")).to_have_value(ADDRESS)
    assert outbox() == []
