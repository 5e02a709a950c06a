from __future__ import annotations

from django.core.management.base import BaseCommand

from alerts.jobs import expire_alert_subscriptions


class Command(BaseCommand):
    help = "Delete the alert subscriptions whose confirmation link expired unused, once (for cron and tests)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"{expire_alert_subscriptions()} unconfirmed subscriptions deleted.")
