"""A local HTTP server that answers like the Gemini API (Generative Language REST API) does.

It serves the part both Python SDKs use, on /v1/ and /v1beta/: models.list, models.get,
generateContent, streamGenerateContent and countTokens. The API key picks the scenario
(see scenarios.py), so a real SDK pointed at it raises what it raises against Google.

`start_emulator` is the one way to start it: tests, the `fake_gemini` command and
`python -m gemini_emulator --port 8765` all call it.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .handler import Handler

MODELS_FILE = Path(__file__).with_name("models.json")
RECORDED_CALLS = 1000
# A client that sends or reads nothing for this long is dropped: a slow one cannot hold a thread.
SOCKET_TIMEOUT_SECONDS = 10.0


def load_models(path: Path = MODELS_FILE) -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(path.read_text(encoding="utf-8"))["models"])


@dataclass(frozen=True)
class RecordedCall:
    """One request as the emulator saw it; tests use these to check which key each call carried."""

    method: str
    path: str
    endpoint: str
    api_key: str


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    # Handler threads may be sleeping in a hang; closing must not wait for them.
    block_on_close = False
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        *,
        models: Iterable[Mapping[str, Any]] | None = None,
        response_delay: float = 0.0,
        verbose: bool = False,
        socket_timeout: float = SOCKET_TIMEOUT_SECONDS,
    ) -> None:
        super().__init__(address, Handler)
        self.socket_timeout = socket_timeout
        self.models: tuple[dict[str, Any], ...] = tuple(dict(m) for m in (models or load_models()))
        self.response_delay = response_delay
        self.verbose = verbose
        self.scenario_override: str | None = None  # a scenario key every caller gets, whatever key it sends
        self.stopping = threading.Event()
        self.calls: collections.deque[RecordedCall] = collections.deque(maxlen=RECORDED_CALLS)
        # A short poll interval makes close() return quickly; tests start and stop servers often.
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, name="gemini-emulator", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}"

    def model(self, model_id: str) -> dict[str, Any] | None:
        name = f"models/{model_id}"
        return next((m for m in self.models if m["name"] == name), None)

    def record(self, method: str, path: str, endpoint: str, api_key: str) -> None:
        self.calls.append(RecordedCall(method, path, endpoint, api_key))

    def start(self) -> None:
        """Serve in a background thread until `close()`."""
        self._thread.start()

    def wait_until_interrupted(self) -> None:
        """Serve in the foreground until Ctrl-C, then close."""
        try:
            self._thread.join()
        except KeyboardInterrupt:
            pass
        finally:
            self.close()

    def close(self) -> None:
        """Stop serving: wake every sleeping handler, stop the loop, release the port."""
        self.stopping.set()
        if self._thread.is_alive():
            self.shutdown()
            self._thread.join(timeout=5)
        self.server_close()

    def __enter__(self) -> EmulatorServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def start_emulator(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    response_delay: float = 0.0,
    models: Iterable[Mapping[str, Any]] | None = None,
    verbose: bool = False,
) -> tuple[EmulatorServer, str]:
    """Serve in a background thread; port 0 picks a free port. Call `server.close()` to stop."""
    server = EmulatorServer((host, port), models=models, response_delay=response_delay, verbose=verbose)
    server.start()
    return server, server.base_url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Local Gemini API emulator.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--response-delay", type=float, default=0.0, help="seconds to wait before every answer")
    parser.add_argument("--quiet", action="store_true")
    options = parser.parse_args(argv)
    server, base_url = start_emulator(
        options.host, options.port, response_delay=options.response_delay, verbose=not options.quiet
    )
    try:
        print(f"Gemini API emulator on {base_url} (keys: see gemini_emulator/scenarios.py)", file=sys.stderr)
        server.wait_until_interrupted()
    except KeyboardInterrupt:  # a Ctrl-C that came after the line above but before the wait began
        server.close()
    return 0
