from __future__ import annotations

from django.apps import AppConfig


class TroubleshooterConfig(AppConfig):
    """The site itself: no models, only its system checks."""

    name = "troubleshooter"
    verbose_name = "Gemini API troubleshooter"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the site's system checks)
