"""The knowledge base as the site serves it. The source of truth is the files in content/;
`kb_sync` loads them here and `kb_export` writes edits made in the admin back out."""

from __future__ import annotations

from typing import Any, ClassVar, Self, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from classifier import RETRY_CHOICES, validate_pattern

from .code_languages import CODE_LANGUAGES, in_tab_order
from .rendering import highlight_code, render_markdown
from .vocabulary import CATEGORIES, MODEL_KINDS


def validate_re2_pattern(pattern: str) -> None:
    problem = validate_pattern(pattern)
    if problem:
        raise ValidationError(f"Not a usable RE2 pattern: {problem}")


_Page = TypeVar("_Page", bound=models.Model)


class PublishedQuerySet(models.QuerySet[_Page]):
    """For the rows the site shows: entries and FAQ pages both have a `published` flag."""

    def published(self) -> Self:
        return self.filter(published=True)


class Page(models.Model):
    """What an entry and a FAQ page share: a Markdown body rendered to HTML once, when it is saved
    (by kb_sync or the admin, never per request), a review date, and whether the site shows it."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField()
    body_html = models.TextField(editable=False, default="")
    published = models.BooleanField(default=True)
    last_reviewed = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    url_name: ClassVar[str]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(self.url_name, args=[self.slug])


class KnownError(Page):
    """One documented Gemini API error: what it is, why it happens, and the fix."""

    # The one list in kb_files, so the files and the database can never disagree on categories.
    category = models.CharField(max_length=40, choices=CATEGORIES, db_index=True)
    http_code = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    api_status = models.CharField(max_length=40, blank=True)
    generic = models.BooleanField(
        default=False, help_text="Names a bare status, not a cause: the answer only when no specific entry matches."
    )
    retry = models.CharField(
        max_length=12,
        choices=[(choice, choice) for choice in RETRY_CHOICES],
        default="yes",
        help_text="Whether the same request can succeed later: after a pause, after a reset, or not unchanged.",
    )
    cause = models.TextField(help_text="The cause in one sentence.")
    body = models.TextField(help_text="Markdown: '## Fix' and numbered steps first.")
    # Keyed by the languages of code_languages, as in the content files: a new language needs no column.
    code = models.JSONField(default=dict, blank=True, help_text="The code samples, by language.")
    code_html = models.JSONField(editable=False, default=dict)
    docs = models.JSONField(default=list, blank=True, help_text='Links to Google\'s docs: [{"title", "url"}].')
    related = models.JSONField(default=list, blank=True, help_text="Slugs of related entries.")

    history = HistoricalRecords()
    objects = PublishedQuerySet["KnownError"].as_manager()
    url_name = "errors_kb:error-detail"

    class Meta:
        ordering = ["category", "http_code", "slug"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.code_html = {
            key: highlight_code(code, CODE_LANGUAGES[key].lexer) for key, code in in_tab_order(self.code).items()
        }
        super().save(*args, **kwargs)


class Matcher(models.Model):
    """An RE2 pattern that recognises evidence of its error in a paste."""

    error = models.ForeignKey(KnownError, on_delete=models.CASCADE, related_name="matchers")
    position = models.PositiveIntegerField(default=0)
    pattern = models.TextField(validators=[validate_re2_pattern])
    weight = models.FloatField(default=1.0, help_text="6-8 specific evidence, 3-5 distinctive, 1-2 generic.")
    recognises = models.CharField(max_length=300, help_text="What this pattern recognises.")
    samples = models.JSONField(default=list, blank=True, help_text="Lines that must match.")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["error", "position", "id"]

    def __str__(self) -> str:
        return self.recognises or self.pattern


class ExamplePaste(models.Model):
    """A whole paste that must classify to its error; shown on the error's page."""

    error = models.ForeignKey(KnownError, on_delete=models.CASCADE, related_name="examples")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["error", "position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class GeminiModel(models.Model):
    """A model ID we know, with its status: data that changes, checked on `checked_on`."""

    class Status(models.TextChoices):
        CURRENT = "current"
        PREVIEW = "preview"
        RETIRED = "retired"

    model_id = models.CharField(max_length=100, unique=True)
    display_name = models.CharField(max_length=150)
    status = models.CharField(max_length=10, choices=Status.choices)
    kind = models.CharField(max_length=20, choices=[(kind, kind) for kind in MODEL_KINDS], default="text")
    released = models.DateField(null=True, blank=True)
    shutdown_date = models.DateField(null=True, blank=True)
    shutdown_latest = models.DateField(null=True, blank=True)
    context_window = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    checked_on = models.DateField()
    source = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    # Whether models.list served this ID at `served_checked_at` (the status app's probe sets both; null: never checked).
    served_now = models.BooleanField(null=True, blank=True)
    served_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "model_id"]

    def __str__(self) -> str:
        return self.model_id


class FaqPage(Page):
    description = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=100)

    history = HistoricalRecords()
    objects = PublishedQuerySet["FaqPage"].as_manager()
    url_name = "errors_kb:faq-detail"

    class Meta:
        ordering = ["position", "title"]
