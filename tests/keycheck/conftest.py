"""Fixtures for the key check's tests: servers that misbehave on purpose."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from keycheck import preload_sdks


@pytest.fixture(scope="session", autouse=True)
def sdks_imported() -> None:
    """As a server does when it starts (troubleshooter/wsgi.py): the timing tests time checks, not imports."""
    preload_sdks()


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A port that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
