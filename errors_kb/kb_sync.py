"""Content files <-> database: `sync_content` loads the files, `export_content` writes them back.

Sync is an idempotent upsert by slug: running it twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction
from simple_history.utils import bulk_create_with_history

from .content_schema import column_names
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

_Record = TypeVar("_Record")
_Row = TypeVar("_Row", bound=models.Model)


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


# A record's columns share their names with the model's fields: copied by name, both ways.


def _columns(record_type: type, row: models.Model) -> dict[str, Any]:
    return {name: getattr(row, name) for name in column_names(record_type)}


def _matcher_record(matcher: Matcher) -> MatcherRecord:
    return MatcherRecord(**{f.name: getattr(matcher, f.name) for f in fields(MatcherRecord)})


def _copy_columns(record: Any, row: models.Model) -> None:
    for name in column_names(type(record)):
        setattr(row, name, getattr(record, name))


def entry_record(error: KnownError) -> EntryRecord:
    """The database row in the content files' terms."""
    return EntryRecord(
        **_columns(EntryRecord, error),
        matchers=[_matcher_record(matcher) for matcher in error.matchers.all()],
        examples=[example.text for example in error.examples.all()],
    )


def faq_record(page: FaqPage) -> FaqRecord:
    return FaqRecord(**_columns(FaqRecord, page))


def model_catalogue() -> ModelCatalogue | None:
    rows = list(GeminiModel.objects.all())
    if not rows:
        return None
    return ModelCatalogue(
        checked_on=max(row.checked_on for row in rows),
        source=rows[0].source,
        models=[ModelRecord(**_columns(ModelRecord, row)) for row in rows],
    )


def _save_entry(record: EntryRecord, error: KnownError | None) -> None:
    error = error or KnownError()
    _copy_columns(record, error)
    error.save()
    error.matchers.all().delete()
    # With history, so that the first edit in the admin can still be reverted to the synced version.
    bulk_create_with_history(
        [Matcher(error=error, position=position, **asdict(m)) for position, m in enumerate(record.matchers)],
        Matcher,
    )
    error.examples.all().delete()
    bulk_create_with_history(
        [ExamplePaste(error=error, position=position, text=text) for position, text in enumerate(record.examples)],
        ExamplePaste,
    )


def _save_faq(record: FaqRecord, page: FaqPage | None) -> None:
    page = page or FaqPage()
    _copy_columns(record, page)
    page.save()


def _upsert(
    records: Iterable[tuple[str, _Record]],
    existing: dict[str, _Row],
    *,
    unchanged: Callable[[_Record, _Row], bool],
    save: Callable[[_Record, _Row | None], None],
) -> SyncReport:
    """Save each record whose row is missing or differs, by key; delete the rows left over."""
    report = SyncReport()
    for key, record in records:
        row = existing.pop(key, None)
        if row is not None and unchanged(record, row):
            report.unchanged.append(key)
            continue
        (report.created if row is None else report.updated).append(key)
        save(record, row)
    for key, row in existing.items():
        row.delete()
        report.removed.append(key)
    return report


def _sync_entries(records: list[EntryRecord]) -> SyncReport:
    return _upsert(
        ((record.slug, record) for record in records),
        {error.slug: error for error in KnownError.objects.prefetch_related("matchers", "examples")},
        unchanged=lambda record, error: entry_record(error) == record,
        save=_save_entry,
    )


def _sync_faqs(records: list[FaqRecord]) -> SyncReport:
    return _upsert(
        ((record.slug, record) for record in records),
        {page.slug: page for page in FaqPage.objects.all()},
        unchanged=lambda record, page: faq_record(page) == record,
        save=_save_faq,
    )


def _model_row_values(catalogue: ModelCatalogue) -> list[tuple[str, dict[str, Any]]]:
    """Each model's column values: its record's, and the catalogue's date, source and order."""
    shared = {"checked_on": catalogue.checked_on, "source": catalogue.source}
    return [
        (record.model_id, asdict(record) | shared | {"position": position})
        for position, record in enumerate(catalogue.models)
    ]


def _save_model(values: dict[str, Any], row: GeminiModel | None) -> None:
    GeminiModel.objects.update_or_create(model_id=values["model_id"], defaults=values)


def _sync_models(catalogue: ModelCatalogue | None) -> SyncReport:
    return _upsert(
        _model_row_values(catalogue) if catalogue else [],
        {row.model_id: row for row in GeminiModel.objects.all()},
        unchanged=lambda values, row: all(getattr(row, name) == value for name, value in values.items()),
        save=_save_model,
    )


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
