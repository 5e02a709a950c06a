from __future__ import annotations

import json
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from classifier import Candidate, Classification
from paste.services import classification_json, classify_paste, entry_path, paste_too_large_message
from web.bodies import decode_text, read_stream


class Command(BaseCommand):
    help = "Classify Gemini API error pastes (files, or - for standard input)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a file to classify, or - for standard input")
        parser.add_argument("--json", action="store_true", help="JSON Lines output, one object per input")

    def handle(self, *args: object, paths: list[str], json: bool, **options: object) -> None:
        failed = False
        max_bytes = settings.CLASSIFY_MAX_BYTES
        for path in paths:
            try:
                raw = self._read(path, limit=max_bytes)
            except OSError as error:
                failed = True
                self._report_failure(path, f"cannot read {path}: {error.strerror or error}", as_json=json)
                continue
            if len(raw) > max_bytes:
                failed = True
                too_large = paste_too_large_message(size=None, max_bytes=max_bytes)
                self._report_failure(path, f"cannot classify {path}: {too_large}", as_json=json)
                continue
            result = classify_paste(decode_text(raw))
            if json:
                self.stdout.write(_dumps(classification_json(result, source=path)))
            else:
                self.stdout.write(_describe(path, result))
        if failed:
            sys.exit(1)

    def _read(self, path: str, *, limit: int) -> bytes:
        """At most limit + 1 bytes: one more than allowed tells "too large" without reading a huge file."""
        if path == "-":
            return read_stream(sys.stdin.buffer, limit=limit)
        with open(path, "rb") as handle:
            return read_stream(handle, limit=limit)

    def _report_failure(self, path: str, message: str, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(_dumps({"source": path, "error": message, "matches": [], "facts": {}}))
        else:
            self.stderr.write(message)


def _dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False)


GENERIC_NOTE = "We recognise the status, not the exact cause: read the server's message."


def _answer(best: Candidate, message: str | None) -> list[str]:
    """The cause, a word on a generic or uncertain answer, the fix's steps and the entry's page."""
    lines = [f"  cause: {best.cause}"] if best.cause else []
    if best.possible_only:
        lines.append("  possible match only: the paste shows little evidence for it")
    if not best.specific:
        lines.append(f"  {GENERIC_NOTE}")
        if message:
            lines.append(f"  server's message: {message}")
    if best.steps:
        lines.append("  fix:")
        lines += [f"    {number}. {step}" for number, step in enumerate(best.steps, start=1)]
    lines.append(f"  page: {entry_path(best.slug)}")
    return lines


def _describe(source: str, result: Classification) -> str:
    if result.best is None:
        return f"{source}: no documented Gemini API error found.\n"
    best = result.best
    status = " ".join(str(part) for part in (best.http_code, best.api_status) if part)
    lines = [f"{source}: {best.title} [{best.slug}] {best.confidence:.0%}" + (f" ({status})" if status else "")]
    lines += _answer(best, result.facts.message)
    lines += [f"  line {line.number}: {line.text.strip()[:160]}" for line in best.lines]
    shown_apart = set() if best.specific else {"message"}
    facts = {
        name: value
        for name, value in result.facts.to_dict().items()
        if value not in (None, [], "") and value is not False and name not in shown_apart
    }
    if facts:
        lines.append("  facts: " + ", ".join(f"{name}={value}" for name, value in facts.items()))
    for other in result.matches[1:]:
        lines.append(f"  also possible: {other.title} [{other.slug}] {other.confidence:.0%}")
    return "\n".join(lines) + "\n"
