"""Who wants mail about which models, and which verdict changes each of them was sent.

An address is kept only while it is needed: from the subscribe form until it is confirmed (or the
confirmation expires, when the retention job deletes it), then until the person unsubscribes,
which deletes the row and, with it, the record of what was sent to it.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import models


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def confirmed(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def mailable(self, now: datetime) -> SubscriptionQuerySet:
        """Confirmed, not stopped, and not waiting out a retry delay."""
        return self.confirmed().filter(
            models.Q(mail_retry_at__isnull=True) | models.Q(mail_retry_at__lte=now), mail_stopped_at__isnull=True
        )

    def unconfirmed_since_before(self, cutoff: datetime) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=True, confirm_sent_at__lt=cutoff)


class Subscription(models.Model):
    # Lower-cased on the way in (services.normalise_email), so one address is one row.
    email = models.EmailField(max_length=254, unique=True)
    model_ids = models.JSONField(default=list, help_text="The model IDs watched (ignored with watch_any).")
    watch_any = models.BooleanField(default=False, help_text="Mail about every model the status page watches.")
    # In every signed link, so that the links of an unsubscribed (deleted) row never work for a
    # later row that happens to get the same id.
    nonce = models.CharField(max_length=32, default=new_nonce)
    created_at = models.DateTimeField()
    # The last subscribe mail (confirmation or "already subscribed"): the confirmation expires
    # from it, and a second subscribe mail waits for ALERTS_SUBSCRIBE_MAIL_FLOOR_SECONDS after it.
    confirm_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_mailed_at = models.DateTimeField(null=True, blank=True, help_text="The last alert mail.")
    # Alert mails the server did not take, since the last one it did: a temporary failure waits
    # until mail_retry_at; a permanent one, or too many temporary ones, stops alerts (mail_stopped_at)
    # until the address is confirmed again.
    mail_failures = models.PositiveIntegerField(default=0, help_text="Failed alert mails in a row.")
    mail_error = models.CharField(
        max_length=100, blank=True, help_text="The last failure: SMTP code and error class, never the server's text."
    )
    mail_retry_at = models.DateTimeField(null=True, blank=True, help_text="No alert mail is tried before this.")
    mail_stopped_at = models.DateTimeField(
        null=True, blank=True, help_text="When alert mails stopped: refused for good, or failed too often."
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["confirmed_at", "confirm_sent_at"], name="alerts_sub_confirmed_idx")]

    def __str__(self) -> str:  # never the address: this shows up in logs, tracebacks and the shell
        return f"subscription #{self.pk}"

    def __repr__(self) -> str:
        return f"<Subscription #{self.pk}>"

    def watches(self, model_id: str) -> bool:
        return self.watch_any or model_id in self.model_ids


class AlertDelivery(models.Model):
    """One verdict change mailed to one subscriber: the unique pair is the "one mail per change" promise."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    change = models.ForeignKey("status.VerdictChange", on_delete=models.CASCADE, related_name="+")
    mailed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "change"], name="alerts_one_delivery_per_change")
        ]
        verbose_name_plural = "alert deliveries"

    def __str__(self) -> str:
        return f"change #{self.change_id} to subscription #{self.subscription_id}"
