"""kb_sync loads the files idempotently; kb_export writes them back without losing anything."""

from __future__ import annotations

import io
import shutil

from django.core.management import call_command

from classifier import classify
from errors_kb.kb_files import read_tree
from errors_kb.kb_sync import sync_content
from errors_kb.models import KnownError, Matcher
from errors_kb.snapshot import VERSION_CACHE_KEY, current_snapshot, kb_changed, kb_version
from tests.conftest import CONTENT_DIR
from web.ratelimit import shared_cache


def test_sync_twice_creates_then_changes_nothing(db):
    KnownError.objects.all().delete()
    first = sync_content(CONTENT_DIR)
    second = sync_content(CONTENT_DIR)
    assert len(first.errors.created) == len(read_tree(CONTENT_DIR).entries)
    assert not second.changed
    assert len(second.errors.unchanged) == len(first.errors.created)


def test_command_reports_created_updated_unchanged_removed(db, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    KnownError.objects.filter(slug="api-key-invalid").delete()
    out = io.StringIO()
    call_command("kb_sync", "--content-dir", str(content), "--verbose", stdout=out)
    assert "errors: 1 created" in out.getvalue() and "created api-key-invalid" in out.getvalue()

    victim = sorted((content / "errors").glob("*.md"))[0]
    edited = sorted((content / "errors").glob("*.md"))[1]
    victim.unlink()
    edited.write_text(edited.read_text().replace("## Fix", "## Fix\n\nEdited for the test.", 1))
    out = io.StringIO()
    call_command("kb_sync", "--content-dir", str(content), "--verbose", stdout=out)
    assert f"removed {victim.stem}" in out.getvalue()
    assert f"updated {edited.stem}" in out.getvalue()
    assert "1 updated" in out.getvalue() and "1 removed" in out.getvalue()
    assert not KnownError.objects.filter(slug=victim.stem).exists()


def test_command_prints_one_summary_line_unless_verbose(db, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    KnownError.objects.filter(slug="api-key-invalid").delete()
    out = io.StringIO()
    call_command("kb_sync", "--content-dir", str(content), stdout=out)
    (line,) = out.getvalue().splitlines()
    assert line.startswith("errors: 1 created, 0 updated, ") and "; faq: " in line and "; models: " in line
    assert "api-key-invalid" not in line


def test_export_then_sync_round_trip_is_lossless(db, tmp_path):
    call_command("kb_export", str(tmp_path), stdout=io.StringIO())
    original, exported = read_tree(CONTENT_DIR), read_tree(tmp_path)
    assert sorted(original.entries, key=lambda e: e.slug) == sorted(exported.entries, key=lambda e: e.slug)
    assert sorted(original.faqs, key=lambda f: f.slug) == sorted(exported.faqs, key=lambda f: f.slug)
    assert original.models == exported.models
    # Syncing the exported files back changes nothing, and exporting again gives the same bytes.
    assert not sync_content(tmp_path).changed
    again = tmp_path / "again"
    call_command("kb_export", str(again), stdout=io.StringIO())
    for path in sorted(tmp_path.glob("errors/*.md")):
        assert (again / "errors" / path.name).read_text() == path.read_text()


def test_admin_style_edit_reaches_the_snapshot_without_a_restart(synced_kb, django_capture_on_commit_callbacks):
    before = current_snapshot()
    assert classify(before, "ZEBRA_QUOTA_REASON").matches == ()
    error = KnownError.objects.get(slug="rate-limit-exceeded")
    with django_capture_on_commit_callbacks(execute=True):
        Matcher.objects.create(error=error, pattern=r"\bZEBRA_QUOTA_REASON\b", weight=5, recognises="test reason")
    after = current_snapshot()
    assert after.version != before.version
    best = classify(after, "ZEBRA_QUOTA_REASON").best
    assert best is not None and best.slug == "rate-limit-exceeded"


def test_the_version_every_worker_reads_is_kept_in_the_shared_cache(synced_kb, settings):
    settings.KB_VERSION_RECHECK_SECONDS = 0  # read the shared version at every call, as a worker does once due
    version = kb_version()
    assert shared_cache().get(VERSION_CACHE_KEY) == version, "not one process's memory"
    # Another worker's edit: it tells the shared cache, and this process sees it at its next read.
    shared_cache().set(VERSION_CACHE_KEY, "edited-elsewhere")
    assert kb_version() == "edited-elsewhere"
    kb_changed()
    assert kb_version() == version, "the fingerprint is computed again from the tables"


def test_markdown_is_rendered_once_and_sanitised(db):
    error = KnownError.objects.get(slug="api-key-invalid")
    assert "<ol>" in error.body_html
    error.body = "## Fix\n\n1. step <script>alert(1)</script>\n2. other"
    error.save()
    assert "<script>" not in error.body_html
    assert "highlight" in error.code_html["google-genai"]
