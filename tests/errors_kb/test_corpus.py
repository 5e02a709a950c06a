"""Accuracy on real pastes: the labelled corpus in ../shared/corpus/ (not part of this repository).

The corpus is a sample of what users paste. The matchers are written for the kinds of error (status
names, ErrorInfo reasons, quotaIds, message shapes), never for these files.

Two checks per text: the top answer's *category* against the label files, and its *entry* against
tests/errors_kb/corpus_causes.py, the entry whose fix solves that problem.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from classifier import classify
from tests.errors_kb.corpus_causes import CAUSES

CORPUS_DIR = Path(__file__).resolve().parents[3] / "shared" / "corpus"
LABEL_FILES = ("labels.tsv", "labels-longtail.tsv")
MIN_TOP1_CATEGORY = 0.95
MIN_TOP1_ENTRY = 0.90
NONE = "none"


@dataclass(frozen=True)
class Case:
    name: str
    category: str
    slug: str | None  # None: not a Gemini API error
    text: str


def load_corpus() -> list[Case]:
    cases: list[Case] = []
    for label_file in LABEL_FILES:
        with open(CORPUS_DIR / label_file, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                name = row["file"]
                assert name in CAUSES, f"{name} ({label_file}) has no row in corpus_causes.CAUSES"
                cases.append(
                    Case(
                        name=name,
                        category=row["category"],
                        slug=CAUSES[name],
                        text=(CORPUS_DIR / "cases" / name).read_text(encoding="utf-8", errors="replace"),
                    )
                )
    return cases


def _table(title: str, totals: Counter[str], correct: Counter[str]) -> list[str]:
    lines = [title]
    for key in sorted(totals):
        lines.append(f"  {key:34} {correct[key]:3}/{totals[key]:<3} {correct[key] / totals[key]:6.0%}")
    overall = sum(correct.values()) / sum(totals.values())
    lines.append(f"  {'overall':34} {sum(correct.values()):3}/{sum(totals.values()):<3} {overall:6.0%}")
    return lines


@pytest.mark.skipif(
    not all((CORPUS_DIR / name).exists() for name in LABEL_FILES),
    reason=f"the labelled corpus is not in this checkout ({CORPUS_DIR}); it lives beside the project in ../shared/",
)
def test_corpus_top1_category_and_entry(capsys):
    from classifier import compile_snapshot
    from errors_kb.kb_files import read_tree
    from tests.conftest import CONTENT_DIR

    tree = read_tree(CONTENT_DIR)
    published = [e for e in tree.entries if e.published]
    slugs = {e.slug for e in published}
    unknown = sorted({slug for slug in CAUSES.values() if slug is not None and slug not in slugs})
    assert not unknown, f"corpus_causes names entries the KB does not publish: {unknown}"
    snapshot = compile_snapshot(
        (e.to_spec() for e in published),
        version="corpus",
        models=[m.to_info() for m in tree.models.models] if tree.models else [],
    )

    category_totals: Counter[str] = Counter()
    category_correct: Counter[str] = Counter()
    entry_totals: Counter[str] = Counter()
    entry_correct: Counter[str] = Counter()
    category_misses: list[str] = []
    entry_misses: list[str] = []
    false_matches: list[str] = []
    cases = load_corpus()
    for case in cases:
        best = classify(snapshot, case.text).best
        got_category = best.category if best else NONE
        got_slug = best.slug if best else None
        expected_slug = case.slug or NONE

        category_totals[case.category] += 1
        if got_category == case.category:
            category_correct[case.category] += 1
        else:
            category_misses.append(f"{case.name}: expected {case.category}, got {got_category}")

        entry_totals[expected_slug] += 1
        if got_slug == case.slug:
            entry_correct[expected_slug] += 1
        else:
            entry_misses.append(f"{case.name}: expected {expected_slug}, got {got_slug or NONE}")
        if case.slug is None and best is not None:
            false_matches.append(f"{case.name} -> {best.slug}")

    total = len(cases)
    category_rate = sum(category_correct.values()) / total
    entry_rate = sum(entry_correct.values()) / total
    with capsys.disabled():
        print()
        print("\n".join(_table("corpus top-1 by category:", category_totals, category_correct)))
        for miss in category_misses:
            print(f"  category miss: {miss}")
        print("\n".join(_table("corpus top-1 by entry:", entry_totals, entry_correct)))
        for miss in entry_misses:
            print(f"  entry miss: {miss}")
    assert not false_matches, f"texts that are not Gemini errors got a match: {false_matches}"
    assert category_rate >= MIN_TOP1_CATEGORY, f"top-1 category {category_rate:.1%} < {MIN_TOP1_CATEGORY:.0%}"
    assert entry_rate >= MIN_TOP1_ENTRY, f"top-1 entry {entry_rate:.1%} < {MIN_TOP1_ENTRY:.0%}"
