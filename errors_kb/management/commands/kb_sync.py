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

    def handle(self, *args: object, content_dir: Path, **options: object) -> None:
        if not content_dir.is_dir():
            raise CommandError(f"No content directory at {content_dir}")
        try:
            report = sync_content(content_dir)
        except ContentError as error:
            raise CommandError(str(error)) from error
        for label, part in (("errors", report.errors), ("faq", report.faqs), ("models", report.models)):
            self.stdout.write(f"{label}: {part.summary()}")
            for verb in ("created", "updated", "removed"):
                for slug in getattr(part, verb):
                    self.stdout.write(f"  {verb} {slug}")
