"""Confirmation and unsubscribe links that cannot be used: expired, tampered with, cut short, made for
the other purpose, or for a subscription that is gone. Each gets a page that says so, never a 500."""

from __future__ import annotations

import time

import pytest
from django.core import signing

from alerts.models import Subscription

from .conftest import links, post_subscribe


class Clock:
    """Stands in for the time module in django.core.signing, so a link is signed at a chosen time."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def time(self) -> float:
        return self.seconds


def subscribe_and_get_links(client, mailoutbox) -> dict[str, str]:
    post_subscribe(client)
    return links(mailoutbox[-1])


def test_a_confirmation_link_older_than_the_limit_is_refused_with_a_clear_page(client, mailoutbox, monkeypatch):
    monkeypatch.setattr(signing, "time", Clock(time.time() - 48 * 3600 - 60))
    confirm = subscribe_and_get_links(client, mailoutbox)["confirm"]
    monkeypatch.undo()

    for method in (client.get, client.post):
        page = method(confirm)
        assert page.status_code == 410
        text = page.content.decode()
        assert "This confirmation link has expired" in text and "work for 48 hours" in text
        assert 'href="/alerts/subscribe/"' in text
    assert Subscription.objects.get().confirmed_at is None


def test_a_confirmation_link_just_inside_the_limit_still_works(client, mailoutbox, monkeypatch):
    monkeypatch.setattr(signing, "time", Clock(time.time() - 47 * 3600))
    confirm = subscribe_and_get_links(client, mailoutbox)["confirm"]
    monkeypatch.undo()
    assert client.post(confirm).status_code == 200
    assert Subscription.objects.get().confirmed_at is not None


def tamper(path: str) -> str:
    """The same link with one character of its signature changed."""
    token = path.split("/")[3]
    last = "A" if token[-1] != "A" else "B"
    return path.replace(token, token[:-1] + last)


@pytest.mark.parametrize("kind", ["confirm", "unsubscribe"])
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "spoil",
    [
        tamper,
        lambda path: path[: len(path) // 2] + "/",  # cut short in a mail client
        lambda path: "/alerts/{kind}/not-a-token/",
        lambda path: "/alerts/{kind}/" + signing.dumps({"s": 1, "n": "x"}, salt="other.salt") + "/",
        lambda path: "/alerts/{kind}/%ZZ%00%C3%28/",
    ],
    ids=["one-character-changed", "cut-short", "garbage", "other-salt", "bad-bytes"],
)
def test_a_spoilt_link_is_refused_with_a_clear_page_and_changes_nothing(client, mailoutbox, kind, method, spoil):
    path = subscribe_and_get_links(client, mailoutbox)[kind]
    spoilt = spoil(path).replace("{kind}", kind)
    if not spoilt.endswith("/"):
        spoilt += "/"
    response = getattr(client, method)(spoilt)
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert "This link is not valid" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None


def test_a_confirm_token_is_no_unsubscribe_token_and_the_other_way_round(client, mailoutbox):
    found = subscribe_and_get_links(client, mailoutbox)
    confirm_token, unsubscribe_token = found["confirm"].split("/")[3], found["unsubscribe"].split("/")[3]
    assert client.post(f"/alerts/unsubscribe/{confirm_token}/").status_code == 400
    assert client.post(f"/alerts/confirm/{unsubscribe_token}/").status_code == 400
    assert Subscription.objects.filter(confirmed_at__isnull=True).count() == 1


def test_links_of_a_deleted_subscription_do_not_work_for_a_new_one(client, mailoutbox, settings):
    settings.ALERTS_SUBSCRIBE_MAIL_FLOOR_SECONDS = 0
    old = subscribe_and_get_links(client, mailoutbox)
    client.post(old["unsubscribe"])
    post_subscribe(client)  # the same address again: a new row, a new nonce
    page = client.get(old["confirm"])
    assert page.status_code == 410 and "This link no longer works" in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None
