"""What a classify request costs beyond the trivial one, counted by valgrind, not timed.

On a shared machine a load run's ratio swings by a third from one run to the next; instruction
counts do not. This runs the site's WSGI handler in one process (the production settings, SQLite)
under cachegrind, twice: trivial and classify requests in turn, then trivial requests only, the
same number. Their difference is what the classify requests cost beyond the trivial ones; a third
run with no measured requests gives the trivial request's own cost. Cache misses are simulated
(a 48 KB L1, a 2 MB last level), so that work which pushes the rest of the request out of the caches
counts too.

Prints per request: instructions, simulated L1 and last-level misses, and a rough estimate of the
cycles (instructions, plus 10 per L1 miss and 60 per last-level miss), for the trivial request and
for what classify adds to it, and their ratio. The estimate is a model, not this machine's clock:
compare its figures between commits, not with bench/load.py's.

    .venv/bin/python bench/instructions.py [--requests 300]

valgrind comes from Debian's packages (`apt-get install valgrind`).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.classify import make_paste  # noqa: E402
from bench.server import production_env  # noqa: E402

WARM_UP_PAIRS = 50
CACHE_MODEL = ["--I1=65536,8,64", "--D1=49152,12,64", "--LL=2097152,16,64"]
L1_MISS_CYCLES = 10
LAST_LEVEL_MISS_CYCLES = 60


@dataclass(frozen=True)
class Counts:
    instructions: float
    l1_misses: float
    last_level_misses: float

    def __sub__(self, other: Counts) -> Counts:
        return Counts(
            self.instructions - other.instructions,
            self.l1_misses - other.l1_misses,
            self.last_level_misses - other.last_level_misses,
        )

    def per(self, requests: int) -> Counts:
        return Counts(self.instructions / requests, self.l1_misses / requests, self.last_level_misses / requests)

    @property
    def cycles(self) -> float:
        return self.instructions + L1_MISS_CYCLES * self.l1_misses + LAST_LEVEL_MISS_CYCLES * self.last_level_misses


def driver(second: str, pairs: int) -> str:
    """The program cachegrind runs: warm-up pairs, then `pairs` of a trivial request and `second`."""
    body = json.dumps({"text": make_paste(2048)})
    return f"""
import gc, io, sys
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
handler = WSGIHandler()
body = {body!r}.encode()

def request(path):
    environ = {{
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https", "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr, "REMOTE_ADDR": "127.0.0.1",
    }}
    def start_response(status, headers, exc_info=None):
        assert status.startswith("200"), status
    response = handler(environ, start_response)
    b"".join(response)
    response.close()

for _ in range({WARM_UP_PAIRS}):
    request("/bench/trivial")
    request("/api/classify")
gc.collect()
gc.disable()  # a collection falls in whichever run happens to reach the threshold
for _ in range({pairs}):
    request("/bench/trivial")
    request({second!r})
"""


def run_counted(program: Path, env: dict[str, str]) -> Counts:
    command = [
        "setarch", "-R",  # the same addresses every run, so the same dict and cache behaviour
        "valgrind", "--tool=cachegrind", "--cache-sim=yes", *CACHE_MODEL, "--cachegrind-out-file=/dev/null",
        sys.executable, str(program),
    ]  # fmt: skip
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1800, check=False)
    if finished.returncode != 0:
        raise SystemExit(f"the counted run failed:\n{finished.stderr[-2000:]}")
    return parse_totals(finished.stderr)


def parse_totals(report: str) -> Counts:
    """The totals of cachegrind's summary (`==123== I   refs:      1,234`)."""
    totals = {}
    for found in re.finditer(r"==\d+== (I\s+refs|I1\s+misses|D1\s+misses|LL misses):\s+([\d,]+)", report):
        totals[" ".join(found.group(1).split())] = int(found.group(2).replace(",", ""))
    missing = {"I refs", "I1 misses", "D1 misses", "LL misses"} - totals.keys()
    if missing:
        raise SystemExit(f"cachegrind's summary has no {', '.join(sorted(missing))}:\n{report[-2000:]}")
    return Counts(totals["I refs"], totals["I1 misses"] + totals["D1 misses"], totals["LL misses"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="classify requests counted")
    args = parser.parse_args()
    for tool in ("valgrind", "setarch"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed: apt-get install valgrind util-linux")

    work = Path(tempfile.mkdtemp(prefix="troubleshooter-instructions-"))
    try:
        env = production_env(work, DJANGO_SETTINGS_MODULE="bench.settings", LOG_LEVEL="ERROR", PYTHONHASHSEED="0")
        for command in (["migrate"], ["kb_sync"]):
            subprocess.run([sys.executable, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True)
        runs = {}
        for label, second, pairs in [
            ("both", "/api/classify", args.requests),
            ("trivial", "/bench/trivial", args.requests),
            ("none", "/bench/trivial", 0),
        ]:
            program = work / f"{label}.py"
            program.write_text(driver(second, pairs))
            runs[label] = run_counted(program, env | {"PYTHONPATH": str(ROOT)})
    finally:
        shutil.rmtree(work, ignore_errors=True)

    trivial = (runs["trivial"] - runs["none"]).per(2 * args.requests)
    extra = (runs["both"] - runs["trivial"]).per(args.requests)
    print(f"cachegrind, one process, {args.requests} requests of each kind after {WARM_UP_PAIRS} pairs of warm-up")
    print(f"{'':>22} {'instructions':>13} {'L1 misses':>10} {'LL misses':>10} {'est. cycles':>12}")
    for label, counts in (("trivial, same POST", trivial), ("classify 2 KB, extra", extra)):
        print(
            f"{label:>22} {counts.instructions:13,.0f} {counts.l1_misses:10,.0f} "
            f"{counts.last_level_misses:10,.0f} {counts.cycles:12,.0f}"
        )
    print(
        f"classify's extra over a trivial request: {extra.instructions / trivial.instructions:.2f}x the instructions, "
        f"{extra.cycles / trivial.cycles:.2f}x the estimated cycles"
    )


if __name__ == "__main__":
    main()
