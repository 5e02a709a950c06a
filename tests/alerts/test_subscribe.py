"""The subscribe form: its page, its errors, htmx and plain posts, the rate limit, and the promise
that the answer and the mail behaviour never tell whether an address is already subscribed."""

from __future__ import annotations

import pytest

from alerts.models import Subscription

from .conftest import ADDRESS, MODELS, links, post_subscribe


def test_the_form_offers_any_model_and_the_models_the_status_page_watches(client):
    page = client.get("/alerts/subscribe/").content.decode()
    assert '<label class="field-label" for="id_email">Email address</label>' in page
    assert 'type="email" name="email"' in page and 'autocomplete="email"' in page
    assert '<legend class="field-label">Models to watch</legend>' in page
    assert 'value="any"' in page and "checked" in page.split('value="any"')[1].split(">")[0]
    for model_id in MODELS:
        assert f'value="{model_id}"' in page
    assert 'aria-live="polite"' in page and 'hx-post="/alerts/subscribe/"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "models": ["any"]}, "Enter the address to send alerts to."),
        ({"email": "not-an-address", "models": ["any"]}, "Enter a valid email address."),
        ({"email": "a@example.com"}, "Pick at least one model, or “Any model”."),
        ({"email": "a@example.com", "models": ["gemini-0-unknown"]}, "Pick models from the list."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_form_with_a_mistake_comes_back_with_what_to_fix_and_sends_nothing(client, mailoutbox, data, message, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post("/alerts/subscribe/", data, headers=headers)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert ("<html" in page) is not htmx
    assert not mailoutbox and not Subscription.objects.exists()


def test_with_htmx_the_answer_is_swapped_into_the_live_region_and_the_fields_are_cleared(client, mailoutbox):
    response = post_subscribe(client, htmx=True)
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "Check your inbox" in page
    assert '<div id="alerts-subscribe-fields" hx-swap-oob="innerHTML">' in page
    assert ADDRESS not in page and ADDRESS.lower() not in page
    assert len(mailoutbox) == 1


def answers(client, email):
    """The plain and the htmx answers to subscribing `email`, without the per-request CSRF token."""
    plain = post_subscribe(client, email)
    fragment = post_subscribe(client, email, htmx=True)
    return plain.status_code, plain.get("Location"), fragment.status_code, fragment.content


def test_an_existing_address_gets_the_same_answer_and_one_mail_that_says_so(client, mailoutbox, settings):
    settings.ALERTS_SUBSCRIBE_MAIL_FLOOR_SECONDS = 0
    # A subscribed, confirmed address...
    post_subscribe(client, "known@example.com", [MODELS[0]])
    client.post(links(mailoutbox[0])["confirm"])
    mailoutbox.clear()

    known = answers(client, "known@example.com")
    new = answers(client, "new@example.com")
    assert known == new
    assert known[:3] == (302, "/alerts/check-your-inbox/", 200)

    # ...gets one mail a subscribe, as a new address does, but one that says it is subscribed, and
    # lets it switch to the newly chosen models (nothing changes until that link is followed).
    to_known = [m for m in mailoutbox if m.to == ["known@example.com"]]
    to_new = [m for m in mailoutbox if m.to == ["new@example.com"]]
    assert len(to_known) == len(to_new) == 2
    assert to_known[0].subject == "You are already subscribed to Gemini API status alerts"
    assert f"already subscribed, to {MODELS[0]}: nothing has changed" in to_known[0].body
    assert to_new[0].subject == "Confirm your Gemini API status alerts"
    for message in to_known + to_new:
        assert set(links(message)) == {"confirm", "unsubscribe"}
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    known_row = Subscription.objects.get(email="known@example.com")
    assert known_row.model_ids == [MODELS[0]] and not known_row.watch_any
    client.post(links(to_known[0])["confirm"])
    assert Subscription.objects.get(email="known@example.com").watch_any


def test_an_unconfirmed_address_gets_a_fresh_confirmation_with_the_new_choice(client, mailoutbox, settings):
    settings.ALERTS_SUBSCRIBE_MAIL_FLOOR_SECONDS = 0
    post_subscribe(client, models=[MODELS[0]])
    post_subscribe(client, models=[MODELS[1]])
    assert [m.subject for m in mailoutbox] == ["Confirm your Gemini API status alerts"] * 2
    assert Subscription.objects.get().model_ids == [MODELS[1]]


def test_one_address_gets_at_most_one_subscribe_mail_per_floor_whatever_the_page_says(client, mailoutbox):
    first, second = post_subscribe(client), post_subscribe(client)
    assert first.status_code == second.status_code == 302
    assert len(mailoutbox) == 1


def test_addresses_are_kept_lower_case_so_one_address_is_one_subscription(client, mailoutbox, settings):
    settings.ALERTS_SUBSCRIBE_MAIL_FLOOR_SECONDS = 0
    post_subscribe(client, "Someone@Example.COM")
    post_subscribe(client, "someone@example.com")
    assert list(Subscription.objects.values_list("email", flat=True)) == ["someone@example.com"]


def test_subscribing_is_rate_limited_per_client(client, mailoutbox, settings):
    settings.ALERTS_SUBSCRIBE_RATE_LIMIT_PER_MINUTE = 2
    for n in range(2):
        assert post_subscribe(client, f"person{n}@example.com").status_code == 302
    limited = post_subscribe(client, "person2@example.com")
    page = limited.content.decode()
    assert limited.status_code == 200 and "Too many subscribe requests from your address" in page
    assert 'role="alert"' in page
    assert "Too many" in post_subscribe(client, "person3@example.com", htmx=True).content.decode()
    assert len(mailoutbox) == 2
    # Another client is not held back by the first one's budget.
    other = client.post("/alerts/subscribe/", {"email": "x@example.com", "models": ["any"]}, REMOTE_ADDR="127.0.0.2")
    assert other.status_code == 302
