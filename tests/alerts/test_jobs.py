"""The mail job and the expiry job on a fixed clock: one mail per change, the floor between mails,
what a mail sums up, and unconfirmed subscriptions deleted when their link expires."""

from __future__ import annotations

import io

from django.core.management import call_command

from alerts.jobs import LOCK_NAME, expire_alert_subscriptions, send_status_alerts
from alerts.models import AlertDelivery, Subscription
from alerts.services import Watch, confirm, subscribe

from .conftest import MODELS, T0, links, make_change, minutes

ANY = Watch(model_ids=(), watch_any=True)


def confirmed_subscriber(mailoutbox, *, email="ops@example.com", watch=ANY, at=T0) -> Subscription:
    subscribe(email=email, watch=watch, now=at)
    token = links(mailoutbox[-1])["confirm"].split("/")[3]
    confirm(token, now=at)
    mailoutbox.clear()
    return Subscription.objects.get(email=email)


def test_two_changes_within_the_floor_make_one_mail_that_lists_both(mailoutbox):
    confirmed_subscriber(mailoutbox)
    make_change(MODELS[0], "operational", "outage", at=T0 + minutes(1))
    assert send_status_alerts(now=T0 + minutes(1)).mailed == 1  # the first change goes out at once

    # It flaps back and forth inside the 30-minute floor: held, not mailed.
    make_change(MODELS[0], "outage", "operational", at=T0 + minutes(4))
    make_change(MODELS[0], "operational", "outage", at=T0 + minutes(9))
    run = send_status_alerts(now=T0 + minutes(10))
    assert (run.mailed, run.held) == (0, 1)
    assert len(mailoutbox) == 1

    # Once the floor has passed, one mail with both changes, under the latest state.
    run = send_status_alerts(now=T0 + minutes(31))
    assert (run.mailed, run.changes) == (1, 2)
    assert len(mailoutbox) == 2
    second = mailoutbox[1]
    assert second.subject == f"Gemini status: {MODELS[0]}: outage"
    assert "2026-03-02 12:04 UTC: outage -> operational" in second.body
    assert "2026-03-02 12:09 UTC: operational -> outage" in second.body
    assert "come together in one mail" in second.body
    assert AlertDelivery.objects.count() == 3

    # Every change was mailed once: nothing more, however often the job runs.
    assert send_status_alerts(now=T0 + minutes(90)).mailed == 0


def test_changes_before_the_first_run_come_in_one_mail_and_a_short_outage_is_not_lost(mailoutbox):
    confirmed_subscriber(mailoutbox)
    make_change(MODELS[0], "operational", "outage", at=T0 + minutes(1))
    make_change(MODELS[0], "outage", "operational", at=T0 + minutes(2))
    make_change(MODELS[1], "operational", "degraded", at=T0 + minutes(2))
    assert send_status_alerts(now=T0 + minutes(3)).changes == 3
    [mail] = mailoutbox
    assert mail.subject == f"Gemini status: {MODELS[0]}: operational again; {MODELS[1]}: degraded for some users"


def test_each_subscriber_gets_only_the_models_they_watch_and_changes_since_they_confirmed(mailoutbox):
    make_change(MODELS[0], "operational", "outage", at=T0 - minutes(5))  # before anyone confirmed
    confirmed_subscriber(mailoutbox, email="one@example.com", watch=Watch(model_ids=(MODELS[0],), watch_any=False))
    confirmed_subscriber(mailoutbox, email="two@example.com", watch=Watch(model_ids=(MODELS[1],), watch_any=False))
    make_change(MODELS[1], "operational", "outage", at=T0 + minutes(1))
    assert send_status_alerts(now=T0 + minutes(2)).mailed == 1
    [mail] = mailoutbox
    assert mail.to == ["two@example.com"] and MODELS[1] in mail.subject


def test_a_mail_server_that_is_down_is_tried_again_on_the_next_run(mailoutbox, settings):
    confirmed_subscriber(mailoutbox)
    make_change(MODELS[0], "operational", "outage", at=T0 + minutes(1))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens there
    assert send_status_alerts(now=T0 + minutes(1)).failed == 1
    assert not AlertDelivery.objects.exists()
    assert Subscription.objects.get().mail_failures == 0  # the subscriber is not charged for our server
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_status_alerts(now=T0 + minutes(2)).mailed == 1


def test_alerts_stopped_by_refusals_resume_once_the_address_confirms_again(mailoutbox):
    confirmed_subscriber(mailoutbox)
    Subscription.objects.update(mail_failures=1, mail_error="550 SMTPRecipientsRefused", mail_stopped_at=T0)
    make_change(MODELS[0], "operational", "outage", at=T0 + minutes(1))
    assert send_status_alerts(now=T0 + minutes(1)).mailed == 0

    subscribe(email="ops@example.com", watch=ANY, now=T0 + minutes(10))  # the "already subscribed" mail
    confirm(links(mailoutbox[-1])["confirm"].split("/")[3], now=T0 + minutes(11))

    assert send_status_alerts(now=T0 + minutes(12)).mailed == 1
    assert Subscription.objects.get().mail_stopped_at is None


def test_a_second_run_while_one_holds_the_lock_sends_nothing(mailoutbox):
    from status.services import held

    confirmed_subscriber(mailoutbox)
    make_change(MODELS[0], "operational", "outage", at=T0 + minutes(1))
    with held(LOCK_NAME, timeout_seconds=60) as mine:  # another run, mailing
        assert mine
        assert send_status_alerts(now=T0 + minutes(1)).locked
    assert not mailoutbox
    assert send_status_alerts(now=T0 + minutes(1)).mailed == 1


def test_unconfirmed_subscriptions_are_deleted_when_their_link_expires(mailoutbox):
    subscribe(email="late@example.com", watch=ANY, now=T0)
    subscribe(email="recent@example.com", watch=ANY, now=T0 + minutes(60 * 24))
    confirmed_subscriber(mailoutbox, email="kept@example.com", at=T0)

    assert expire_alert_subscriptions(now=T0 + minutes(48 * 60 - 1)) == 0
    assert expire_alert_subscriptions(now=T0 + minutes(48 * 60 + 1)) == 1
    assert sorted(Subscription.objects.values_list("email", flat=True)) == ["kept@example.com", "recent@example.com"]


def test_the_expiry_command_runs_the_job_once():
    subscribe(email="late@example.com", watch=ANY, now=T0)
    out = io.StringIO()
    call_command("expire_alert_subscriptions", stdout=out)
    assert out.getvalue().strip() == "1 unconfirmed subscriptions deleted."
    assert not Subscription.objects.exists()


def test_the_huey_tasks_run_the_same_jobs(mailoutbox):
    from alerts.tasks import expire_alert_subscriptions_task, send_status_alerts_task

    subscribe(email="late@example.com", watch=ANY, now=T0)
    expire_alert_subscriptions_task.call_local()
    send_status_alerts_task.call_local()
    assert not Subscription.objects.exists()
