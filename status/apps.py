from __future__ import annotations

from django.apps import AppConfig


class StatusConfig(AppConfig):
    name = "status"
    verbose_name = "Gemini status and outage radar"
    default_auto_field = "django.db.models.BigAutoField"
