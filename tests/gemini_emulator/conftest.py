"""Fixtures for the emulator's tests: SDK clients pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import google.generativeai as legacy_genai
import pytest
from google.generativeai import client as legacy_client

MODEL = "gemini-3.5-flash"


@pytest.fixture
def legacy(base_url: str) -> Iterator[Any]:
    """Configure the legacy SDK for one test, then put its process-wide configuration back."""
    manager = legacy_client._client_manager
    saved = (manager.client_config, manager.default_metadata, manager.clients)

    def configure(key: str) -> legacy_genai.GenerativeModel:
        legacy_genai.configure(api_key=key, transport="rest", client_options={"api_endpoint": base_url})
        return legacy_genai.GenerativeModel(MODEL)

    yield configure
    manager.client_config, manager.default_metadata, manager.clients = saved
