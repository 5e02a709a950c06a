"""Any write to the knowledge base's tables invalidates the compiled snapshot everywhere."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import GeminiModel, KnownError, Matcher
from .snapshot import kb_changed


@receiver(post_save, sender=KnownError)
@receiver(post_save, sender=Matcher)
@receiver(post_save, sender=GeminiModel)
@receiver(post_delete, sender=KnownError)
@receiver(post_delete, sender=Matcher)
@receiver(post_delete, sender=GeminiModel)
def knowledge_base_changed(**kwargs: object) -> None:
    # After commit: a version computed from a half-written KB would otherwise stay cached.
    transaction.on_commit(kb_changed)
