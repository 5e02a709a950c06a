"""Benchmark the classifier engine against the whole knowledge base.

Prints the engine's time per paste for a 2 KB paste (log lines and a traceback) and a 1 MB log, and the ratio to a naive
loop that runs every pattern with Python's `re` over the same text, in the same run. Then the cost of 1 MB pastes made to
be slow (the adversarial pastes) as a ratio to the plain 1 MB log.
Targets: at most 5 ms per 1 MB paste; at least 100x faster than the naive loop on 1 MB; adversarial pastes at most 10x.

    .venv/bin/python bench/classify.py [--repeat N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classifier import classify, compile_snapshot  # noqa: E402
from classifier.facts import FACT_PATTERNS, SDK_MARKERS  # noqa: E402
from errors_kb.kb_files import read_tree  # noqa: E402

TRACEBACK = """Traceback (most recent call last):
  File "/srv/app/worker.py", line 88, in summarise
    response = client.models.generate_content(model="gemini-3.5-flash", contents=prompt)
  File "/srv/app/.venv/lib/python3.11/site-packages/google/genai/models.py", line 5021, in generate_content
    return self._generate_content(model=model, contents=contents, config=config)
  File "/srv/app/.venv/lib/python3.11/site-packages/google/genai/_api_client.py", line 1130, in request
    errors.APIError.raise_for_response(response)
google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED. {'error': {'code': 429, 'message': 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.', 'status': 'RESOURCE_EXHAUSTED', 'details': [{'@type': 'type.googleapis.com/google.rpc.QuotaFailure', 'violations': [{'quotaMetric': 'generativelanguage.googleapis.com/generate_content_free_tier_requests', 'quotaId': 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', 'quotaDimensions': {'location': 'global', 'model': 'gemini-3.5-flash'}, 'quotaValue': '5'}]}, {'@type': 'type.googleapis.com/google.rpc.Help', 'links': [{'description': 'Learn more about Gemini API quotas', 'url': 'https://ai.google.dev/gemini-api/docs/rate-limits'}]}, {'@type': 'type.googleapis.com/google.rpc.RetryInfo', 'retryDelay': '17s'}]}}
"""


def _log_lines(size: int) -> list[str]:
    """Ordinary service log lines, `size` bytes or a little more."""
    templates = [
        "2026-11-25T10:00:{s:02d}.123Z INFO  worker.jobs job={n} status=done elapsed_ms={ms} queue=summaries",
        "2026-11-25T10:00:{s:02d}.456Z DEBUG http.client POST /internal/v2/items/{n} -> 200 in {ms} ms",
        "2026-11-25T10:00:{s:02d}.789Z WARN  cache.redis slow get key=doc:{n} took {ms} ms (threshold 50 ms)",
    ]
    out: list[str] = []
    total = 0
    while total < size:
        n = len(out)
        line = templates[n % 3].format(s=n % 60, n=n, ms=n % 997) + "\n"
        out.append(line)
        total += len(line)
    return out


def make_log(size: int) -> str:
    """A service log of `size` bytes: ordinary lines, with the failure near the end."""
    out = _log_lines(size - len(TRACEBACK))
    out.insert(max(0, len(out) - 20), TRACEBACK)
    return "".join(out)[:size]


def make_paste(size: int) -> str:
    """What users paste: the last log lines before the failure, then its traceback; `size` bytes."""
    before = "".join(_log_lines(size - len(TRACEBACK)))
    return before[len(before) - (size - len(TRACEBACK)) :] + TRACEBACK


def make_adversarial(size: int) -> dict[str, str]:
    """1 MB pastes that make some part of the engine work hard, `size` bytes each."""
    type_url = "{'@type': 'type.googleapis.com/google.rpc.ErrorInfo', 'domain': 'googleapis.com'}, "
    near_secrets = "key=ab token=x1 secret: y api_key='' Bearer z AIza AQ. ya29. sk- -----BEGIN\n"
    key_line = "INFO call sent with key=AIzaSyD-1234567890abcdefghijklmnopqrstu to generateContent\n"

    def repeated(piece: str, then: str = TRACEBACK) -> str:
        return (piece * (size // len(piece) + 1))[: size - len(then)] + then

    return {
        # Nothing names a Gemini service, so the engine looks for another API's: that search once
        # walked every infrastructure host named.
        "type URLs": repeated(type_url, then=""),
        # Names and prefixes of secrets without their values: the redaction must not run.
        "near-secrets": repeated(near_secrets),
        # A real key on every line: the redaction runs on every line shown.
        "a key per line": repeated(key_line),
        # A log flattened onto one line: the lines shown are windows of it.
        "one huge line": make_log(size).replace("\n", " "),
    }


def timed(function: Callable[[], object], repeat: int) -> float:
    """Median seconds per call."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def python_re_pattern(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    tree = read_tree(ROOT / "errors_kb" / "content")
    models = [m.to_info() for m in tree.models.models] if tree.models else []
    started = time.perf_counter()
    snapshot = compile_snapshot((e.to_spec() for e in tree.entries if e.published), version="bench", models=models)
    compile_ms = (time.perf_counter() - started) * 1000

    patterns = [m.pattern for e in tree.entries if e.published for m in e.matchers]
    patterns += [fact.pattern for fact in FACT_PATTERNS] + [pattern for _, pattern in SDK_MARKERS]
    compiled = [p for p in (python_re_pattern(pattern) for pattern in patterns) if p is not None]

    def naive(text: str) -> list[str]:
        # What the engine replaces: every pattern searched in turn with Python's backtracking `re`.
        return [p.pattern for p in compiled if p.search(text)]

    print(
        f"knowledge base: {len(tree.entries)} entries, {snapshot.matcher_count} matchers, "
        f"{len(patterns)} patterns with facts; snapshot compiled in {compile_ms:.1f} ms"
    )
    print(f"naive loop runs {len(compiled)} of them (the rest use syntax Python's re lacks)")
    print(f"{'paste':>12} {'engine ms':>10} {'naive re ms':>12} {'ratio':>8}")
    for label, text in (("2 KB paste", make_paste(2048)), ("1 MB log", make_log(1024 * 1024))):
        assert classify(snapshot, text).best is not None, f"{label}: the benchmark paste must be recognised"
        engine = timed(partial(classify, snapshot, text), args.repeat)
        loop = timed(partial(naive, text), max(3, args.repeat // 10))
        print(f"{label:>12} {engine * 1000:10.3f} {loop * 1000:12.3f} {loop / engine:7.0f}x")
    print("targets: 1 MB paste <= 5 ms; >= 100x the naive loop on 1 MB")

    # Each adversarial paste is timed right after the plain log, so that both see the same load.
    print(f"\n{'adversarial 1 MB paste':>24} {'engine ms':>10} {'1 MB log ms':>12} {'ratio':>7}")
    log = make_log(1024 * 1024)
    ratios = []
    for label, text in make_adversarial(1024 * 1024).items():
        log_ms = timed(partial(classify, snapshot, log), args.repeat) * 1000
        adversarial_ms = timed(partial(classify, snapshot, text), args.repeat) * 1000
        ratios.append(adversarial_ms / log_ms)
        print(f"{label:>24} {adversarial_ms:10.3f} {log_ms:12.3f} {ratios[-1]:6.1f}x")
    print(f"adversarial ratio (worst): {max(ratios):.1f}x; target <= 10x")


if __name__ == "__main__":
    main()
