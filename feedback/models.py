"""One "Did this fix it?" answer: the entry shown, the KB version that chose it, yes or no, and an
optional note. Nothing about who answered: no paste, no address, no cookie or session."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Count, F, FloatField, Q
from django.db.models.functions import Cast

from errors_kb.models import KnownError

NOTE_MAX_CHARS = 500


class Feedback(models.Model):
    entry_slug = models.SlugField(max_length=100, help_text="The KB entry the answer showed.")
    kb_version = models.CharField(max_length=32, help_text="The KB version that chose the entry.")
    fixed = models.BooleanField(help_text="Yes: the fix worked.")
    note = models.TextField(blank=True, max_length=NOTE_MAX_CHARS, help_text="What happened instead (redacted).")
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created"]
        verbose_name_plural = "feedback"
        indexes = [models.Index(fields=["entry_slug", "kb_version"])]

    def __str__(self) -> str:
        return f"{self.entry_slug}: {'yes' if self.fixed else 'no'}"


@dataclass(frozen=True)
class EntryScore:
    slug: str
    title: str  # empty for an entry the KB no longer has
    yes: int
    no: int
    no_rate: float

    @property
    def total(self) -> int:
        return self.yes + self.no

    @property
    def no_percent(self) -> int:
        return round(self.no_rate * 100)


def entry_scores(feedback: models.QuerySet[Feedback]) -> list[EntryScore]:
    """Each entry's counts among `feedback`, the highest no-rate first (then the most answers)."""
    rows = list(
        feedback.order_by()
        .values("entry_slug")
        .annotate(yes=Count("pk", filter=Q(fixed=True)), no=Count("pk", filter=Q(fixed=False)), total=Count("pk"))
        .annotate(no_rate=Cast(F("no"), FloatField()) / Cast(F("total"), FloatField()))
        .order_by("-no_rate", "-total", "entry_slug")
    )
    titles = dict(KnownError.objects.filter(slug__in=[row["entry_slug"] for row in rows]).values_list("slug", "title"))
    return [
        EntryScore(
            slug=row["entry_slug"],
            title=titles.get(row["entry_slug"], ""),
            yes=row["yes"],
            no=row["no"],
            no_rate=row["no_rate"],
        )
        for row in rows
    ]
