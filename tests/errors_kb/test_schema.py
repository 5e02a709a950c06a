"""One description of each content field and one registry of code languages: the parser, the
dumper, kb_sync, the admin, the docs and the code tabs all follow them, so a language added to the
registry alone shows up everywhere, with no migration."""

from __future__ import annotations

import io
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.safestring import mark_safe

from errors_kb.admin import code_box_name, code_samples_form, entry_fieldsets
from errors_kb.code_languages import CODE_LANGUAGES, CodeLanguage, language_table
from errors_kb.content_schema import ContentError, column_names, described_fields, field_table
from errors_kb.kb_files import EntryRecord, FaqRecord, ModelRecord, dump_page, parse_entry, read_tree
from errors_kb.kb_sync import export_content, sync_content
from errors_kb.models import FaqPage, GeminiModel, KnownError
from errors_kb.presenters import SDK_TO_TABS, CodeTab, code_tabs, preferred_tab
from tests.conftest import CONTENT_DIR

ROOT = Path(__file__).resolve().parents[2]
CONTENT_DOC = ROOT / "docs" / "CONTENT.md"

MINIMAL_ENTRY = """---
slug: minimal
title: A minimal entry
category: server_error
cause: Something broke.
last_reviewed: '2026-11-25'
matchers:
- pattern: \\bMINIMAL\\b
---

## Fix

1. Retry.
"""


@pytest.mark.parametrize(
    "table",
    [field_table(EntryRecord), field_table(FaqRecord), field_table(ModelRecord), language_table()],
    ids=["entry", "faq", "model", "code languages"],
)
def test_the_docs_tables_say_what_the_dataclasses_and_the_registry_say(table):
    assert table in CONTENT_DOC.read_text(encoding="utf-8"), f"docs/CONTENT.md should hold this table:\n{table}"


@pytest.mark.parametrize(
    ("record_type", "model"), [(EntryRecord, KnownError), (FaqRecord, FaqPage), (ModelRecord, GeminiModel)]
)
def test_every_column_of_a_record_is_a_field_of_its_model(record_type, model):
    for name in column_names(record_type):
        assert model._meta.get_field(name).concrete, f"{model.__name__}.{name}"


def test_the_admin_shows_every_field_of_an_entry_and_edits_the_rows_inline():
    shown = {name for _, options in entry_fieldsets() for name in options["fields"]}
    for name, spec in described_fields(EntryRecord):
        if spec.own_rows:
            assert name not in shown and KnownError._meta.get_field(name).one_to_many
        elif name != "code":
            assert name in shown, name
    assert {code_box_name(key) for key in CODE_LANGUAGES} <= shown


def test_a_file_may_leave_out_what_is_optional_and_reads_back_the_same():
    entry = parse_entry(MINIMAL_ENTRY)
    assert entry.published and entry.http_code is None and entry.docs == [] and entry.code == {}
    assert entry.matchers[0].weight == 1.0
    assert parse_entry(dump_page(entry)) == entry


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda text: text.replace("cause: Something broke.\n", ""), "missing field 'cause'"),
        (lambda text: text.replace("slug: minimal", "slug: minimal\nseverity: high"), "unknown fields ['severity']"),
        (lambda text: text.replace("matchers:", "code:\n  cobol: DISPLAY 'HI'\nmatchers:"), "unknown code keys"),
        (lambda text: text.replace("'2026-11-25'", "'25 Nov'"), "must be a date"),
        (lambda text: text.replace("title: A minimal entry", "title: 7"), "field 'title' has the wrong type"),
    ],
)
def test_a_bad_file_is_refused_with_the_field_named(edit, problem):
    with pytest.raises(ContentError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        parse_entry(edit(MINIMAL_ENTRY), source="minimal.md")


def test_the_sdk_a_paste_names_opens_a_registered_tab():
    assert {tab for tabs in SDK_TO_TABS.values() for tab in tabs} <= set(CODE_LANGUAGES)


@pytest.fixture
def go_language(monkeypatch) -> CodeLanguage:
    """A language registered for one test only, as a new one would be: in the registry and nowhere else."""
    language = CodeLanguage("go", "Go", "google.golang.org/genai", "go", required=False)
    monkeypatch.setitem(CODE_LANGUAGES, language.key, language)
    return language


def test_a_language_added_to_the_registry_alone_shows_up_in_sync_tabs_admin_and_export(
    db, tmp_path, client, go_language
):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / "errors" / "api-key-invalid.md"
    entry = parse_entry(path.read_text(encoding="utf-8"), source=str(path))
    go_code = 'client, err := genai.NewClient(ctx, &genai.ClientConfig{APIKey: os.Getenv("GEMINI_API_KEY")})'
    path.write_text(dump_page(replace(entry, code=entry.code | {"go": go_code})), encoding="utf-8")

    assert "api-key-invalid" in sync_content(content).errors.updated

    error = KnownError.objects.get(slug="api-key-invalid")
    assert error.code["go"] == go_code
    tabs = code_tabs(error)
    assert [tab.key for tab in tabs][-1] == "go" and tabs[-1].label == "Go"
    assert 'class="highlight"' in tabs[-1].html and "NewClient" in tabs[-1].html
    page = client.get("/errors/api-key-invalid/").content.decode()
    assert 'data-tab="go"' in page and "google.golang.org/genai" in page
    assert code_box_name("go") in code_samples_form().base_fields

    exported = tmp_path / "exported"
    export_content(exported)
    assert read_tree(exported).entries == read_tree(content).entries
    assert "  go: " in (exported / "errors" / "api-key-invalid.md").read_text(encoding="utf-8")

    out = io.StringIO()
    call_command("makemigrations", "errors_kb", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def _manage(database: Path, *args: str) -> None:
    environment = {"DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": ""}
    completed = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.slow
def test_the_migration_keeps_the_code_of_an_existing_database_and_can_be_undone(tmp_path):
    database = tmp_path / "before.sqlite3"
    _manage(database, "migrate", "errors_kb", "0001")
    with sqlite3.connect(database) as connection:
        connection.execute(
            "INSERT INTO errors_kb_knownerror (slug, title, category, api_status, cause, body, body_html,"
            " code_genai, code_generativeai, code_rest, code_javascript, code_html, docs, related, published,"
            " last_reviewed, updated_at) VALUES ('old', 'Old', 'server_error', '', 'c.', 'b', '', 'genai()',"
            " 'legacy()', 'curl x', '', '{}', '[]', '[]', 1, '2026-11-25', '2026-11-25 00:00:00')"
        )
    _manage(database, "migrate", "errors_kb", "0002")
    with sqlite3.connect(database) as connection:
        (code,) = connection.execute("SELECT code FROM errors_kb_knownerror WHERE slug = 'old'").fetchone()
    assert code == '{"google-genai": "genai()", "google-generativeai": "legacy()", "rest": "curl x"}'

    _manage(database, "migrate", "errors_kb", "0001")
    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT code_genai, code_generativeai, code_rest, code_javascript FROM errors_kb_knownerror"
        ).fetchone()
    assert row == ("genai()", "legacy()", "curl x", "")


def test_a_legacy_javascript_paste_opens_the_javascript_tab_where_an_entry_has_no_legacy_code():
    def tabs(*keys: str) -> list[CodeTab]:
        return [CodeTab(key=key, label=key, note="", html=mark_safe("")) for key in keys]

    assert preferred_tab("@google/generative-ai", tabs("google-genai", "javascript", "rest")) == "javascript"
    assert preferred_tab("@google/generative-ai", tabs("javascript", "javascript-legacy")) == "javascript-legacy"
    assert preferred_tab("litellm", tabs("google-genai", "rest")) == ""
