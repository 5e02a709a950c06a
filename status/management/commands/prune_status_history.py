from __future__ import annotations

from django.core.management.base import BaseCommand

from status import jobs


class Command(BaseCommand):
    help = "Delete probe results, paste counts and resolved incidents older than the status page needs."

    def handle(self, *args: object, **options: object) -> None:
        pruned = jobs.prune_status_history()
        self.stdout.write(
            f"Deleted {pruned.probes} probe results, {pruned.counts} counts and {pruned.incidents} old incidents."
        )
