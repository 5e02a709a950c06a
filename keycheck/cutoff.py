"""Stopping a check's calls from another thread, by cutting the connections they read from.

A call blocked on a read ends only when its socket does: closing the SDK's client drops the idle
connections, not the one a thread is reading. So a session registers, for every connection it opens
(or every response it reads), how to shut it down; `cut` shuts them all, the blocked read fails at
once, the SDK raises and the check's thread ends. What is registered after the cut is shut at once,
so a retry cannot open a connection that outlives the check.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable

Shutter = Callable[[], object]


class Cutoff:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._shutters: list[Shutter] = []
        self._cut = False

    def register(self, shut: Shutter) -> None:
        with self._lock:
            if not self._cut:
                self._shutters.append(shut)
                return
        _quietly(shut)

    def cut(self) -> None:
        with self._lock:
            self._cut = True
            shutters, self._shutters = self._shutters, []
        for shut in shutters:
            _quietly(shut)


def socket_shutter(sock: socket.socket) -> Shutter:
    """Shut `sock` both ways: the reader wakes with an end of file, the server gets a FIN.

    socket.socket's own shutdown even for TLS: ssl.SSLSocket's also drops the TLS state under the
    thread that is reading it. Shut down, not closed: a closed descriptor number can be reused by
    another thread's new socket while the reader still holds it.
    """
    return lambda: socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _quietly(shut: Shutter) -> None:
    try:
        shut()
    except (OSError, ValueError, RuntimeError):  # already closed, or already handed back to its pool
        pass
