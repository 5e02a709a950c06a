from __future__ import annotations

from django.core.management.base import BaseCommand

from status import jobs


class Command(BaseCommand):
    help = "Read the status feeds in STATUS_FEED_URLS once and keep the incidents that concern Gemini."

    def handle(self, *args: object, **options: object) -> None:
        reports = jobs.read_feeds()
        if not reports:
            self.stdout.write("STATUS_FEED_URLS is empty: no feed read.")
        for report in reports:
            said = f"{report.incidents} Gemini incidents" if report.ok else f"failed: {report.error}"
            self.stdout.write(f"{report.url}: {said}")
