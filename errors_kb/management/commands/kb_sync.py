from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from errors_kb.kb_files import ContentError
from errors_kb.kb_sync import sync_content


class Command(BaseCommand):
    help = "Load the knowledge base's content files into the database (idempotent upsert by slug)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--content-dir", type=Path, default=settings.KB_CONTENT_DIR)
        parser.add_argument("--verbose", action="store_true", help="also list each entry created, updated or removed")

    def handle(self, *args: object, content_dir: Path, verbose: bool, **options: object) -> None:
        if not content_dir.is_dir():
            raise CommandError(f"No content directory at {content_dir}")
        try:
            report = sync_content(content_dir)
        except ContentError as error:
            raise CommandError(str(error)) from error
        parts = (("errors", report.errors), ("faq", report.faqs), ("models", report.models))
        if not verbose:
            self.stdout.write("; ".join(f"{label}: {part.summary()}" for label, part in parts))
            return
        for label, part in parts:
            self.stdout.write(f"{label}: {part.summary()}")
            for verb in ("created", "updated", "removed"):
                for slug in getattr(part, verb):
                    self.stdout.write(f"  {verb} {slug}")
