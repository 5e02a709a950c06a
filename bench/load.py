"""Load test: bin/serve (gunicorn with the production settings) on 127.0.0.1, driven by wrk.

Runs each traffic mix at 50 and 200 concurrent connections for a bounded time and prints requests
per second, p50 and p99 latency and the error count, next to a trivial Django view that returns a
fixed JSON body (the ceiling for this machine and this middleware stack).

Targets: no errors; p99 under 100 ms for pages at 50 clients; classify (2 KB pastes) at 70% or
more of the trivial view's throughput.

    .venv/bin/python bench/load.py [--duration 6] [--rounds 3] [--pairs 16] [--workers 4] [--server-threads 8]
    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/load.py

Traffic goes to 127.0.0.1 only. wrk comes from Debian's packages (`apt-get install wrk`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.classify import make_log, make_paste  # noqa: E402
from bench.server import production_env, serve  # noqa: E402


@dataclass
class Result:
    label: str
    connections: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def lua_script(requests: list[tuple[str, str, str | None]], path: Path) -> Path:
    """A wrk script that cycles through (method, path, body) requests."""
    entries = ",\n".join(
        "  wrk.format({method}, {path}, headers, {body})".format(
            method=json.dumps(method), path=json.dumps(url), body=json.dumps(body) if body is not None else "nil"
        )
        for method, url, body in requests
    )
    path.write_text(
        'local headers = {["X-Forwarded-Proto"] = "https", ["Content-Type"] = "application/json"}\n'
        "local requests = {}\n"
        "local counter = 0\n"
        "init = function(args)\n"
        f"  requests = {{\n{entries}\n  }}\n"
        "end\n"
        "request = function()\n"
        "  counter = counter + 1\n"
        "  return requests[(counter % #requests) + 1]\n"
        "end\n"
    )
    return path


def _required(found: re.Match[str] | None, what: str) -> re.Match[str]:
    if found is None:
        raise ValueError(f"wrk's output has no {what} line")
    return found


def parse_duration_ms(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if found is None:
        raise ValueError(f"wrk printed a duration this script cannot read: {text!r}")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(label: str, base_url: str, script: Path, connections: int, duration: int, threads: int) -> Result:
    completed = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency",
         "-s", str(script), base_url],
        capture_output=True, text=True, timeout=duration + 60, check=True,
    )  # fmt: skip
    output = completed.stdout
    if "Latency Distribution" not in output:
        raise SystemExit(f"wrk gave no latency figures for {label}:\n{output}\n{completed.stderr}")
    percentiles = dict(re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", output, re.MULTILINE))
    if "50" not in percentiles:
        raise SystemExit(f"cannot read wrk's output for {label}:\n{output!r}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Result(
        label=label,
        connections=connections,
        requests_per_second=float(_required(re.search(r"Requests/sec:\s+([\d.]+)", output), "Requests/sec").group(1)),
        p50_ms=parse_duration_ms(percentiles["50"]),
        p99_ms=parse_duration_ms(percentiles["99"]),
        errors=errors,
    )


def median_result(runs: list[Result]) -> Result:
    return Result(
        label=runs[0].label,
        connections=runs[0].connections,
        requests_per_second=statistics.median(r.requests_per_second for r in runs),
        p50_ms=statistics.median(r.p50_ms for r in runs),
        p99_ms=statistics.median(r.p99_ms for r in runs),
        errors=sum(r.errors for r in runs),
    )


def paired_ratios(
    base_url: str, trivial: Path, classify: Path, *, pairs: int, duration: int, threads: int
) -> tuple[list[float], int]:
    """Classify's throughput over the trivial view's, from back-to-back runs at 50 clients.

    The two runs of a pair are seconds apart, so they see the same machine: a ratio within a pair
    is steadier than a ratio of two medians taken minutes apart. The order swaps every pair, so
    that a drift within a pair cancels out. Returns the ratios and the errors seen.
    """
    ratios: list[float] = []
    errors = 0
    for pair in range(pairs):
        order = [("trivial", trivial), ("classify", classify)]
        if pair % 2:
            order.reverse()
        results = {label: run_wrk(label, base_url, script, 50, duration, threads) for label, script in order}
        ratios.append(results["classify"].requests_per_second / results["trivial"].requests_per_second)
        errors += sum(result.errors for result in results.values())
    return ratios, errors


def request_mixes() -> dict[str, list[tuple[str, str, str | None]]]:
    """The requests each mix sends: the ceiling, classify at two sizes, every page, and a mix."""
    slugs = [p.stem for p in sorted((ROOT / "errors_kb" / "content" / "errors").glob("*.md"))]
    faqs = [p.stem for p in sorted((ROOT / "errors_kb" / "content" / "faq").glob("*.md"))]
    paste_2kb = json.dumps({"text": make_paste(2048)})
    paste_100kb = json.dumps({"text": make_log(100 * 1024)})
    pages: list[tuple[str, str, str | None]] = [
        ("GET", "/", None),
        ("GET", "/errors/", None),
        ("GET", "/faq/", None),
    ]
    pages += [("GET", f"/errors/{slug}/", None) for slug in slugs]
    pages += [("GET", f"/faq/{slug}/", None) for slug in faqs]
    mixes: dict[str, list[tuple[str, str, str | None]]] = {
        "trivial view": [("GET", "/bench/trivial", None)],
        # The same POST as "classify 2 KB" to a view that ignores it: the cost of the request alone.
        "trivial POST 2 KB": [("POST", "/bench/trivial", paste_2kb)],
        "classify 2 KB": [("POST", "/api/classify", paste_2kb)],
        "classify 100 KB": [("POST", "/api/classify", paste_100kb)],
        "pages": pages,
        "mixed": pages[:6] + [("POST", "/api/classify", paste_2kb)] * 3 + [("POST", "/api/classify", paste_100kb)],
    }
    return mixes


def print_report(
    args: argparse.Namespace,
    results: list[Result],
    rounds: dict[tuple[str, int], list[Result]],
    pair_ratios: list[float],
    pair_errors: int,
) -> None:
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    cache = "Redis" if os.environ.get("REDIS_URL") else "local memory"
    print(
        f"bin/serve: {args.workers} gthread workers x {args.server_threads} threads, {database}, {cache} cache, "
        f"{os.cpu_count()} CPUs, median of "
        f"{args.rounds} runs of {args.duration}s, wrk {args.threads} threads on the same machine"
    )
    print(f"{'mix':>16} {'clients':>7} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'vs trivial':>10}")
    for connections in (50, 200):
        ceiling = next(r for r in results if r.label == "trivial view" and r.connections == connections)
        for result in (r for r in results if r.connections == connections):
            ratio = result.requests_per_second / ceiling.requests_per_second
            print(f"{result.label:>16} {connections:7} {result.requests_per_second:9.0f} {result.p50_ms:8.1f} "
                  f"{result.p99_ms:8.1f} {result.errors:6} {ratio:9.0%}")  # fmt: skip
    pages_50 = next(r for r in results if r.label == "pages" and r.connections == 50)
    classify_50 = next(r for r in results if r.label == "classify 2 KB" and r.connections == 50)
    trivial_50 = next(r for r in results if r.label == "trivial view" and r.connections == 50)
    print("targets:")
    no_errors = not pair_errors and not any(r.errors for r in results)
    print(f"  no errors: {'met' if no_errors else 'NOT met'}")
    print(f"  pages p99 < 100 ms at 50 clients: {pages_50.p99_ms:.1f} ms, "
          f"{'met' if pages_50.p99_ms < 100 else 'NOT met'}")  # fmt: skip
    paired = statistics.median(pair_ratios)
    low, _, high = statistics.quantiles(pair_ratios, n=4) if len(pair_ratios) > 1 else (paired, paired, paired)
    print(
        f"  classify 2 KB >= 70% of trivial: {paired:.1%}, {'met' if paired >= 0.7 else 'NOT met'} "
        f"(median of {len(pair_ratios)} back-to-back pairs of {args.pair_duration}s; "
        f"middle half {low:.0%} to {high:.0%})"
    )
    # The rounds above are minutes apart: their ratios show how far this machine drifts.
    per_round = [
        classify.requests_per_second / trivial.requests_per_second
        for classify, trivial in zip(rounds[("classify 2 KB", 50)], rounds[("trivial view", 50)], strict=True)
    ]
    print(
        f"  (from the medians of the rounds: {classify_50.requests_per_second / trivial_50.requests_per_second:.0%}; "
        f"round by round: {', '.join(f'{r:.0%}' for r in per_round)})"
    )
    post_50 = next(r for r in results if r.label == "trivial POST 2 KB" and r.connections == 50)
    print(
        f"  (against the same 2 KB POST to the trivial view: "
        f"{classify_50.requests_per_second / post_50.requests_per_second:.0%})"
    )


def measure(
    base_url: str, work: Path, args: argparse.Namespace
) -> tuple[list[Result], dict[tuple[str, int], list[Result]], list[float], int]:
    """Every mix at 50 and 200 clients, then the trivial/classify pairs: the figures print_report takes."""
    mixes = request_mixes()
    scripts = {
        label: lua_script(requests, work / f"{label.replace(' ', '_')}.lua") for label, requests in mixes.items()
    }
    for label, script in scripts.items():
        run_wrk(label, base_url, script, 50, 2, args.threads)  # warm-up, not counted
    # Rounds interleave the mixes, and each figure is the median of its rounds: on a shared
    # machine one 10-second run can be a quarter off, and a ratio of two runs even more.
    rounds: dict[tuple[str, int], list[Result]] = {}
    for _ in range(args.rounds):
        for connections in (50, 200):
            for label, script in scripts.items():
                result = run_wrk(label, base_url, script, connections, args.duration, args.threads)
                rounds.setdefault((label, connections), []).append(result)
    results = [median_result(runs) for runs in rounds.values()]
    pair_ratios, pair_errors = paired_ratios(
        base_url,
        scripts["trivial view"],
        scripts["classify 2 KB"],
        pairs=args.pairs,
        duration=args.pair_duration,
        threads=args.threads,
    )
    return results, rounds, pair_ratios, pair_errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=6, help="seconds per run (bounded)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "4")))
    parser.add_argument("--server-threads", type=int, default=int(os.environ.get("GUNICORN_THREADS", "8")))
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each mix; figures are medians")
    parser.add_argument("--pairs", type=int, default=16, help="trivial/classify pairs for the 70%% target")
    parser.add_argument("--pair-duration", type=int, default=2, help="seconds per run of a pair")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")

    work = Path(tempfile.mkdtemp(prefix="troubleshooter-load-"))
    env = production_env(
        work,
        DJANGO_SETTINGS_MODULE="bench.settings",  # the site's settings, plus the trivial view
        WEB_CONCURRENCY=str(args.workers),
        GUNICORN_THREADS=str(args.server_threads),
        KEY_CHECK_RATE_LIMIT_PER_MINUTE="1000000",
    )
    try:
        with (work / "serve.log").open("w") as log, serve(env, "--backlog", "2048", log=log) as base_url:
            results, rounds, pair_ratios, pair_errors = measure(base_url, work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print_report(args, results, rounds, pair_ratios, pair_errors)


if __name__ == "__main__":
    main()
