from __future__ import annotations

from django.apps import AppConfig


class PasteConfig(AppConfig):
    name = "paste"
    verbose_name = "Paste an error"
