from __future__ import annotations

from django.apps import AppConfig


class ErrorsKbConfig(AppConfig):
    name = "errors_kb"
    verbose_name = "Gemini error knowledge base"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the KB-changed signal handlers)
