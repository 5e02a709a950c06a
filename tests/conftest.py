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


@pytest.fixture
def synced_kb(db):
    """The real content files loaded into the test database, as `kb_sync` does."""
    from django.core.cache import cache

    from errors_kb.kb_sync import sync_content

    cache.clear()
    return sync_content(CONTENT_DIR)
