"""The knowledge base's files agree with themselves: they parse, their patterns compile in RE2,
and every sample line and example paste is recognised as the entry that carries it."""

from __future__ import annotations

import re

import pytest

from classifier import MatcherSpec, classify, try_matchers, validate_pattern
from errors_kb.kb_files import REQUIRED_CODE, read_tree
from errors_kb.vocabulary import CATEGORIES
from tests.conftest import CONTENT_DIR

TREE = read_tree(CONTENT_DIR)
ENTRIES = {entry.slug: entry for entry in TREE.entries}
MATCHERS = [(entry.slug, index, matcher) for entry in TREE.entries for index, matcher in enumerate(entry.matchers)]
EXAMPLES = [(entry.slug, index, example) for entry in TREE.entries for index, example in enumerate(entry.examples)]


def test_knowledge_base_has_at_least_25_published_entries():
    assert len([entry for entry in TREE.entries if entry.published]) >= 25


def test_every_file_is_named_after_its_slug():
    for path in sorted(CONTENT_DIR.glob("errors/*.md")):
        assert path.stem in ENTRIES, f"{path.name} does not hold the entry '{path.stem}'"


@pytest.mark.parametrize("slug", sorted(ENTRIES))
def test_entry_is_complete_for_a_developer_in_a_hurry(slug):
    entry = ENTRIES[slug]
    assert entry.category in CATEGORIES
    assert entry.cause.count(". ") == 0 and entry.cause.endswith("."), "the cause is one sentence"
    assert re.search(r"^1\. ", entry.body, re.MULTILINE), "the fix is a numbered list"
    assert re.search(r"^2\. ", entry.body, re.MULTILINE), "the fix has more than one step"
    for language in REQUIRED_CODE:
        assert entry.code.get(language, "").strip(), f"no {language} code"
    assert entry.docs, "links to Google's documentation"
    assert all(url["url"].startswith("https://") for url in entry.docs)
    assert entry.matchers and entry.examples
    for related in entry.related:
        assert related in ENTRIES, f"related entry '{related}' does not exist"


@pytest.mark.parametrize(("slug", "index", "matcher"), MATCHERS, ids=[f"{s}-{i}" for s, i, _ in MATCHERS])
def test_pattern_compiles_in_re2_and_matches_its_samples(slug, index, matcher):
    assert validate_pattern(matcher.pattern) is None
    assert matcher.recognises, "say what the matcher recognises"
    for sample in matcher.samples:
        (trial,) = try_matchers([MatcherSpec(matcher.pattern, matcher.weight)], sample)
        assert trial.fired, f"sample does not match: {sample!r}"


@pytest.mark.parametrize(("slug", "index", "example"), EXAMPLES, ids=[f"{s}-{i}" for s, i, _ in EXAMPLES])
def test_example_paste_classifies_to_its_own_entry(file_snapshot, slug, index, example):
    result = classify(file_snapshot, example)
    assert result.best is not None, "no match at all"
    assert result.best.slug == slug, [(m.slug, m.confidence) for m in result.matches]


def test_model_catalogue_says_when_it_was_checked():
    assert TREE.models is not None
    assert TREE.models.checked_on.year >= 2026
    statuses = {model.status for model in TREE.models.models}
    assert {"current", "retired"} <= statuses
