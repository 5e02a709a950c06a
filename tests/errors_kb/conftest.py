"""Fixtures for the knowledge base's tests: the content files compiled without a database, and rows to edit."""

from __future__ import annotations

import datetime as dt

import pytest

from classifier import Snapshot, compile_snapshot
from errors_kb.kb_files import ContentTree, read_tree
from errors_kb.models import FaqPage, KnownError
from tests.conftest import CONTENT_DIR


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
def entry(synced_kb):
    return KnownError.objects.get(slug="api-key-invalid")


@pytest.fixture
def body_only_entry(synced_kb) -> KnownError:
    """An entry whose body alone holds a word found nowhere else in the KB."""
    return KnownError.objects.create(
        slug="test-only-body-word",
        title="Test entry for search",
        category="server_error",
        http_code=503,
        api_status="UNAVAILABLE",
        cause="A cause that says nothing special.",
        body="## Fix\n\n1. Restart the flux capacitor.\n2. Recalibrate the quasicrystalline manifold, then retry.\n",
        last_reviewed=dt.date(2026, 11, 1),
    )


@pytest.fixture
def extra_faq(synced_kb) -> FaqPage:
    """One FAQ page of our own, so the FAQ tests prove something while the real pages are written."""
    return FaqPage.objects.create(
        slug="test-only-question",
        title="Can I test the FAQ pages?",
        description="A page made by the test suite.",
        body="## Short answer\n\nYes: **every** page renders.\n\n1. First step of the answer.\n2. Second step.\n",
        position=999,
        last_reviewed=dt.date(2026, 11, 1),
    )
