"""Subscribing, confirming and unsubscribing: what the pages do, with the clock passed in.

The subscribe form answers every valid request the same way, and sends one mail either way: a
confirmation link to an address we do not have yet (or have not had confirmed), an "already
subscribed" mail, with a link to confirm the new choice of models, to one we have. So neither the
page nor the mail behaviour tells a stranger whether an address is subscribed."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from web.ratelimit import allow, client_ip

from . import mail
from .models import Subscription
from .tokens import TokenExpired, TokenInvalid, read_confirm_token, read_unsubscribe_token

logger = logging.getLogger("alerts")

RATE_LIMITED_MESSAGE = (
    "Too many subscribe requests from your address: the limit is {limit} a minute. Try again shortly."
)


@dataclass(frozen=True)
class Watch:
    """What a subscriber wants mail about: these models, or any model."""

    model_ids: tuple[str, ...]
    watch_any: bool


class LinkOutcome(enum.StrEnum):
    VALID = "valid"  # a link that can be acted on
    DONE = "done"  # confirmed, or unsubscribed
    EXPIRED = "expired"
    INVALID = "invalid"  # tampered with, cut short, or for something else
    GONE = "gone"  # genuine, but the subscription no longer exists


@dataclass(frozen=True)
class LinkResult:
    outcome: LinkOutcome
    subscription: Subscription | None = None
    watch: Watch | None = None


def subscribe_allowed(request: HttpRequest) -> bool:
    limit = settings.ALERTS_SUBSCRIBE_RATE_LIMIT_PER_MINUTE
    return allow(scope="alerts-subscribe", client=client_ip(request), limit=limit)


def rate_limited_message() -> str:
    return RATE_LIMITED_MESSAGE.format(limit=settings.ALERTS_SUBSCRIBE_RATE_LIMIT_PER_MINUTE)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def subscribe(*, email: str, watch: Watch, now: datetime) -> None:
    """Send the subscribe mail this address calls for. At most one such mail per address per
    ALERTS_SUBSCRIBE_MAIL_FLOOR_SECONDS, so the form cannot be used to flood someone's inbox."""
    with transaction.atomic():
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            email=normalise_email(email),
            defaults={"created_at": now, "model_ids": list(watch.model_ids), "watch_any": watch.watch_any},
        )
        floor = timedelta(seconds=settings.ALERTS_SUBSCRIBE_MAIL_FLOOR_SECONDS)
        if subscription.confirm_sent_at is not None and now - subscription.confirm_sent_at < floor:
            logger.info(
                "subscribe mail for %s held back: one went out %s ago", subscription, now - subscription.confirm_sent_at
            )
            return
        if subscription.confirmed_at is None:
            subscription.model_ids, subscription.watch_any = list(watch.model_ids), watch.watch_any
        subscription.confirm_sent_at = now
        subscription.save()
    template = "confirm" if subscription.confirmed_at is None else "already_subscribed"
    link = mail.confirm_url(subscription, model_ids=watch.model_ids, watch_any=watch.watch_any)
    context = {"confirm_url": link, "watch": watch, "current": current_watch(subscription)}
    message = mail.build_message(template=template, subscription=subscription, context=context)
    if mail.send(message, subscription=subscription).ok:
        logger.info("subscribe mail (%s) sent for %s", template, subscription)


def current_watch(subscription: Subscription) -> Watch:
    return Watch(model_ids=tuple(subscription.model_ids), watch_any=subscription.watch_any)


def check_confirm_link(token: str) -> LinkResult:
    """What a confirmation link stands for, without acting on it (a GET: mail scanners follow links)."""
    try:
        claim = read_confirm_token(token, max_age_seconds=settings.ALERTS_CONFIRM_MAX_AGE_SECONDS)
    except TokenExpired:
        return LinkResult(LinkOutcome.EXPIRED)
    except TokenInvalid:
        return LinkResult(LinkOutcome.INVALID)
    subscription = Subscription.objects.filter(pk=claim.subscription_id, nonce=claim.nonce).first()
    if subscription is None:
        return LinkResult(LinkOutcome.GONE)
    return LinkResult(LinkOutcome.VALID, subscription, Watch(model_ids=claim.model_ids, watch_any=claim.watch_any))


def confirm(token: str, *, now: datetime) -> LinkResult:
    """Confirm the subscription with the choice of models the link carries."""
    result = check_confirm_link(token)
    if result.outcome is not LinkOutcome.VALID or result.subscription is None or result.watch is None:
        return result
    subscription = result.subscription
    subscription.model_ids, subscription.watch_any = list(result.watch.model_ids), result.watch.watch_any
    # Alerts cover changes from the first confirmation on; confirming again changes the models only.
    subscription.confirmed_at = subscription.confirmed_at or now
    # The link came by mail, so the address takes mail again: alerts stopped by failures resume.
    subscription.mail_failures, subscription.mail_error = 0, ""
    subscription.mail_retry_at = subscription.mail_stopped_at = None
    subscription.save(
        update_fields=[
            "model_ids",
            "watch_any",
            "confirmed_at",
            "mail_failures",
            "mail_error",
            "mail_retry_at",
            "mail_stopped_at",
        ]
    )
    logger.info("%s confirmed", subscription)
    return LinkResult(LinkOutcome.DONE, subscription, result.watch)


def check_unsubscribe_link(token: str) -> LinkResult:
    try:
        claim = read_unsubscribe_token(token)
    except (TokenInvalid, TokenExpired):
        return LinkResult(LinkOutcome.INVALID)
    subscription = Subscription.objects.filter(pk=claim.subscription_id, nonce=claim.nonce).first()
    if subscription is None:
        return LinkResult(LinkOutcome.GONE)
    return LinkResult(LinkOutcome.VALID, subscription, current_watch(subscription))


def unsubscribe(token: str) -> LinkResult:
    """Delete the subscription, its address and the record of what it was sent. A second click
    finds nothing to delete and says the same: unsubscribed."""
    result = check_unsubscribe_link(token)
    if result.outcome is LinkOutcome.INVALID:
        return result
    if result.subscription is not None:
        logger.info("%s unsubscribed", result.subscription)
        result.subscription.delete()
    return LinkResult(LinkOutcome.DONE)


def expire_unconfirmed(*, now: datetime) -> int:
    """Delete the subscriptions whose confirmation link has expired unused; the count deleted."""
    cutoff = now - timedelta(seconds=settings.ALERTS_CONFIRM_MAX_AGE_SECONDS)
    _, per_model = Subscription.objects.unconfirmed_since_before(cutoff).delete()
    return per_model.get(Subscription._meta.label, 0)
