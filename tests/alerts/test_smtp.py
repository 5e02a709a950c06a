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
from email.message import EmailMessage, Message

import pytest
from aiosmtpd.controller import Controller

from alerts.jobs import send_status_alerts
from alerts.services import Watch, confirm, subscribe

from .conftest import MODELS, SITE, T0, make_change, minutes

RECIPIENT = "oncall@example.com"


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []  # (recipients, message, headers unfolded)

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
