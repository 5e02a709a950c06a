from __future__ import annotations

from django.core.management.base import BaseCommand

from alerts.jobs import send_status_alerts


class Command(BaseCommand):
    help = "Mail the verdict changes each confirmed subscriber has not been sent yet, once (for cron and tests)."

    def handle(self, *args: object, **options: object) -> None:
        run = send_status_alerts()
        if run.locked:
            self.stdout.write("Another run is mailing; nothing done.")
            return
        self.stdout.write(
            f"{run.mailed} mails sent ({run.changes} changes), {run.held} subscribers held by the floor, "
            f"{run.failed} failed."
        )
