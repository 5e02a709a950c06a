from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from gemini_emulator import EmulatorServer, start_emulator

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "errors_kb" / "content"
# What tests/settings.py adds for the test run, which production does not have.
TEST_RUN_VARIABLES = frozenset(
    {"SECRET_KEY", "DJANGO_DEBUG", "DJANGO_PLAIN_STATIC", "SECURE_SSL_REDIRECT", "SECURE_COOKIES"}
)


def process_environment(**overrides: str) -> dict[str, str]:
    """The environment of a process started from a test as production starts: the machine's, less
    what the test run added, on the production settings, with `overrides` on top."""
    environment = {name: value for name, value in os.environ.items() if name not in TEST_RUN_VARIABLES}
    return environment | {"DJANGO_SETTINGS_MODULE": "troubleshooter.settings"} | overrides


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real content files into the test database once; each test's changes roll back."""
    from errors_kb.kb_sync import sync_content

    with django_db_blocker.unblock():
        sync_content(CONTENT_DIR)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no KB version, cached page or rate-limit count left
    over from another test (a test's own KB edits roll back without telling the cache)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def no_pending_counts() -> Iterator[None]:
    """Paste counts of other tests never flush into this one's database, nor this one's into theirs
    (a request's end writes what piled up, so a test without a database would fail on them)."""
    from status import counts

    counts.discard_pending()
    yield
    counts.discard_pending()


@pytest.fixture
def api_client(db) -> Client:
    """A test client that answers a server error as the site does, instead of raising it."""
    return Client(raise_request_exception=False)


@pytest.fixture
def synced_kb(db):
    """The knowledge base as `kb_sync` loads it (once per session, see django_db_setup)."""


@pytest.fixture(scope="session")
def emulator() -> Iterator[EmulatorServer]:
    """The local Gemini API emulator: a real HTTP server on loopback, for the whole test run."""
    server, _ = start_emulator()
    yield server
    server.close()


@pytest.fixture(scope="session")
def base_url(emulator: EmulatorServer) -> str:
    return emulator.base_url


@pytest.fixture
def site_uses_emulator(settings, emulator: EmulatorServer, synced_kb) -> EmulatorServer:
    """The site's key check pointed at the emulator, with a rate limit no test reaches by accident."""
    settings.GEMINI_API_BASE_URL = emulator.base_url
    settings.KEY_CHECK_TIMEOUT_SECONDS = 5
    settings.KEY_CHECK_RATE_LIMIT_PER_MINUTE = 10_000
    return emulator
