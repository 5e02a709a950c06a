from __future__ import annotations

from django.apps import AppConfig
from django.core.signals import request_finished


class StatusConfig(AppConfig):
    name = "status"
    verbose_name = "Gemini status and outage radar"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .counts import flush_if_due

        # After the response is sent: the paste counts reach the database off the request's clock.
        request_finished.connect(flush_if_due, dispatch_uid="status-flush-paste-counts")
