"""Accuracy on real pastes: the labelled corpus in ../shared/corpus/ (not part of this repository).

The corpus is a sample of what users paste. The matchers are written for the kinds of error (status
names, ErrorInfo reasons, quotaIds, message shapes), never for these files.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from classifier import classify

CORPUS_DIR = Path(__file__).resolve().parents[3] / "shared" / "corpus"
MIN_TOP1_ACCURACY = 0.90


def load_corpus() -> list[tuple[str, str, str]]:
    with open(CORPUS_DIR / "labels.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        (
            row["file"],
            row["category"],
            (CORPUS_DIR / "cases" / row["file"]).read_text(encoding="utf-8", errors="replace"),
        )
        for row in rows
    ]


@pytest.mark.skipif(
    not (CORPUS_DIR / "labels.tsv").exists(),
    reason=f"the labelled corpus is not in this checkout ({CORPUS_DIR}); it lives beside the project in ../shared/",
)
def test_corpus_top1_accuracy_per_category(capsys):
    totals: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    misses: list[str] = []
    false_matches: list[str] = []
    from classifier import compile_snapshot
    from errors_kb.kb_files import read_tree
    from tests.conftest import CONTENT_DIR

    tree = read_tree(CONTENT_DIR)
    snapshot = compile_snapshot(
        (e.to_spec() for e in tree.entries if e.published),
        version="corpus",
        models=[m.to_info() for m in tree.models.models] if tree.models else [],
    )
    for name, label, text in load_corpus():
        result = classify(snapshot, text)
        predicted = result.best.category if result.best else "none"
        totals[label] += 1
        if predicted == label:
            correct[label] += 1
        else:
            misses.append(f"{name}: expected {label}, got {predicted}")
            if label == "none":
                false_matches.append(name)
    overall = sum(correct.values()) / sum(totals.values())
    with capsys.disabled():
        print("\ncorpus top-1 accuracy by category:")
        for category in sorted(totals):
            print(
                f"  {category:22} {correct[category]:3}/{totals[category]:<3} "
                f"{correct[category] / totals[category]:6.0%}"
            )
        print(f"  {'overall':22} {sum(correct.values()):3}/{sum(totals.values()):<3} {overall:6.0%}")
        for miss in misses:
            print(f"  miss: {miss}")
    assert not false_matches, f"texts that are not Gemini errors got a match: {false_matches}"
    assert overall >= MIN_TOP1_ACCURACY
