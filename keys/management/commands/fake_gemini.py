from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from gemini_emulator import start_emulator


class Command(BaseCommand):
    help = (
        "Run the local Gemini API emulator: the REST API both SDKs use, with a scenario chosen by the "
        "API key (AQ.fake-valid, AQ.fake-quota, ...; see gemini_emulator/scenarios.py)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--response-delay", type=float, default=0.0, help="seconds to wait before answering")

    def handle(self, *args: object, host: str, port: int, response_delay: float, **options: object) -> None:
        server, base_url = start_emulator(host, port, response_delay=response_delay, verbose=True)
        self.stdout.write(f"Point the site at it: GEMINI_API_BASE_URL={base_url} bin/run")
        server.wait_until_interrupted()
