"""Content files <-> database: `sync_content` loads the files, `export_content` writes them back.

Sync is an idempotent upsert by slug: running it twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .kb_files import (
    ContentTree,
    EntryRecord,
    FaqRecord,
    MatcherRecord,
    ModelCatalogue,
    ModelRecord,
    read_tree,
    write_tree,
)
from .models import ExamplePaste, FaqPage, GeminiModel, KnownError, Matcher

_CODE_FIELDS = {
    "google-genai": "code_genai",
    "google-generativeai": "code_generativeai",
    "rest": "code_rest",
    "javascript": "code_javascript",
}


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed"
        )


@dataclass
class ContentSyncReport:
    errors: SyncReport
    faqs: SyncReport
    models: SyncReport

    @property
    def changed(self) -> bool:
        return self.errors.changed or self.faqs.changed or self.models.changed


def entry_record(error: KnownError) -> EntryRecord:
    """The database row in the content files' terms."""
    return EntryRecord(
        slug=error.slug,
        title=error.title,
        category=error.category,
        http_code=error.http_code,
        api_status=error.api_status,
        cause=error.cause,
        published=error.published,
        last_reviewed=error.last_reviewed,
        docs=list(error.docs),
        related=list(error.related),
        matchers=[
            MatcherRecord(pattern=m.pattern, weight=m.weight, recognises=m.recognises, samples=list(m.samples))
            for m in error.matchers.all()
        ],
        examples=[example.text for example in error.examples.all()],
        code=error.code_samples(),
        body=error.body,
    )


def faq_record(page: FaqPage) -> FaqRecord:
    return FaqRecord(
        slug=page.slug,
        title=page.title,
        description=page.description,
        position=page.position,
        published=page.published,
        last_reviewed=page.last_reviewed,
        body=page.body,
    )


def model_catalogue() -> ModelCatalogue | None:
    rows = list(GeminiModel.objects.all())
    if not rows:
        return None
    return ModelCatalogue(
        checked_on=max(row.checked_on for row in rows),
        source=rows[0].source,
        models=[
            ModelRecord(
                model_id=row.model_id,
                display_name=row.display_name,
                status=row.status,
                released=row.released,
                shutdown_date=row.shutdown_date,
                context_window=row.context_window,
                notes=row.notes,
            )
            for row in rows
        ],
    )


def _save_entry(record: EntryRecord, error: KnownError) -> None:
    error.title = record.title
    error.category = record.category
    error.http_code = record.http_code
    error.api_status = record.api_status
    error.cause = record.cause
    error.body = record.body
    error.published = record.published
    error.last_reviewed = record.last_reviewed
    error.docs = record.docs
    error.related = record.related
    for key, field_name in _CODE_FIELDS.items():
        setattr(error, field_name, record.code.get(key, ""))
    error.save()
    error.matchers.all().delete()
    # With history, so that the first edit in the admin can still be reverted to the synced version.
    bulk_create_with_history(
        [
            Matcher(
                error=error,
                position=position,
                pattern=m.pattern,
                weight=m.weight,
                recognises=m.recognises,
                samples=m.samples,
            )
            for position, m in enumerate(record.matchers)
        ],
        Matcher,
    )
    error.examples.all().delete()
    bulk_create_with_history(
        [ExamplePaste(error=error, position=position, text=text) for position, text in enumerate(record.examples)],
        ExamplePaste,
    )


def _sync_entries(records: list[EntryRecord]) -> SyncReport:
    report = SyncReport()
    existing = {error.slug: error for error in KnownError.objects.prefetch_related("matchers", "examples")}
    for record in records:
        error = existing.pop(record.slug, None)
        if error is None:
            _save_entry(record, KnownError(slug=record.slug))
            report.created.append(record.slug)
        elif entry_record(error) == record:
            report.unchanged.append(record.slug)
        else:
            _save_entry(record, error)
            report.updated.append(record.slug)
    for slug, error in existing.items():
        error.delete()
        report.removed.append(slug)
    return report


def _sync_faqs(records: list[FaqRecord]) -> SyncReport:
    report = SyncReport()
    existing = {page.slug: page for page in FaqPage.objects.all()}
    for record in records:
        page = existing.pop(record.slug, None)
        if page is not None and faq_record(page) == record:
            report.unchanged.append(record.slug)
            continue
        (report.created if page is None else report.updated).append(record.slug)
        page = page or FaqPage(slug=record.slug)
        for name in ("title", "description", "position", "published", "last_reviewed", "body"):
            setattr(page, name, getattr(record, name))
        page.save()
    for slug, page in existing.items():
        page.delete()
        report.removed.append(slug)
    return report


def _sync_models(catalogue: ModelCatalogue | None) -> SyncReport:
    report = SyncReport()
    existing = {row.model_id: row for row in GeminiModel.objects.all()}
    for position, record in enumerate(catalogue.models if catalogue else []):
        values = {
            "display_name": record.display_name,
            "status": record.status,
            "released": record.released,
            "shutdown_date": record.shutdown_date,
            "context_window": record.context_window,
            "notes": record.notes,
            "checked_on": catalogue.checked_on,
            "source": catalogue.source,
            "position": position,
        }
        row = existing.pop(record.model_id, None)
        if row is not None and all(getattr(row, name) == value for name, value in values.items()):
            report.unchanged.append(record.model_id)
            continue
        (report.created if row is None else report.updated).append(record.model_id)
        GeminiModel.objects.update_or_create(model_id=record.model_id, defaults=values)
    for model_id, row in existing.items():
        row.delete()
        report.removed.append(model_id)
    return report


@transaction.atomic
def sync_tree(tree: ContentTree) -> ContentSyncReport:
    return ContentSyncReport(
        errors=_sync_entries(tree.entries),
        faqs=_sync_faqs(tree.faqs),
        models=_sync_models(tree.models),
    )


def sync_content(root: Path) -> ContentSyncReport:
    """Load the content files under `root` into the database. Raises ContentError on a bad file."""
    return sync_tree(read_tree(root))


def database_tree() -> ContentTree:
    errors = KnownError.objects.prefetch_related("matchers", "examples").order_by("slug")
    return ContentTree(
        entries=[entry_record(error) for error in errors],
        faqs=[faq_record(page) for page in FaqPage.objects.order_by("slug")],
        models=model_catalogue(),
    )


def export_content(root: Path) -> list[Path]:
    """Write the database's knowledge base to `root` in the content files' format."""
    return write_tree(database_tree(), root)
