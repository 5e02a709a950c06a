"""Once through a real SMTP server on loopback (aiosmtpd), with Django's SMTP backend as production
configures it; and a server that never answers, to show the connection's timeout holds."""

from __future__ import annotations

import email
import email.policy
import logging
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.message import EmailMessage, Message

import pytest
from aiosmtpd.controller import Controller

from alerts.jobs import MAX_TRIES, RETRY_MAX_SECONDS, send_status_alerts
from alerts.models import AlertDelivery, Subscription
from alerts.services import Watch, confirm, subscribe

from .conftest import MODELS, SITE, T0, make_change, minutes

RECIPIENT = "oncall@example.com"


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []  # (recipients, message, headers unfolded)
        self.refusals: dict[str, str] = {}  # address -> the server's answer to RCPT TO
        self.tries: list[str] = []  # every RCPT TO, taken or refused

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:  # noqa: N802
        self.tries.append(address)
        if address in self.refusals:
            return self.refusals[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(
            (list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=email.policy.default))
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()


def test_the_confirmation_and_the_alert_go_through_a_real_smtp_server(smtp_server, caplog):
    caplog.set_level(logging.DEBUG)
    subscribe(email=RECIPIENT, watch=Watch(model_ids=(MODELS[0],), watch_any=False), now=T0)
    [(to, confirmation)] = smtp_server.messages
    assert to == [RECIPIENT]
    assert confirmation["Subject"] == "Confirm your Gemini API status alerts"
    assert isinstance(confirmation, EmailMessage)
    body = confirmation.get_content()
    confirm_path = body.split(SITE)[1].split()[0]
    assert confirm_path.startswith("/alerts/confirm/")
    confirm(confirm_path.split("/")[3], now=T0)

    make_change(MODELS[0], "operational", "outage", at=T0 + minutes(1))
    assert send_status_alerts(now=T0 + minutes(1)).mailed == 1
    to, alert = smtp_server.messages[1]
    assert to == [RECIPIENT] and alert["Subject"] == f"Gemini status: {MODELS[0]}: outage"
    # Folded onto its own line (the URL is long); an unfolded value may keep the folding space.
    assert alert["List-Unsubscribe"].strip().startswith(f"<{SITE}/alerts/unsubscribe/")
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert alert["Auto-Submitted"] == "auto-generated"
    assert RECIPIENT not in ours(caplog)


def ours(caplog) -> str:
    """Our log lines: aiosmtpd's server side ("mail.log") logs every envelope, as a mail server does."""
    return "\n".join(record.getMessage() for record in caplog.records if record.name != "mail.log")


@pytest.fixture
def silent_server(settings) -> Iterator[int]:
    """Accepts connections and never says a word: no SMTP greeting ever comes."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", listener.getsockname()[1]
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


def test_a_mail_server_that_never_answers_times_out_and_no_address_is_logged(silent_server, caplog):
    caplog.set_level(logging.DEBUG)
    started = time.monotonic()
    subscribe(email=RECIPIENT, watch=Watch(model_ids=(), watch_any=True), now=T0)  # must not raise
    assert time.monotonic() - started < 4
    # smtplib reports the read that timed out as the server having gone away.
    assert "not sent: SMTPServerDisconnected" in caplog.text
    assert RECIPIENT not in caplog.text


def subscribed(address: str = RECIPIENT) -> Subscription:
    return Subscription.objects.create(email=address, watch_any=True, created_at=T0, confirmed_at=T0)


def test_an_address_the_server_refuses_for_good_is_tried_once_and_alerts_stop(smtp_server, caplog):
    subscribed()
    smtp_server.refusals[RECIPIENT] = "550 5.1.1 No such user here"
    make_change(MODELS[0], "operational", "outage", at=T0 + minutes(1))

    assert send_status_alerts(now=T0 + minutes(1)).failed == 1
    for later in (2, 60, 60 * 24):
        make_change(MODELS[0], "outage", "operational", at=T0 + minutes(later))
        assert send_status_alerts(now=T0 + minutes(later)).failed == 0

    assert smtp_server.tries == [RECIPIENT]
    row = Subscription.objects.get()
    assert row.mail_stopped_at == T0 + minutes(1) and row.mail_retry_at is None
    assert (row.mail_failures, row.mail_error) == (1, "550 SMTPRecipientsRefused")
    assert RECIPIENT not in ours(caplog)


def test_a_temporary_refusal_backs_off_doubling_up_to_a_cap_then_gives_up(smtp_server):
    subscribed()
    smtp_server.refusals[RECIPIENT] = "451 4.3.0 Try again later"
    make_change(MODELS[0], "operational", "outage", at=T0)

    tried_at: list[datetime] = []
    now = T0
    while len(tried_at) <= MAX_TRIES:
        # Every minute, as Huey runs it, until the next try is due.
        before = len(smtp_server.tries)
        send_status_alerts(now=now)
        if len(smtp_server.tries) > before:
            tried_at.append(now)
        row = Subscription.objects.get()
        if row.mail_stopped_at is not None:
            break
        assert row.mail_retry_at is not None
        now = max(now + minutes(1), row.mail_retry_at - minutes(1))

    gaps = [later - earlier for earlier, later in zip(tried_at, tried_at[1:], strict=False)]
    assert len(tried_at) == MAX_TRIES
    assert gaps[:3] == [minutes(2), minutes(4), minutes(8)]
    assert max(gaps) == timedelta(seconds=RETRY_MAX_SECONDS) == gaps[-1]
    row = Subscription.objects.get()
    assert row.mail_stopped_at == tried_at[-1]
    assert (row.mail_failures, row.mail_error) == (MAX_TRIES, "451 SMTPRecipientsRefused")
    assert not AlertDelivery.objects.exists()
    assert send_status_alerts(now=now + timedelta(days=1)).failed == 0  # stopped: not tried again


def test_a_mail_taken_after_a_temporary_refusal_clears_the_failures(smtp_server):
    subscribed()
    smtp_server.refusals[RECIPIENT] = "452 4.2.2 Mailbox full"
    make_change(MODELS[0], "operational", "outage", at=T0)
    assert send_status_alerts(now=T0).failed == 1
    assert send_status_alerts(now=T0 + minutes(1)).failed == 0  # waiting: not tried before 2 minutes

    del smtp_server.refusals[RECIPIENT]
    assert send_status_alerts(now=T0 + minutes(2)).mailed == 1

    row = Subscription.objects.get()
    assert (row.mail_failures, row.mail_error, row.mail_retry_at, row.mail_stopped_at) == (0, "", None, None)
    assert len(smtp_server.messages) == 1


def test_a_mail_server_we_cannot_reach_charges_no_subscriber_a_try(smtp_server, settings):
    first, second = subscribed(), subscribed("second@example.com")
    make_change(MODELS[0], "operational", "outage", at=T0)
    working_port, settings.EMAIL_PORT = settings.EMAIL_PORT, free_port()  # nothing listens there

    for later in range(MAX_TRIES + 2):  # longer than a subscriber's tries would last
        run = send_status_alerts(now=T0 + minutes(later))
        assert (run.failed, run.mailed) == (1, 0), "one failed try per run: the others would fail the same way"
    assert Subscription.objects.filter(mail_failures=0, mail_retry_at=None, mail_stopped_at=None).count() == 2

    settings.EMAIL_PORT = working_port
    assert send_status_alerts(now=T0 + minutes(MAX_TRIES + 2)).mailed == 2
    assert sorted(to for [to], _ in smtp_server.messages) == sorted([first.email, second.email])
