from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from classifier import Classification
from paste.services import classification_json, classify_paste
from web.bodies import decode_text


class Command(BaseCommand):
    help = "Classify Gemini API error pastes (files, or - for standard input)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a file to classify, or - for standard input")
        parser.add_argument("--json", action="store_true", help="JSON Lines output, one object per input")

    def handle(self, *args: object, paths: list[str], json: bool, **options: object) -> None:
        failed = False
        for path in paths:
            try:
                text = self._read(path)
            except OSError as error:
                failed = True
                self._report_unreadable(path, error, as_json=json)
                continue
            result = classify_paste(text)
            if json:
                self.stdout.write(_dumps(classification_json(result, source=path)))
            else:
                self.stdout.write(_describe(path, result))
        if failed:
            sys.exit(1)

    def _read(self, path: str) -> str:
        if path == "-":
            return decode_text(sys.stdin.buffer.read())
        with open(path, "rb") as handle:
            return decode_text(handle.read())

    def _report_unreadable(self, path: str, error: OSError, *, as_json: bool) -> None:
        message = f"cannot read {path}: {error.strerror or error}"
        if as_json:
            self.stdout.write(_dumps({"source": path, "error": message, "matches": [], "facts": {}}))
        else:
            self.stderr.write(message)


def _dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False)


def _describe(source: str, result: Classification) -> str:
    if result.best is None:
        return f"{source}: no documented Gemini API error found.\n"
    best = result.best
    status = " ".join(str(part) for part in (best.http_code, best.api_status) if part)
    lines = [f"{source}: {best.title} [{best.slug}] {best.confidence:.0%}" + (f" ({status})" if status else "")]
    lines += [f"  line {line.number}: {line.text.strip()[:160]}" for line in best.lines]
    facts = {name: value for name, value in result.facts.to_dict().items() if value not in (None, [], "")}
    if facts:
        lines.append("  facts: " + ", ".join(f"{name}={value}" for name, value in facts.items()))
    for other in result.matches[1:]:
        lines.append(f"  also possible: {other.title} [{other.slug}] {other.confidence:.0%}")
    return "\n".join(lines) + "\n"
