"""The whole journey through the site and the mail job: subscribe, the confirmation mail, confirm, a
verdict change, one alert mail with its List-Unsubscribe headers, and the unsubscribe link."""

from __future__ import annotations

import io
import logging
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from alerts.jobs import send_status_alerts
from alerts.models import AlertDelivery, Subscription

from .conftest import ADDRESS, SITE, links, make_change, post_subscribe


def test_subscribe_confirm_alert_unsubscribe(client, mailoutbox, caplog):
    caplog.set_level(logging.DEBUG)

    # Subscribing answers with the "check your inbox" page and mails a confirmation link.
    response = post_subscribe(client, models=["gemini-3.5-flash"])
    assert response.status_code == 302 and response["Location"] == "/alerts/check-your-inbox/"
    assert "Check your inbox" in client.get(response["Location"]).content.decode()
    [confirmation] = mailoutbox
    assert confirmation.to == [ADDRESS.lower()]
    assert confirmation.subject == "Confirm your Gemini API status alerts"
    assert confirmation.extra_headers["List-Unsubscribe"] == f"<{SITE}{links(confirmation)['unsubscribe']}>"
    confirm = links(confirmation)["confirm"]

    # Nothing is sent to an unconfirmed address, whatever changes.
    make_change("gemini-3.5-flash", "operational", "outage", at=timezone.now())
    assert send_status_alerts().mailed == 0

    # Opening the link shows a button (mail scanners open links); pressing it confirms.
    page = client.get(confirm)
    assert page.status_code == 200 and "Confirm my subscription" in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None
    page = client.post(confirm)
    assert "You’re subscribed" in page.content.decode() and "<code>gemini-3.5-flash</code>" in page.content.decode()

    # A change after confirming, for the watched model and for another: one mail, about the first.
    later = timezone.now()
    make_change("gemini-3.5-flash", "outage", "degraded", at=later, evidence="users report 9x the usual 503s")
    make_change("gemini-3.8-flash", "operational", "outage", at=later)
    out = io.StringIO()
    call_command("send_status_alerts", stdout=out)
    assert out.getvalue().startswith("1 mails sent (1 changes)")
    alert = mailoutbox[1]
    assert len(mailoutbox) == 2
    assert alert.subject == "Gemini status: gemini-3.5-flash: degraded for some users"
    assert "outage -> degraded for some users" in alert.body and "gemini-3.8-flash" not in alert.body
    unsubscribe = links(alert)["unsubscribe"]
    assert alert.extra_headers["List-Unsubscribe"] == f"<{SITE}{unsubscribe}>"
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert AlertDelivery.objects.count() == 1

    # Run again: nothing new, nothing sent.
    assert send_status_alerts(now=later + timedelta(hours=1)).mailed == 0

    # The unsubscribe link: a button, then the address is gone.
    assert "Unsubscribe from status alerts" in client.get(unsubscribe).content.decode()
    page = client.post(unsubscribe)
    assert page.status_code == 200 and "You’re unsubscribed" in page.content.decode()
    assert not Subscription.objects.exists() and not AlertDelivery.objects.exists()
    # A second press says the same; the link then says there is nothing left to unsubscribe.
    assert "You’re unsubscribed" in client.post(unsubscribe).content.decode()
    assert "You’re not subscribed" in client.get(unsubscribe).content.decode()

    # No address and no token ever reached a log line (the request log blanks tokens out).
    logged = caplog.text.lower()
    assert ADDRESS.lower() not in logged and "lovelace" not in logged
    for path in (confirm, unsubscribe):
        assert path.split("/")[3] not in caplog.text
    assert "/alerts/confirm/[token]/" in caplog.text


def test_mail_apps_one_click_unsubscribe_posts_without_a_csrf_token(client, mailoutbox):
    from django.test import Client

    post_subscribe(client)
    unsubscribe = links(mailoutbox[0])["unsubscribe"]
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_confirming_needs_no_cookie_the_signed_link_is_the_proof(client, mailoutbox):
    from django.test import Client

    post_subscribe(client)
    confirm = links(mailoutbox[0])["confirm"]
    assert Client(enforce_csrf_checks=True).post(confirm).status_code == 200
    assert Subscription.objects.get().confirmed_at is not None
