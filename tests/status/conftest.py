from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gemini_emulator import EmulatorServer

# A fixed clock, far from the real one: counts flushed by other tests (at the real minute) never
# fall into a window a test here looks at.
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
PROBED = "gemini-3.5-flash"


@pytest.fixture
def noon() -> datetime:
    return NOON


@pytest.fixture(autouse=True)
def status_settings(settings) -> None:
    """Probe one model, no feeds unless a test serves some, and nothing reaches beyond loopback."""
    settings.PROBE_MODELS = [PROBED]
    settings.PROBE_API_KEY = ""
    settings.PROBE_INTERVAL_MINUTES = 1
    settings.PROBE_TIMEOUT_SECONDS = 1
    settings.STATUS_FEED_URLS = []
    settings.STATUS_FEED_TIMEOUT_SECONDS = 1


@pytest.fixture
def probes_emulator(settings, emulator: EmulatorServer, synced_kb) -> EmulatorServer:
    settings.GEMINI_API_BASE_URL = emulator.base_url
    return emulator
