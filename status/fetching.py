"""One bounded HTTP GET for the status feeds: a single deadline covers the whole fetch (the name
lookup, connect, redirects, headers and body), since a per-read timeout never trips on a server that
trickles a byte a second."""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any
from urllib.parse import urlsplit

FEED_MAX_BYTES = 20 * 1024 * 1024  # Google's incidents JSON holds years of history: a few MB
USER_AGENT = "gemini-troubleshooter-status/1.0 (+status page reader)"


class FeedError(Exception):
    """Why a feed gave nothing usable; the message is what its FeedFetch row shows."""


def fetch(url: str, *, timeout_seconds: float) -> bytes:
    """The feed's bytes. Raises FeedError: not http(s), an HTTP error, no whole answer in time, too big.

    timeout_seconds bounds the whole fetch (name lookup, connect, redirects, headers, body), not each
    read: a server that trickles a byte a second never trips a per-read timeout."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FeedError("not an http or https URL")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    deadline = _Deadline(timeout_seconds)
    opener = urllib.request.build_opener(_DeadlineHandler(deadline))
    answered = False
    try:
        with opener.open(request, timeout=timeout_seconds) as response:
            answered = True
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(64 * 1024):
                size += len(chunk)
                if size > FEED_MAX_BYTES:
                    raise FeedError(f"larger than {FEED_MAX_BYTES // (1024 * 1024)} MB")
                chunks.append(chunk)
            # The watchdog ends a late body by shutting the socket, which reads as an early end.
            if deadline.passed:
                raise TimeoutError
            return b"".join(chunks)
    except urllib.error.HTTPError as error:
        raise FeedError(f"HTTP {error.code}") from None
    except (OSError, http.client.HTTPException) as error:
        timed_out = (
            deadline.passed
            or isinstance(error, TimeoutError)
            or isinstance(getattr(error, "reason", None), TimeoutError)
        )
        if timed_out and answered:
            raise FeedError(f"the answer did not finish within {timeout_seconds:g} s") from None
        if timed_out:
            raise FeedError(f"no answer within {timeout_seconds:g} s") from None
        if isinstance(error, http.client.HTTPException):
            raise FeedError(f"malformed HTTP answer ({type(error).__name__})") from None
        raise FeedError(f"could not connect ({type(error).__name__})") from None
    finally:
        deadline.cancel()


class _Deadline:
    """One fetch's time limit. Each socket it connects is shut down when the limit passes, which ends
    whatever read is blocked on it at once, headers and body alike."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self._watchdogs: list[threading.Timer] = []

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def connect(self, address: tuple[str, int], timeout: float, source_address: Any = None) -> socket.socket:
        """What http.client calls to connect: resolve within the deadline, then connect to an address."""
        host, port = address
        last_error: OSError = OSError(f"no address for {host}")
        for family, kind, proto, _, sockaddr in _resolve(host, port, timeout_seconds=self.remaining()):
            left = self.remaining()
            if not left:
                raise TimeoutError
            sock = socket.socket(family, kind, proto)
            sock.settimeout(min(timeout, left))
            try:
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
            except OSError as error:
                sock.close()
                last_error = error
                continue
            watchdog = threading.Timer(self.remaining(), _shut, args=(sock,))
            watchdog.daemon = True
            watchdog.start()
            self._watchdogs.append(watchdog)
            return sock
        raise last_error

    def cancel(self) -> None:
        for watchdog in self._watchdogs:
            watchdog.cancel()


def _resolve(host: str, port: int, *, timeout_seconds: float) -> list[Any]:
    """getaddrinfo has no timeout of its own: it runs in a daemon thread we stop waiting for."""
    answer: Future[list[Any]] = Future()

    def look_up() -> None:
        try:
            answer.set_result(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as error:
            answer.set_exception(error)

    threading.Thread(target=look_up, name="status-feed-dns", daemon=True).start()
    return answer.result(timeout=timeout_seconds)  # raises TimeoutError when the lookup is late


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: the fetch ended in time


class _DeadlineHandler(urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
    """Replaces urllib's http and https handlers (redirects and proxies still work): every connection
    it opens resolves and connects through the deadline. https keeps the default context, so
    certificates and host names are still checked."""

    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection(http.client.HTTPConnection), req)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection(http.client.HTTPSConnection), req)

    def _connection(self, kind: type[http.client.HTTPConnection]) -> Callable[..., http.client.HTTPConnection]:
        def connection(host: str, **kwargs: Any) -> http.client.HTTPConnection:
            made = kind(host, **kwargs)
            # http.client opens its socket through this attribute, which the type stubs leave out.
            made._create_connection = self.deadline.connect  # type: ignore[attr-defined]
            return made

        return connection
