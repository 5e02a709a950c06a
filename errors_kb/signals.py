"""Any write to the knowledge base's tables invalidates the compiled snapshot everywhere."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import ExamplePaste, FaqPage, GeminiModel, KnownError, Matcher
from .snapshot import kb_changed

KB_MODELS = (KnownError, Matcher, ExamplePaste, GeminiModel, FaqPage)


@receiver(post_save)
@receiver(post_delete)
def knowledge_base_changed(sender: type, **kwargs: object) -> None:
    if sender not in KB_MODELS:
        return
    # After commit: a version computed from a half-written KB would otherwise stay cached.
    transaction.on_commit(kb_changed)
