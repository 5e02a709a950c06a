"""The knowledge base as the site serves it. The source of truth is the files in content/;
`kb_sync` loads them here and `kb_export` writes edits made in the admin back out."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from classifier import validate_pattern

from .kb_files import CATEGORIES, CODE_LANGUAGES
from .rendering import highlight_code, render_markdown


def validate_re2_pattern(pattern: str) -> None:
    problem = validate_pattern(pattern)
    if problem:
        raise ValidationError(f"Not a usable RE2 pattern: {problem}")


class KnownErrorQuerySet(models.QuerySet["KnownError"]):
    def published(self) -> KnownErrorQuerySet:
        return self.filter(published=True)


class KnownError(models.Model):
    """One documented Gemini API error: what it is, why it happens, and the fix."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    # The one list in kb_files, so the files and the database can never disagree on categories.
    category = models.CharField(max_length=40, choices=CATEGORIES, db_index=True)
    http_code = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    api_status = models.CharField(max_length=40, blank=True)
    cause = models.TextField(help_text="The cause in one sentence.")
    body = models.TextField(help_text="Markdown: '## Fix' and numbered steps first.")
    body_html = models.TextField(editable=False, default="")
    code_genai = models.TextField("google-genai code", blank=True)
    code_generativeai = models.TextField("google-generativeai code", blank=True)
    code_rest = models.TextField("REST (curl) code", blank=True)
    code_javascript = models.TextField("JavaScript code", blank=True)
    code_html = models.JSONField(editable=False, default=dict)
    docs = models.JSONField(default=list, blank=True, help_text='Links to Google\'s docs: [{"title", "url"}].')
    related = models.JSONField(default=list, blank=True, help_text="Slugs of related entries.")
    published = models.BooleanField(default=True)
    last_reviewed = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = KnownErrorQuerySet.as_manager()

    class Meta:
        ordering = ["category", "http_code", "slug"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Rendered once here, whether the change comes from kb_sync or the admin.
        self.body_html = render_markdown(self.body)
        self.code_html = {key: highlight_code(code, CODE_LANGUAGES[key]) for key, code in self.code_samples().items()}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("errors_kb:error-detail", args=[self.slug])

    def code_samples(self) -> dict[str, str]:
        """The code keyed as in the content files (google-genai, google-generativeai, rest, javascript)."""
        samples = {
            "google-genai": self.code_genai,
            "google-generativeai": self.code_generativeai,
            "rest": self.code_rest,
            "javascript": self.code_javascript,
        }
        return {key: code for key, code in samples.items() if code}


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
    released = models.DateField(null=True, blank=True)
    shutdown_date = models.DateField(null=True, blank=True)
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


class FaqPageQuerySet(models.QuerySet["FaqPage"]):
    def published(self) -> FaqPageQuerySet:
        return self.filter(published=True)


class FaqPage(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    description = models.CharField(max_length=300)
    body = models.TextField()
    body_html = models.TextField(editable=False, default="")
    position = models.PositiveIntegerField(default=100)
    published = models.BooleanField(default=True)
    last_reviewed = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = FaqPageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("errors_kb:faq-detail", args=[self.slug])
