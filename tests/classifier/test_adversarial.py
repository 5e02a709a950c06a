"""Pastes made to be slow cost about what a plain paste of the same size does (bench/classify.py
prints the figures; these guard against a return of the per-match walks)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from classifier import EntrySpec, MatcherSpec, classify, compile_snapshot

SNAPSHOT = compile_snapshot(
    [EntrySpec("bad-key", "auth", "Invalid key", 400, matchers=(MatcherSpec(r"\bAPI_KEY_INVALID\b", 5.0),))],
    version="adversarial-tests",
)
SIZE = 1024 * 1024
TYPE_URL = "{'@type': 'type.googleapis.com/google.rpc.ErrorInfo', 'domain': 'googleapis.com'}, "
PLAIN = ("2026-11-25T10:00:01Z INFO worker job=12 status=done elapsed_ms=41 queue=summaries\n" * (SIZE // 80))[:SIZE]


def fastest(function: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def repeated(piece: str) -> str:
    return (piece * (SIZE // len(piece) + 1))[:SIZE]


def test_another_service_is_found_past_any_number_of_infrastructure_hosts() -> None:
    paste = TYPE_URL * 20_000 + "'metadata': {'service': 'translate.googleapis.com'}"

    assert classify(SNAPSHOT, paste).facts.service == "translate.googleapis.com"
    assert classify(SNAPSHOT, TYPE_URL * 20_000).facts.service is None


@pytest.mark.parametrize(
    "paste",
    [
        repeated(TYPE_URL),
        repeated("key=ab token=x1 secret: y api_key='' Bearer z AIza AQ. ya29. sk- -----BEGIN\n"),
        repeated("INFO sent with key=AIzaSyD-1234567890abcdefghijklmnopqrstu API_KEY_INVALID\n"),
        PLAIN.replace("\n", " "),
    ],
    ids=["type URLs", "near-secrets", "a key per line", "one huge line"],
)
def test_an_adversarial_megabyte_costs_at_most_ten_plain_ones(paste: str) -> None:
    plain = fastest(lambda: classify(SNAPSHOT, PLAIN))

    assert fastest(lambda: classify(SNAPSHOT, paste)) < 10 * plain + 0.01
