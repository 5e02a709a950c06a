"""`manage.py check --deploy` (bin/serve runs it) warns when alert mail would go to the console:
in production that is the log, and the mails carry addresses and signed links."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

CONSOLE_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register(Tags.security, deploy=True)
def mail_goes_out(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    if settings.EMAIL_BACKEND not in CONSOLE_BACKENDS:
        return []
    return [
        Warning(
            "Alert mails are printed to the console, not sent.",
            hint="Set EMAIL_HOST and the other EMAIL_* variables (see the README).",
            id="alerts.W001",
        )
    ]
