"""The alert jobs, as plain functions with the clock passed in: Huey runs them (alerts/tasks.py), so do
the run-once commands `send_status_alerts` and `expire_alert_subscriptions`, and the tests.

One mail per verdict change per subscriber: AlertDelivery records each change a subscriber was
sent, and only unrecorded changes go into a mail. Between two mails to one subscriber at least
ALERTS_MAIL_FLOOR_SECONDS pass; the changes that come in meanwhile wait, and the next mail sums
them all up (see digest.py), so a flapping model sends one mail per floor, not one per flap."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from status.models import VerdictChange
from status.services import current_verdicts
from status.services import held as lock_held

from . import mail
from .digest import Digest, digest
from .models import AlertDelivery, Subscription
from .services import expire_unconfirmed

logger = logging.getLogger("alerts")

LOCK_NAME = "alerts-send"
LOCK_SECONDS = 600
# A backlog longer than this (the job was down for days) goes out over several mails.
MAX_CHANGES_PER_MAIL = 50
# A mail the server did not take for now is tried again after 2, 4, 8... minutes, at most 6 hours
# apart; after 10 tries in a row (about 14 hours) alerts to that address stop. A mail server we
# cannot reach (or that refuses our login or sender) charges no subscriber a try.
RETRY_FIRST_SECONDS = 120
RETRY_MAX_SECONDS = 6 * 3600
MAX_TRIES = 10


@dataclass(frozen=True)
class AlertRun:
    mailed: int  # mails sent
    changes: int  # verdict changes those mails carried
    held: int  # subscribers with news, waiting out the floor
    failed: int  # mails the server did not take (tried again after a delay, or stopped: see Subscription)
    locked: bool = False  # another run was going on: this one did nothing


def send_status_alerts(*, now: datetime | None = None, connection: BaseEmailBackend | None = None) -> AlertRun:
    """Mail every confirmed subscriber the verdict changes they watch and have not been sent yet."""
    now = now or timezone.now()
    # However many consumers run this at once, one mails: a second mail for the same change is
    # what AlertDelivery's unique constraint would refuse, but only after it was sent.
    with lock_held(LOCK_NAME, timeout_seconds=LOCK_SECONDS) as mine:
        if not mine:
            return AlertRun(mailed=0, changes=0, held=0, failed=0, locked=True)
        run = _send_all(now=now, connection=connection)
    if run.mailed or run.failed or run.held:
        logger.info(
            "alerts: %s mailed (%s changes), %s held by the floor, %s failed",
            run.mailed,
            run.changes,
            run.held,
            run.failed,
        )
    return run


def _send_all(*, now: datetime, connection: BaseEmailBackend | None) -> AlertRun:
    verdicts = {verdict.model_id: verdict for verdict in current_verdicts(now=now)}
    floor = timedelta(seconds=settings.ALERTS_MAIL_FLOOR_SECONDS)
    mailed = changes = held = failed = 0
    for subscription in Subscription.objects.mailable(now).order_by("pk").iterator():
        pending = pending_changes(subscription, now=now)
        if not pending:
            continue
        if subscription.last_mailed_at is not None and now - subscription.last_mailed_at < floor:
            held += 1
            continue
        news = digest(pending, verdicts)
        sent = _mail(subscription, news, connection=connection)
        if sent.ours:
            # The mail server is down or refuses us: every other mail would fail the same way.
            # The next run tries again, and no subscriber is charged a try.
            failed += 1
            break
        if not sent.ok:
            _record_failure(subscription, sent, now=now)
            failed += 1
            continue
        _record(subscription, news, now=now)
        mailed, changes = mailed + 1, changes + len(news.change_ids)
    return AlertRun(mailed=mailed, changes=changes, held=held, failed=failed)


def pending_changes(subscription: Subscription, *, now: datetime) -> list[VerdictChange]:
    """The changes this subscriber watches, from their confirmation on, not mailed to them yet."""
    assert subscription.confirmed_at is not None
    changes = VerdictChange.objects.filter(at__gte=subscription.confirmed_at, at__lte=now).exclude(
        pk__in=AlertDelivery.objects.filter(subscription=subscription).values("change_id")
    )
    if not subscription.watch_any:
        changes = changes.filter(model_id__in=subscription.model_ids)
    return list(changes.order_by("at", "pk")[:MAX_CHANGES_PER_MAIL])


def _mail(subscription: Subscription, news: Digest, *, connection: BaseEmailBackend | None) -> mail.Sent:
    message = mail.build_message(template="alert", subscription=subscription, context={"digest": news})
    return mail.send(message, subscription=subscription, connection=connection)


def _record(subscription: Subscription, news: Digest, *, now: datetime) -> None:
    with transaction.atomic():
        AlertDelivery.objects.bulk_create(
            [AlertDelivery(subscription=subscription, change_id=pk, mailed_at=now) for pk in news.change_ids],
            ignore_conflicts=True,
        )
        Subscription.objects.filter(pk=subscription.pk).update(
            last_mailed_at=now, mail_failures=0, mail_error="", mail_retry_at=None
        )


def _record_failure(subscription: Subscription, sent: mail.Sent, *, now: datetime) -> None:
    failures = subscription.mail_failures + 1
    if sent.permanent or failures >= MAX_TRIES:
        logger.warning("alerts: mails to %s stopped at try %s: %s", subscription, failures, sent.error)
        retry_at, stopped_at = None, now
    else:
        retry_at, stopped_at = now + retry_delay(failures), None
    Subscription.objects.filter(pk=subscription.pk).update(
        mail_failures=failures, mail_error=sent.error[:100], mail_retry_at=retry_at, mail_stopped_at=stopped_at
    )


def retry_delay(failures: int) -> timedelta:
    """How long to wait after this many failed tries in a row: doubling, capped."""
    return timedelta(seconds=min(RETRY_FIRST_SECONDS * 2 ** (failures - 1), RETRY_MAX_SECONDS))


def expire_alert_subscriptions(*, now: datetime | None = None) -> int:
    """Delete the subscriptions never confirmed within ALERTS_CONFIRM_MAX_AGE_SECONDS; the count."""
    deleted = expire_unconfirmed(now=now or timezone.now())
    if deleted:
        logger.info("alerts: %s unconfirmed subscriptions expired", deleted)
    return deleted
