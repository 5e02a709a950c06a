from __future__ import annotations

from django.core.management.base import BaseCommand

from status import jobs


class Command(BaseCommand):
    help = "Compare the last 15 minutes of reported 5xx and 429 errors per model with the usual, once."

    def handle(self, *args: object, **options: object) -> None:
        findings = jobs.detect()
        if not findings:
            self.stdout.write("No 5xx or 429 reports in the last 15 minutes.")
        for finding in findings:
            state = "ELEVATED" if finding.active else "normal"
            self.stdout.write(
                f"{finding.model_id or '(no model named)'} {finding.kind}: {state}, {finding.recent_count} reports, "
                f"expected {finding.expected_count:.1f}, ratio {finding.ratio:.1f}"
            )
