from __future__ import annotations

import json
import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from keycheck import DEFAULT_MODEL, SDK_GOOGLE_GENAI, SUPPORTED_SDKS
from keys.services import KeyCheckInputError, KeyCheckReport, key_check_json, key_check_request, run_key_check

# The loggers the SDKs and their HTTP clients write to (children included): their request lines
# and notices are noise on a terminal, where the command prints the checklist itself.
SDK_LOGGERS = ("google", "google_genai", "httpx", "httpx2", "httpcore", "urllib3", "grpc", "requests")

# Each SDK's own precedence, so the command checks the key the user's code would pick up.
KEY_VARIABLES = {
    "google-genai": ("GOOGLE_API_KEY", "GEMINI_API_KEY"),
    "google-generativeai": ("GEMINI_API_KEY", "GOOGLE_API_KEY"),
}


class Command(BaseCommand):
    help = (
        "Check a Gemini API key step by step. The key is read from GEMINI_API_KEY or GOOGLE_API_KEY, "
        "never from the command line, where it would land in the shell history and the process list."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sdk", choices=SUPPORTED_SDKS, default=SDK_GOOGLE_GENAI)
        parser.add_argument("--model", default=DEFAULT_MODEL)
        parser.add_argument("--stream", action="store_true", help="also check a streaming call")
        parser.add_argument("--json", action="store_true", help="print the same JSON as /api/key-check")

    def handle(self, *args: object, sdk: str, model: str, stream: bool, json: bool, **options: object) -> None:
        variable = next((name for name in KEY_VARIABLES[sdk] if os.environ.get(name)), None)
        if variable is None:
            raise CommandError("Set GEMINI_API_KEY (or GOOGLE_API_KEY) to the key to check.")
        try:
            request = key_check_request(api_key=os.environ[variable], sdk=sdk, model=model, stream=stream)
        except KeyCheckInputError as error:
            raise CommandError(str(error)) from error
        with quiet_sdks():
            report = run_key_check(request)
        if json:
            self.stdout.write(_dumps(key_check_json(report)))
        else:
            self.stdout.write(describe(report, variable=variable, sdk=sdk))
        if not report.result.ok:
            raise SystemExit(1)


@contextmanager
def quiet_sdks() -> Iterator[None]:
    """No SDK log line or warning (the legacy SDK's end-of-support notice, api_core's Python
    version notice) while the check runs: the checklist says what matters."""
    loggers = [logging.getLogger(name) for name in SDK_LOGGERS]
    levels = [logger.level for logger in loggers]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for logger in loggers:
            logger.setLevel(logging.CRITICAL + 1)
        try:
            yield
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)


def _dumps(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False)


def describe(report: KeyCheckReport, *, variable: str, sdk: str) -> str:
    marks = {True: "ok  ", False: "FAIL", None: "skip"}
    lines = [f"Checking the key in {variable} with {sdk}:"]
    lines += [f"  [{marks[s.ok]}] {s.name} ({s.ms} ms): {s.detail}" for s in report.result.steps]
    lines += [f"  note: {advice}" for advice in report.result.key_advice]
    if report.result.error_text:
        lines.append(f"  raised: {report.result.error_text[:400]}")
    if report.classification and report.classification.best:
        best = report.classification.best
        page = reverse("errors_kb:error-detail", args=[best.slug])
        lines.append(f"  documented error: {best.title} [{best.slug}], see {page}")
    lines.append("All checks passed." if report.result.ok else "The key check failed.")
    return "\n".join(lines) + "\n"
