"""Rate limits count in the store every worker shares, in every configuration: two processes
draw on one budget."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache

from tests.conftest import ROOT, process_environment
from troubleshooter.models import SharedCacheEntry
from web.ratelimit import SHARED_CACHE_ALIAS, allow, budget_key, login_client_ip, shared_cache

MINUTE = 1_800_000_000 // 60 * 60


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.7"}, "203.0.113.7"),
        ({"REMOTE_ADDR": "2001:db8::1"}, "2001:db8::1"),
        ({}, None),
        ({"REMOTE_ADDR": "not-an-address"}, None),
    ],
)
def test_the_login_lockout_gets_an_address_or_none(rf, meta, expected):
    request = rf.get("/admin/login/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)
    assert login_client_ip(request) == expected


def test_a_budget_is_spent_once_then_refused(db):
    uses = [allow(scope="probe", client="192.0.2.1", limit=3, now=MINUTE) for _ in range(5)]
    assert uses == [True, True, True, False, False]


def test_a_lagging_hint_costs_retries_never_an_extra_use(db):
    for _ in range(3):
        allow(scope="probe", client="192.0.2.2", limit=3, now=MINUTE)
    # Another worker's hint written late: back to the first slot.
    key = budget_key(scope="probe", client="192.0.2.2", now=MINUTE) + ":next"
    assert shared_cache().get(key) == 3
    shared_cache().set(key, 0, 60)
    assert allow(scope="probe", client="192.0.2.2", limit=3, now=MINUTE) is False


def test_the_counts_are_kept_where_every_worker_reads_them(db):
    assert isinstance(shared_cache(), DatabaseCache | RedisCache)
    assert allow(scope="probe", client="192.0.2.3", limit=1, now=MINUTE) is True
    key = budget_key(scope="probe", client="192.0.2.3", now=MINUTE)
    assert shared_cache().get(f"{key}:0") == 1


@pytest.mark.parametrize(
    ("redis_url", "backend", "location"),
    [
        ("", "django.core.cache.backends.db.DatabaseCache", SharedCacheEntry._meta.db_table),
        ("redis://127.0.0.1:6379/15", "django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/15"),
    ],
    ids=["embedded: the table migrate creates", "at scale: Redis"],
)
def test_the_shared_cache_is_never_one_processs_memory(redis_url, backend, location):
    program = f"from django.conf import settings; shared = settings.CACHES[{SHARED_CACHE_ALIAS!r}]; "
    program += "print(shared['BACKEND'], shared['LOCATION'])"
    completed = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env=process_environment(REDIS_URL=redis_url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == [backend, location]


# Each process waits for "go" on its standard input, so that both spend the budget at once.
SPENDER = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from web.ratelimit import allow
    scope, tries = sys.argv[1], int(sys.argv[2])
    print("ready", flush=True)
    sys.stdin.readline()
    print(sum(allow(scope=scope, client="198.51.100.7", limit=10, now=1_800_000_000) for _ in range(tries)))
    """
)


def spend_together(environment: dict[str, str], scope: str, *, processes: int, tries: int) -> list[int]:
    spenders = [
        subprocess.Popen(
            [sys.executable, "-c", SPENDER, scope, str(tries)],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    try:
        for spender in spenders:
            assert spender.stdout is not None and spender.stdout.readline().strip() == "ready"
        for spender in spenders:
            assert spender.stdin is not None
            spender.stdin.write("go\n")
            spender.stdin.flush()
        return [int(spender.communicate(timeout=120)[0]) for spender in spenders]
    finally:
        for spender in spenders:
            spender.kill()


STORES = ["database"] + (["redis"] if os.environ.get("REDIS_URL") else [])


@pytest.mark.slow
@pytest.mark.parametrize("store", STORES)
def test_two_processes_share_one_budget(store, migrated_database_url):
    # With REDIS_URL the suite's own Redis; without it the database, as the embedded default runs.
    redis_url = os.environ["REDIS_URL"] if store == "redis" else ""
    environment = process_environment(DATABASE_URL=migrated_database_url, REDIS_URL=redis_url)
    scope = f"two-processes-{os.getpid()}-{store}"
    allowed = spend_together(environment, scope, processes=2, tries=10)
    assert sum(allowed) == 10, f"each process alone would allow 10: {allowed}"
