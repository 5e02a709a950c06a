"""The inbox's job on Huey (`manage.py run_huey` runs it; djhuey finds this module by its name, so
nothing else imports it): shared pastes past their retention period are deleted every hour."""

from __future__ import annotations

from django.conf import settings
# huey ships no types; pyproject's list of untyped packages gains huey.* with the Huey settings,
# which then makes these ignores unused: both states pass.
from huey import crontab  # type: ignore[import-untyped, unused-ignore]
from huey.contrib.djhuey import db_periodic_task  # type: ignore[import-untyped, unused-ignore]

from .services import expire_shared_pastes


@db_periodic_task(crontab(minute="17"))
def expire_shared_pastes_task() -> int:
    return expire_shared_pastes(retention_days=settings.SHARED_PASTE_RETENTION_DAYS)
