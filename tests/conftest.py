from __future__ import annotations

from pathlib import Path

import pytest

from errors_kb.engine import Snapshot, compile_snapshot
from errors_kb.kb_files import ContentTree, read_tree

CONTENT_DIR = Path(__file__).resolve().parent.parent / "errors_kb" / "content"


@pytest.fixture(scope="session")
def content_tree() -> ContentTree:
    return read_tree(CONTENT_DIR)


@pytest.fixture(scope="session")
def file_snapshot(content_tree: ContentTree) -> Snapshot:
    """The KB compiled straight from its files: the engine's tests need no database."""
    models = [m.to_info() for m in content_tree.models.models] if content_tree.models else []
    return compile_snapshot(
        (entry.to_spec() for entry in content_tree.entries if entry.published), version="files", models=models
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real content files into the test database once; each test's changes roll back."""
    from errors_kb.kb_sync import sync_content

    with django_db_blocker.unblock():
        sync_content(CONTENT_DIR)


@pytest.fixture
def synced_kb(db):
    """The knowledge base as `kb_sync` loads it, with no compiled version left from another test."""
    from django.core.cache import cache

    cache.clear()
