from __future__ import annotations

from django.apps import AppConfig


class TroubleshooterConfig(AppConfig):
    """The site itself: its system checks, and the table of the shared cache."""

    name = "troubleshooter"
    verbose_name = "Gemini API troubleshooter"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the site's system checks)
