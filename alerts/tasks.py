"""The alert jobs on Huey (`manage.py run_huey` runs them; djhuey finds this module by its name).

Mail goes out every minute, so within a minute of a verdict change (the status jobs record the
changes; this job reads them). Unconfirmed subscriptions are deleted once a day."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import jobs


@db_periodic_task(crontab(minute="*"))
def send_status_alerts_task() -> None:
    jobs.send_status_alerts()


@db_periodic_task(crontab(minute="40", hour="3"))
def expire_alert_subscriptions_task() -> None:
    jobs.expire_alert_subscriptions()
