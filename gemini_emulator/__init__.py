"""A local stand-in for the Gemini API, for tests and demos: the API key picks the failure.

server, base_url = start_emulator()
...  # point google-genai or google-generativeai at base_url
server.close()
"""

from __future__ import annotations

from .scenarios import (
    HANG_KEY,
    HANG_SECONDS,
    SCENARIOS,
    TRICKLE_INTERVAL_SECONDS,
    TRICKLE_KEY,
    VALID_KEY,
    Endpoint,
    Scenario,
    scenario_for_key,
)
from .server import EmulatorServer, RecordedCall, load_models, main, serve_forever, start_emulator

__all__ = [
    "HANG_KEY",
    "HANG_SECONDS",
    "SCENARIOS",
    "TRICKLE_INTERVAL_SECONDS",
    "TRICKLE_KEY",
    "VALID_KEY",
    "EmulatorServer",
    "Endpoint",
    "RecordedCall",
    "Scenario",
    "load_models",
    "main",
    "scenario_for_key",
    "serve_forever",
    "start_emulator",
]
