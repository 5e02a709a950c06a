from __future__ import annotations

from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Email alerts when a model's verdict changes: subscriptions, their signed links and the mail jobs."""

    name = "alerts"
    verbose_name = "Status alerts by email"
    default_auto_field = "django.db.models.BigAutoField"
