from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from inbox.services import expire_shared_pastes


class Command(BaseCommand):
    help = (
        "Delete the shared pastes older than SHARED_PASTE_RETENTION_DAYS, and the groups left empty. "
        "Huey runs the same job every hour (inbox/tasks.py); this runs it once."
    )

    def handle(self, *args: object, **options: object) -> None:
        days = settings.SHARED_PASTE_RETENTION_DAYS
        deleted = expire_shared_pastes(retention_days=days)
        self.stdout.write(f"Deleted {deleted} shared paste{'' if deleted == 1 else 's'} older than {days} days.")
