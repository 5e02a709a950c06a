from __future__ import annotations

from django.core.management.base import BaseCommand

from status import jobs


class Command(BaseCommand):
    help = "Probe the models in PROBE_MODELS once with PROBE_API_KEY (models.list, then one token each)."

    def handle(self, *args: object, **options: object) -> None:
        run = jobs.probe_models()
        if not run.ran:
            self.stdout.write(run.reason)
            return
        for model_id, result in run.results:
            code = result.http_status or "-"
            self.stdout.write(f"{model_id}: {result.outcome} (HTTP {code}, {result.latency_ms} ms)")
        if run.served is None:
            self.stdout.write("models.list failed: the served-now flags were left as they were.")
        else:
            self.stdout.write(f"models.list served {len(run.served)} models.")
