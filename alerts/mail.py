"""The mails themselves: plain text from templates/alerts/mail/, each with its unsubscribe link in the
body and in the List-Unsubscribe headers (RFC 2369, and RFC 8058's one-click POST).

Nothing here logs an address: a failed send is logged by the subscription's number and the
error's class only, since SMTP errors quote the recipients."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from .models import Subscription
from .tokens import make_confirm_token, make_unsubscribe_token

logger = logging.getLogger("alerts.mail")


def absolute(path: str) -> str:
    """Links in mail cannot be relative and no request is at hand in a job: SITE_URL is the site's origin."""
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(subscription: Subscription) -> str:
    token = make_unsubscribe_token(subscription_id=subscription.pk, nonce=subscription.nonce)
    return absolute(reverse("errors_kb:alerts-unsubscribe", kwargs={"token": token}))


def confirm_url(subscription: Subscription, *, model_ids: tuple[str, ...], watch_any: bool) -> str:
    token = make_confirm_token(
        subscription_id=subscription.pk, nonce=subscription.nonce, model_ids=model_ids, watch_any=watch_any
    )
    return absolute(reverse("errors_kb:alerts-confirm", kwargs={"token": token}))


def build_message(*, template: str, subscription: Subscription, context: dict[str, Any]) -> EmailMessage:
    """templates/alerts/mail/<template>_subject.txt and <template>.txt, addressed to the subscriber."""
    link = unsubscribe_url(subscription)
    context = {
        **context,
        "unsubscribe_url": link,
        "status_url": absolute(status_page_path()),
        "confirm_hours": round(settings.ALERTS_CONFIRM_MAX_AGE_SECONDS / 3600),
        "floor_minutes": round(settings.ALERTS_MAIL_FLOOR_SECONDS / 60),
    }
    subject = " ".join(render_to_string(f"alerts/mail/{template}_subject.txt", context).split())
    body = render_to_string(f"alerts/mail/{template}.txt", context)
    headers = {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # Tells auto-responders not to answer (RFC 3834).
        "Auto-Submitted": "auto-generated",
    }
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [subscription.email], headers=headers)


@dataclass(frozen=True)
class Sent:
    ok: bool
    # The server refused this address or this message for good (a 5xx to RCPT or DATA): trying the
    # same mail again would get the same answer.
    permanent: bool = False
    # The address was never reached: no connection, a timeout, our login or our sender refused. It is
    # our setup's fault, so it must not count against the subscriber (nor stop their alerts).
    ours: bool = False
    error: str = ""  # the SMTP code and the error's class: the server's text quotes addresses


def send(message: EmailMessage, *, subscription: Subscription, connection: BaseEmailBackend | None = None) -> Sent:
    """Sent(ok=True) once the mail server took the message. Every SMTP connection has EMAIL_TIMEOUT."""
    message.connection = connection
    try:
        taken = message.send() == 1
    except (smtplib.SMTPException, OSError) as exception:
        code = _smtp_code(exception)
        error = type(exception).__name__ if code is None else f"{code} {type(exception).__name__}"
        refusal = isinstance(exception, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError)
        permanent = refusal and code is not None and code >= 500
        ours = not refusal
    else:
        if taken:
            return Sent(ok=True)
        error, permanent, ours = "not taken", False, False
    logger.warning("mail to %s not sent%s: %s", subscription, " (for good)" if permanent else "", error)
    return Sent(ok=False, permanent=permanent, ours=ours, error=error)


def _smtp_code(error: Exception) -> int | None:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        # Our messages have one recipient; a greylisting 4xx is not a refusal for good.
        return max((code for code, _ in error.recipients.values()), default=None)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code
    return None


def status_page_path() -> str:
    """Where the verdicts are shown (the status app's page)."""
    try:
        return reverse("errors_kb:status")
    except NoReverseMatch:  # the status app not installed: the home page
        return reverse("errors_kb:classify")
