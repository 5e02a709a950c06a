from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from errors_kb.kb_sync import export_content


class Command(BaseCommand):
    help = "Write the database's knowledge base to DIR in the content files' format, for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: object, directory: Path, **options: object) -> None:
        written = export_content(directory)
        self.stdout.write(f"Wrote {len(written)} files to {directory}")
