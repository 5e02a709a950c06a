"""The status jobs on Huey's scheduler (`manage.py run_huey` runs them). Each is a thin wrapper
around a plain function in jobs.py, which the run-once commands call too."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import jobs


def _every(minutes: int) -> str:
    return "*" if minutes <= 1 else f"*/{minutes}"


@db_periodic_task(crontab(minute=_every(settings.PROBE_INTERVAL_MINUTES)))
def probe_models_task() -> None:
    jobs.probe_models()


@db_periodic_task(crontab(minute=_every(settings.STATUS_FEED_INTERVAL_MINUTES)))
def read_status_feeds_task() -> None:
    jobs.read_feeds()


@db_periodic_task(crontab(minute="*"))
def detect_elevated_errors_task() -> None:
    jobs.detect()


@db_periodic_task(crontab(minute="17", hour="3"))
def prune_status_history_task() -> None:
    jobs.prune_status_history()
