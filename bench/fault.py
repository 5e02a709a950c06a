"""Load and fault test: bin/serve on loopback under load, with slow key checks and slow clients mixed in.

200 clients (by default) send /api/classify and pages for a bounded time while key checks on
AQ.fake-trickle (the local Gemini emulator answering a byte every 0.25 s) hold their budget, clients
that send headers and one body byte then fall silent hold their connections, and a probe asks
/healthz every half second. Prints the requests, errors and p50/p99 of each kind.

    .venv/bin/python bench/fault.py [--duration 20] [--clients 200] [--trickle 4] [--slow 4]
    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/fault.py

The server is bin/serve itself (gthread workers, the production settings, release tasks included)
on 127.0.0.1, with SQLite in a temporary folder unless DATABASE_URL is set. Python only; it stops by
itself: every request has a timeout, and the server is stopped when the time is up.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.classify import make_paste  # noqa: E402
from bench.server import PROXY_HEADERS, production_env, serve  # noqa: E402
from gemini_emulator import TRICKLE_KEY, start_emulator  # noqa: E402

REQUEST_TIMEOUT_SECONDS = 10.0


def forwarded_for(address: str) -> dict[str, str]:
    return PROXY_HEADERS | {"X-Forwarded-For": address}


def timed_request(
    connection: http.client.HTTPConnection, method: str, path: str, body: str | None, headers: dict[str, str]
) -> tuple[int, bytes, float]:
    """One request on `connection`: the status, the body and the milliseconds it took."""
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read()
    return response.status, content, (time.perf_counter() - started) * 1000


def key_check(base_url: str, client_address: str, key: str = TRICKLE_KEY) -> tuple[int, bytes, float]:
    """A key check from `client_address`, on a connection of its own."""
    connection = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=60)
    body = json.dumps({"api_key": key, "model": "gemini-3.5-flash"})
    headers = forwarded_for(client_address) | {"Content-Type": "application/json"}
    try:
        return timed_request(connection, "POST", "/api/key-check", body, headers)
    finally:
        connection.close()


def open_slow_body(base_url: str, path: str = "/api/classify") -> socket.socket:
    """A client that sends the headers and one byte of a 100 KB body, then nothing."""
    host, port = base_url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=REQUEST_TIMEOUT_SECONDS)
    head = f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in PROXY_HEADERS.items())
    sock.sendall(f"{head}\r\n{{".encode())
    return sock


@dataclass
class Samples:
    """Latencies and failures by kind of request, from every client thread."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    statuses: dict[str, Counter[int]] = field(default_factory=dict)
    refusals: Counter[str] = field(default_factory=Counter)  # the key checks' answers other than 200

    def add(self, kind: str, status: int, ms: float, *, ok: bool) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(ms)
            self.statuses.setdefault(kind, Counter())[status] += 1
            if not ok:
                self.errors[kind] += 1

    def fail(self, kind: str) -> None:
        with self.lock:
            self.statuses.setdefault(kind, Counter())[0] += 1  # 0: no answer (timeout, reset)
            self.errors[kind] += 1


@dataclass(frozen=True)
class Mix:
    base_url: str
    pages: tuple[str, ...]
    paste: str


def load_client(mix: Mix, number: int, samples: Samples, stop: threading.Event) -> None:
    """Alternate a classify and a page on one kept-alive connection, until `stop`."""
    headers = forwarded_for(f"203.0.113.{number % 250 + 1}") | {"Content-Type": "application/json"}
    connection = http.client.HTTPConnection(mix.base_url.removeprefix("http://"), timeout=REQUEST_TIMEOUT_SECONDS)
    requests: list[tuple[str, str, str, str | None]] = [("classify", "POST", "/api/classify", mix.paste)]
    requests += [("page", "GET", page, None) for page in mix.pages]
    turn = number
    while not stop.is_set():
        turn += 1
        # Every other request a classify, the pages in turn between them.
        kind, method, path, body = requests[0] if turn % 2 else requests[1 + turn // 2 % len(mix.pages)]
        try:
            status, _, ms = timed_request(connection, method, path, body, headers)
            samples.add(kind, status, ms, ok=status == 200)
        except (OSError, http.client.HTTPException):
            samples.fail(kind)
            connection.close()


def refusal(status: int, body: bytes) -> str:
    """A refused key check as the report lists it: the status and the site's JSON message, or the
    first line of whatever else answered (a proxy's or gunicorn's own page, an empty body)."""
    try:
        answer = json.loads(body)
    except ValueError:  # not JSON, or not UTF-8
        answer = None
    if isinstance(answer, dict) and isinstance(answer.get("error"), str):
        return f"{status} {answer['error']}"
    first_line = body.decode("utf-8", "replace").strip().split("\n", 1)[0][:80]
    return f"{status} (not the site's JSON) {first_line}".rstrip()


def trickle_client(base_url: str, number: int, samples: Samples, stop: threading.Event) -> None:
    """Key checks that Gemini answers a byte at a time, one after another, from one address."""
    while not stop.is_set():
        try:
            status, body, ms = key_check(base_url, f"198.51.100.{number + 1}")
            samples.add("key check", status, ms, ok=status in (200, 503))  # busy is an answer, not a failure
            if status != 200:
                with samples.lock:
                    samples.refusals[refusal(status, body)] += 1
        except (OSError, http.client.HTTPException):
            samples.fail("key check")


def slow_body_client(base_url: str, samples: Samples, stop: threading.Event) -> None:
    """Keep one silent request body open; when the server gives up on it, open another."""
    while not stop.is_set():
        try:
            sock = open_slow_body(base_url)
        except OSError:
            samples.fail("slow body")
            stop.wait(0.5)
            continue
        sock.settimeout(0.5)
        with sock:
            while not stop.is_set():
                try:
                    if not sock.recv(4096):
                        break  # the server closed it
                except TimeoutError:
                    continue
                except OSError:
                    break
        samples.add("slow body", 0, 0.0, ok=True)


def health_probe(base_url: str, samples: Samples, stop: threading.Event) -> None:
    """What a load balancer sees: /healthz every half second, on a new connection each time."""
    while not stop.wait(0.5):
        connection = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=REQUEST_TIMEOUT_SECONDS)
        try:
            status, _, ms = timed_request(connection, "GET", "/healthz", None, {})
            samples.add("healthz", status, ms, ok=status == 200)
        except (OSError, http.client.HTTPException):
            samples.fail("healthz")
        finally:
            connection.close()


def percentile(values: list[float], fraction: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


def print_figures(samples: Samples, seconds: float, setup: str) -> None:
    print(setup)
    columns = ("requests", "req/s", "errors", "p50 ms", "p99 ms", "max ms")
    print(f"{'kind':>10} " + " ".join(f"{column:>8}" for column in columns) + "  statuses")
    for kind in ("classify", "page", "healthz", "key check"):
        values = samples.latencies.get(kind, [])
        count = sum(samples.statuses.get(kind, Counter()).values())
        statuses = ", ".join(f"{status or 'none'}: {n}" for status, n in sorted(samples.statuses.get(kind, {}).items()))
        print(
            f"{kind:>10} {count:8} {count / seconds:8.1f} {samples.errors[kind]:8} {percentile(values, 0.5):8.1f} "
            f"{percentile(values, 0.99):8.1f} {max(values, default=0.0):8.1f}  {statuses}"
        )
    for refusal, count in samples.refusals.items():
        print(f"  key check refused {count}x: {refusal}")
    held = sum(samples.statuses.get("slow body", Counter()).values())
    print(f"slow-body connections held then released: {held}; connect failures: {samples.errors['slow body']}")


def page_paths() -> tuple[str, ...]:
    slugs = sorted(p.stem for p in (ROOT / "errors_kb" / "content" / "errors").glob("*.md"))
    return ("/", "/errors/", "/faq/", "/key/", *(f"/errors/{slug}/" for slug in slugs[:40]))


def run_load(base_url: str, args: argparse.Namespace, *, seconds: float, faults: bool) -> tuple[Samples, float]:
    """The clients, with the slow checks, slow bodies and the probe if `faults`, for `seconds`."""
    samples, stop = Samples(), threading.Event()
    mix = Mix(base_url, page_paths(), json.dumps({"text": make_paste(2048)}))
    threads = [threading.Thread(target=load_client, args=(mix, n, samples, stop)) for n in range(args.clients)]
    if faults:
        threads += [
            threading.Thread(target=trickle_client, args=(base_url, n, samples, stop)) for n in range(args.trickle)
        ]
        threads += [threading.Thread(target=slow_body_client, args=(base_url, samples, stop)) for _ in range(args.slow)]
        threads.append(threading.Thread(target=health_probe, args=(base_url, samples, stop)))
    started = time.monotonic()
    for thread in threads:
        thread.daemon = True  # a client stuck past every timeout must not keep the bench running
        thread.start()
    stop.wait(seconds)
    stop.set()
    ran = time.monotonic() - started
    give_up = time.monotonic() + REQUEST_TIMEOUT_SECONDS + args.budget + 5
    for thread in threads:
        thread.join(max(0.0, give_up - time.monotonic()))
    return samples, ran


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load (bounded)")
    parser.add_argument("--clients", type=int, default=200, help="concurrent classify and page clients")
    parser.add_argument("--trickle", type=int, default=4, help="concurrent slow key checks, one address each")
    parser.add_argument("--slow", type=int, default=4, help="clients that send one body byte, then nothing")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "4")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("GUNICORN_THREADS", "8")))
    parser.add_argument("--budget", type=float, default=5.0, help="KEY_CHECK_BUDGET_SECONDS for the slow checks")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of load before the figures")
    parser.add_argument("--baseline", action="store_true", help="first the same load without the faults")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="troubleshooter-fault-"))
    emulator, emulator_url = start_emulator()
    env = production_env(
        work,
        WEB_CONCURRENCY=str(args.workers),
        GUNICORN_THREADS=str(args.threads),
        GEMINI_API_BASE_URL=emulator_url,
        KEY_CHECK_BUDGET_SECONDS=str(args.budget),
        KEY_CHECK_RATE_LIMIT_PER_MINUTE="1000000",
    )
    try:
        with (work / "serve.log").open("w") as log, serve(env, log=log) as base_url:
            # Each worker's first pages and pastes (templates, the KB compiled once per worker) are no figure.
            run_load(base_url, args, seconds=args.warmup, faults=False)
            baseline = run_load(base_url, args, seconds=args.duration, faults=False) if args.baseline else None
            samples, ran = run_load(base_url, args, seconds=args.duration, faults=True)
    finally:
        emulator.close()
        shutil.rmtree(work, ignore_errors=True)
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    cache = "Redis" if env.get("REDIS_URL") else "the default"
    if baseline is not None:
        print_figures(*baseline, f"Without faults: {args.clients} clients for {baseline[1]:.0f} s")
        print()
    print_figures(
        samples,
        ran,
        f"bin/serve: {args.workers} gthread workers x {args.threads} threads, {database}, {cache} cache, "
        f"{os.cpu_count()} CPUs; {ran:.0f} s of {args.clients} clients, {args.trickle} trickling key checks "
        f"(budget {args.budget:g} s), {args.slow} slow bodies; clients on the same machine",
    )


if __name__ == "__main__":
    main()
