"""What the kernel says about the TCP connections to a local port (Linux's /proc/net/tcp)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

PROC_NET_TCP = Path("/proc/net/tcp")
# The states of /proc/net/tcp's "st" column that matter here.
STATES = {"01": "ESTABLISHED", "06": "TIME_WAIT", "08": "CLOSE_WAIT", "0A": "LISTEN"}


def connection_states(port: int) -> list[str]:
    """The state of every socket on `port`, either end, as the kernel lists them; the listener excluded."""
    if not PROC_NET_TCP.exists():
        pytest.skip("needs Linux's /proc/net/tcp to see the sockets")
    states = []
    for line in PROC_NET_TCP.read_text().splitlines()[1:]:
        fields = line.split()
        local_port, remote_port = (int(address.rsplit(":", 1)[1], 16) for address in fields[1:3])
        if port in (local_port, remote_port) and fields[3] != "0A":
            states.append(STATES.get(fields[3], fields[3]))
    return states


def eventually(condition: Callable[[], bool], *, within: float) -> bool:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def all_closed(port: int) -> bool:
    """Nothing open on `port` but the listener: TIME_WAIT is a connection both ends have closed."""
    return all(state == "TIME_WAIT" for state in connection_states(port))
