"""System checks for serving the site: `manage.py check --deploy` runs them (bin/serve does, before
it migrates and starts gunicorn), so offline commands and migrations run without them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

SECRET_KEY_MISSING = "SECRET_KEY must be set when DJANGO_DEBUG is off."


def secret_key_is_configured() -> bool:
    try:
        return bool(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        return False


@register(Tags.security, deploy=True)
def secret_key_is_set(
    app_configs: Sequence[AppConfig] | None = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    if secret_key_is_configured():
        return []
    return [Error(SECRET_KEY_MISSING, hint="Set SECRET_KEY to a long random string.", id="troubleshooter.E001")]


def refuse_to_serve_without_secret_key() -> None:
    """Called by the WSGI and ASGI entry points: gunicorn runs no system checks."""
    if not secret_key_is_configured():
        raise ImproperlyConfigured(SECRET_KEY_MISSING)
