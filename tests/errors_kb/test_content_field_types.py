"""A content file with a field of the wrong type is refused by kb_sync with the file and the field
named, never with a TypeError from deep inside, nor read as something else (a string as its letters)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from errors_kb.content_schema import ContentError
from errors_kb.kb_sync import sync_content
from errors_kb.models import KnownError

ENTRY = """---
slug: minimal
title: A minimal entry
category: server_error
api_status: INTERNAL
cause: Something broke.
last_reviewed: '2026-11-25'
docs:
- title: Troubleshooting
  url: https://ai.google.dev/gemini-api/docs/troubleshooting
related:
- api-key-invalid
matchers:
- pattern: \\bMINIMAL\\b
  weight: 2.0
  samples:
  - MINIMAL
examples:
- MINIMAL happened
code:
  rest: curl https://example.invalid
---

## Fix

1. Retry.
"""

FAQ = """---
slug: question
title: A question?
description: An answer.
position: 10
last_reviewed: '2026-11-25'
---

Yes.
"""

MODELS = """checked_on: '2026-11-25'
source: a test
models:
- id: gemini-test
  status: current
  kind: text
  context_window: 1000
"""


def _tree(root: Path, *, entry: str = ENTRY, faq: str = FAQ, models: str = MODELS) -> Path:
    (root / "errors").mkdir(parents=True)
    (root / "faq").mkdir()
    (root / "errors" / "minimal.md").write_text(entry, encoding="utf-8")
    (root / "faq" / "question.md").write_text(faq, encoding="utf-8")
    (root / "models.yaml").write_text(models, encoding="utf-8")
    return root


def test_the_well_typed_files_load(db, tmp_path):
    report = sync_content(_tree(tmp_path))
    assert report.errors.created == ["minimal"] and report.faqs.created == ["question"]
    error = KnownError.objects.get(slug="minimal")
    assert error.related == ["api-key-invalid"] and error.code == {"rest": "curl https://example.invalid"}


ENTRY_EDITS = [
    ("slug: minimal", "slug: 42", "slug"),
    ("api_status: INTERNAL", "api_status: [INTERNAL, UNKNOWN]", "api_status"),
    ("cause: Something broke.", "cause: {why: it broke}", "cause"),
    ("last_reviewed: '2026-11-25'", "last_reviewed: '2026-11-25'\npublished: 'no'", "published"),
    ("last_reviewed: '2026-11-25'", "last_reviewed: '2026-11-25'\ngeneric: 1", "generic"),
    ("related:\n- api-key-invalid", "related: api-key-invalid", "related"),
    ("related:\n- api-key-invalid", "related:\n- [api-key-invalid]", "related[1]"),
    ("examples:\n- MINIMAL happened", "examples:\n  first: MINIMAL happened", "examples"),
    (
        "docs:\n- title: Troubleshooting\n  url: https://ai.google.dev/gemini-api/docs/troubleshooting",
        "docs: https://ai.google.dev/gemini-api/docs/troubleshooting",
        "docs",
    ),
    ("  url: https://ai.google.dev/gemini-api/docs/troubleshooting\n", "", "docs[1].url"),
    ("- title: Troubleshooting", "- title: [Troubleshooting]", "docs[1].title"),
    ("code:\n  rest: curl https://example.invalid", "code:\n- curl https://example.invalid", "code"),
    ("  rest: curl https://example.invalid", "  rest: {curl: https://example.invalid}", "code.rest"),
    ("- pattern: \\bMINIMAL\\b", "- pattern: [\\bMINIMAL\\b]", "matchers[1].pattern"),
    ("  weight: 2.0", "  weight: heavy", "matchers[1].weight"),
    ("  weight: 2.0", "  weight: 2.0\n  recognises: [MINIMAL]", "matchers[1].recognises"),
    ("  samples:\n  - MINIMAL", "  samples: MINIMAL", "matchers[1].samples"),
]


@pytest.mark.parametrize(("old", "new", "field"), ENTRY_EDITS, ids=[field for _, _, field in ENTRY_EDITS])
def test_an_entry_field_of_the_wrong_type_is_refused_naming_the_file_and_the_field(db, tmp_path, old, new, field):
    assert old in ENTRY
    root = _tree(tmp_path, entry=ENTRY.replace(old, new, 1))
    with pytest.raises(ContentError, match=rf"minimal\.md: field '{re.escape(field)}' has the wrong type"):
        sync_content(root)
    assert not KnownError.objects.filter(slug="minimal").exists()


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [("position: 10", "position: first", "position"), ("position: 10", "position: [10]", "position")],
)
def test_a_faq_field_of_the_wrong_type_is_refused_naming_the_file_and_the_field(db, tmp_path, old, new, field):
    with pytest.raises(ContentError, match=rf"question\.md: field '{field}' has the wrong type"):
        sync_content(_tree(tmp_path, faq=FAQ.replace(old, new)))


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("- id: gemini-test", "- gemini-test\n- id: gemini-test", "models[1]"),
        ("  context_window: 1000", "  context_window: a million", "context_window"),
        ("  status: current", "  status: current\n  notes: [fast]", "notes"),
        ("source: a test", "source: {name: a test}", "source"),
    ],
)
def test_a_model_field_of_the_wrong_type_is_refused_naming_the_file_and_the_field(db, tmp_path, old, new, field):
    with pytest.raises(ContentError, match=rf"models\.yaml.*: field '{re.escape(field)}' has the wrong type"):
        sync_content(_tree(tmp_path, models=MODELS.replace(old, new)))


def test_a_key_that_is_not_text_is_named_among_the_unknown_fields(db, tmp_path):
    root = _tree(tmp_path, entry=ENTRY.replace("slug: minimal", "slug: minimal\n1: one\nseverity: high"))
    with pytest.raises(ContentError, match=r"minimal\.md: unknown fields \[1, 'severity'\]"):
        sync_content(root)


def test_the_command_says_which_file_and_field_are_wrong(db, tmp_path):
    root = _tree(tmp_path, entry=ENTRY.replace("  weight: 2.0", "  weight: [2]"))
    with pytest.raises(CommandError, match=r"minimal\.md: field 'matchers\[1\]\.weight' has the wrong type \(list\)"):
        call_command("kb_sync", "--content-dir", str(root))
