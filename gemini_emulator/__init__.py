"""A local stand-in for the Gemini API, for tests and demos: the API key picks the failure.

server, base_url = start_emulator()
...  # point google-genai or google-generativeai at base_url
server.close()

Standard library only: it imports nothing of the project, so it runs wherever Python does.
"""

from __future__ import annotations

from .endpoints import Endpoint
from .replies import REPLY_TEXT
from .scenarios import (
    HANG_KEY,
    HANG_SECONDS,
    SCENARIOS,
    TRICKLE_INTERVAL_SECONDS,
    TRICKLE_KEY,
    VALID_KEY,
    Scenario,
    scenario_for_key,
)
from .server import EmulatorServer, RecordedCall, load_models, start_emulator

__all__ = [
    "HANG_KEY",
    "HANG_SECONDS",
    "REPLY_TEXT",
    "SCENARIOS",
    "TRICKLE_INTERVAL_SECONDS",
    "TRICKLE_KEY",
    "VALID_KEY",
    "EmulatorServer",
    "Endpoint",
    "RecordedCall",
    "Scenario",
    "load_models",
    "scenario_for_key",
    "start_emulator",
]
