"""A local HTTP server that answers like the Gemini API (Generative Language REST API) does.

It serves the part both Python SDKs use, on /v1/ and /v1beta/: models.list, models.get,
generateContent, streamGenerateContent and countTokens. The API key picks the scenario
(see scenarios.py), so a real SDK pointed at it raises what it raises against Google.

Run it by hand with `python -m gemini_emulator.server --port 8765`.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from .scenarios import (
    HANG_SECONDS,
    TRICKLE_INTERVAL_SECONDS,
    ApiError,
    Endpoint,
    RequestContext,
    count_tokens,
    generate_reply,
    invalid_argument,
    model_not_found,
    scenario_for_key,
    stream_reply,
    unknown_method,
)

MODELS_FILE = Path(__file__).with_name("models.json")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
MAX_BODY_BYTES = 1 << 20
RECORDED_CALLS = 1000

# Google answers a failed non-SSE streamGenerateContent with its error object inside a JSON array.
# Both SDKs carry code for exactly that: google-genai's APIError unwraps a one-item list, and the
# legacy SDK's `rewrite_stream_error` turns the AttributeError api_core hits on a list payload into
# BadRequest("Unknown error trying to retrieve streaming response. ..."), which users report.
WRAP_STREAM_ERRORS_IN_ARRAY = True

_ROUTE = re.compile(r"^/(?P<version>v1|v1beta)/models(?:/(?P<model>[^/:]+)(?::(?P<method>[A-Za-z]+))?)?/?$")
_POST_METHODS = {
    "generateContent": Endpoint.GENERATE,
    "streamGenerateContent": Endpoint.STREAM,
    "countTokens": Endpoint.COUNT_TOKENS,
}
_KEY_IN_QUERY = re.compile(r"((?:^|[?&])key=)[^&\s]*")
# POST {"key": "AQ.fake-overloaded"} here and every key answers as that scenario; {"key": null} undoes it.
# For demos of the status page: one request turns the whole "Gemini API" into an outage and back.
SCENARIO_OVERRIDE_PATH = "/_emulator/scenario"

# Wire numbers of the enums the emulator sends, for clients asking `enum-encoding=int` (the legacy
# SDK's REST transport). Values from google-ai-generativelanguage (REFERENCE §1e).
_ENUM_NUMBERS: dict[str, dict[str, int]] = {
    "finishReason": {
        "FINISH_REASON_UNSPECIFIED": 0,
        "STOP": 1,
        "MAX_TOKENS": 2,
        "SAFETY": 3,
        "RECITATION": 4,
        "OTHER": 5,
        "LANGUAGE": 6,
        "BLOCKLIST": 7,
        "PROHIBITED_CONTENT": 8,
        "SPII": 9,
        "MALFORMED_FUNCTION_CALL": 10,
    },
    "blockReason": {"BLOCK_REASON_UNSPECIFIED": 0, "SAFETY": 1, "OTHER": 2, "BLOCKLIST": 3, "PROHIBITED_CONTENT": 4},
    "category": {
        "HARM_CATEGORY_UNSPECIFIED": 0,
        "HARM_CATEGORY_HARASSMENT": 7,
        "HARM_CATEGORY_HATE_SPEECH": 8,
        "HARM_CATEGORY_SEXUALLY_EXPLICIT": 9,
        "HARM_CATEGORY_DANGEROUS_CONTENT": 10,
        "HARM_CATEGORY_CIVIC_INTEGRITY": 11,
    },
    "probability": {"HARM_PROBABILITY_UNSPECIFIED": 0, "NEGLIGIBLE": 1, "LOW": 2, "MEDIUM": 3, "HIGH": 4},
}


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
    ) -> None:
        super().__init__(address, _Handler)
        self.models: tuple[dict[str, Any], ...] = tuple(dict(m) for m in (models or load_models()))
        self.response_delay = response_delay
        self.verbose = verbose
        self.stopping = threading.Event()
        self.calls: collections.deque[RecordedCall] = collections.deque(maxlen=RECORDED_CALLS)
        self.scenario_override: str | None = None  # a scenario key every caller gets, whatever key it sends
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def model(self, model_id: str) -> dict[str, Any] | None:
        name = f"models/{model_id}"
        return next((m for m in self.models if m["name"] == name), None)

    def start_in_thread(self) -> None:
        # A short poll interval makes close() return quickly; tests start and stop servers often.
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, name="gemini-emulator", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        """Stop serving: wake every sleeping handler, stop the loop, release the port."""
        self.stopping.set()
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.server_close()

    def __enter__(self) -> EmulatorServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class _Handler(BaseHTTPRequestHandler):
    server: EmulatorServer
    # HTTP/1.0: every response ends by closing the connection, which is how a stream ends too.
    protocol_version = "HTTP/1.0"
    server_version = "ESF"
    sys_version = ""
    _int_enums = False  # the client asked for `enum-encoding=int` (the legacy SDK's REST transport)
    _sse = False
    _trickle = False  # the scenario sends every response a byte at a time

    def do_GET(self) -> None:  # noqa: N802 - name fixed by BaseHTTPRequestHandler
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if self.server.verbose:
            line = _KEY_IN_QUERY.sub(r"\1[REDACTED]", format % args)
            sys.stderr.write(f"{self.address_string()} - {line}\n")

    # ---- request handling --------------------------------------------------------------------------

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query, keep_blank_values=True)
        body = self._read_body() if method == "POST" else b""
        if url.path == SCENARIO_OVERRIDE_PATH:
            self._override_scenario(method, body)
            return
        api_key = self.headers.get("x-goog-api-key") or _first(query, "key") or ""
        alt = _first(query, "alt") or _first(query, "$alt") or ""
        self._int_enums = "enum-encoding=int" in alt
        self._sse = alt == "sse"

        route = _ROUTE.match(unquote(url.path))
        endpoint = _endpoint(method, route)
        self.server.calls.append(RecordedCall(method, url.path, endpoint.value if endpoint else "", api_key))
        scenario = scenario_for_key(self.server.scenario_override or api_key)
        self._trickle = scenario.trickle

        if not self._wait(self.server.response_delay) or (scenario.hang and not self._wait(HANG_SECONDS)):
            return  # shutting down: drop the connection unanswered, as a dying server would
        if route is None or endpoint is None:
            self._send_error(unknown_method(), stream=False)
            return

        api_version = route["version"]
        model_id = (route["model"] or "").removeprefix("models/") or None
        context = RequestContext(api_version=api_version, endpoint=endpoint, api_key=api_key, model_id=model_id)
        streaming = endpoint is Endpoint.STREAM

        # Google checks who is calling before what is asked for; a rejected key never learns about models.
        failure = scenario.error_for(context)
        if failure is not None and scenario.rejects_caller:
            self._send_error(failure, stream=streaming)
            return
        if endpoint is Endpoint.LIST_MODELS:
            self._list_models(query)
            return

        model = self.server.model(model_id or "")
        generates = endpoint in (Endpoint.GENERATE, Endpoint.STREAM)
        if model is None or (generates and "generateContent" not in model.get("supportedGenerationMethods", ())):
            self._send_error(model_not_found(model_id or "", api_version), stream=streaming)
            return
        if endpoint is Endpoint.GET_MODEL:
            self._send_json(HTTPStatus.OK, model)
            return

        request = _parse_json(body)
        if request is None:
            self._send_error(invalid_argument("Invalid JSON payload received."), stream=streaming)
            return
        if failure is not None:
            self._send_error(failure, stream=streaming)
            return

        if endpoint is Endpoint.COUNT_TOKENS:
            contents = request.get("contents") or request.get("generateContentRequest", {}).get("contents") or []
            self._send_json(HTTPStatus.OK, {"totalTokens": count_tokens(_prompt_text(contents))})
            return
        if not request.get("contents"):
            self._send_error(
                invalid_argument("* GenerateContentRequest.contents: contents is not specified\n"), stream=streaming
            )
            return
        prompt_tokens = count_tokens(_prompt_text(request["contents"]))
        max_output_tokens = _max_output_tokens(request)
        if streaming:
            chunks = stream_reply(
                scenario, model_id=model_id or "", prompt_tokens=prompt_tokens, max_output_tokens=max_output_tokens
            )
            self._send_stream(chunks)
        else:
            reply = generate_reply(
                scenario, model_id=model_id or "", prompt_tokens=prompt_tokens, max_output_tokens=max_output_tokens
            )
            self._send_json(HTTPStatus.OK, reply)

    def _override_scenario(self, method: str, body: bytes) -> None:
        request = _parse_json(body) if method == "POST" else {}
        key = request.get("key") if request is not None else None
        if method == "POST" and (request is None or not (key is None or isinstance(key, str))):
            self._send_error(invalid_argument('Send {"key": "AQ.fake-..."} or {"key": null}.'), stream=False)
            return
        if method == "POST":
            self.server.scenario_override = key or None
        self._send_json(HTTPStatus.OK, {"key": self.server.scenario_override})

    def _list_models(self, query: Mapping[str, list[str]]) -> None:
        try:
            page_size = int(_first(query, "pageSize") or DEFAULT_PAGE_SIZE)
            offset = int((_first(query, "pageToken") or "page-0").removeprefix("page-"))
        except ValueError:
            self._send_error(invalid_argument("Invalid pageSize or pageToken."), stream=False)
            return
        page_size = DEFAULT_PAGE_SIZE if page_size <= 0 else min(page_size, MAX_PAGE_SIZE)
        models = self.server.models
        if not 0 <= offset <= len(models):
            self._send_error(invalid_argument("Invalid pageToken."), stream=False)
            return
        body: dict[str, Any] = {"models": list(models[offset : offset + page_size])}
        if offset + page_size < len(models):
            body["nextPageToken"] = f"page-{offset + page_size}"
        self._send_json(HTTPStatus.OK, body)

    # ---- responses ---------------------------------------------------------------------------------

    def _wait(self, seconds: float) -> bool:
        """Sleep unless the server is stopping; False means stop now."""
        if seconds > 0:
            self.server.stopping.wait(seconds)
        return not self.server.stopping.is_set()

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(min(length, MAX_BODY_BYTES)) if length > 0 else b""

    def _encode(self, payload: Any, *, indent: int | None = 2) -> bytes:
        if self._int_enums:
            payload = _enums_as_numbers(payload)
        return json.dumps(payload, indent=indent, ensure_ascii=False).encode("utf-8")

    def _send_json(self, status: int, payload: Any) -> None:
        data = self._encode(payload) + b"\n"
        self._safely_write(status, "application/json; charset=UTF-8", [data])

    def _send_error(self, error: ApiError, *, stream: bool) -> None:
        payload: Any = error.body()
        if stream and not self._sse and WRAP_STREAM_ERRORS_IN_ARRAY:
            payload = [payload]
        self._send_json(error.http_code, payload)

    def _send_stream(self, chunks: list[dict[str, Any] | ApiError]) -> None:
        bodies = [chunk.body() if isinstance(chunk, ApiError) else chunk for chunk in chunks]
        if self._sse:
            parts = [b"data: " + self._encode(body, indent=None) + b"\n\n" for body in bodies]
            self._safely_write(HTTPStatus.OK, "text/event-stream", parts)
            return
        parts = [b"[" + self._encode(bodies[0])]
        parts += [b",\r\n" + self._encode(body) for body in bodies[1:]]
        parts[-1] += b"]"
        self._safely_write(HTTPStatus.OK, "application/json; charset=UTF-8", parts)

    def _safely_write(self, status: int, content_type: str, parts: list[bytes]) -> None:
        """Send the response part by part, flushing each so streams arrive as chunks."""
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if len(parts) == 1:
                self.send_header("Content-Length", str(len(parts[0])))
            self.send_header("Vary", "Origin, X-Origin, Referer")
            self.end_headers()
            for part in parts:
                if self._trickle:
                    self._write_slowly(part)
                    continue
                self.wfile.write(part)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout under test): nothing left to tell it

    def _write_slowly(self, part: bytes) -> None:
        for offset in range(len(part)):
            if not self._wait(TRICKLE_INTERVAL_SECONDS):
                return
            self.wfile.write(part[offset : offset + 1])
            self.wfile.flush()


def _first(query: Mapping[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def _endpoint(method: str, route: re.Match[str] | None) -> Endpoint | None:
    if route is None:
        return None
    if method == "GET" and route["method"] is None:
        return Endpoint.GET_MODEL if route["model"] else Endpoint.LIST_MODELS
    if method == "POST" and route["model"] and route["method"]:
        return _POST_METHODS.get(route["method"])
    return None


def _parse_json(body: bytes) -> dict[str, Any] | None:
    try:
        parsed = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return parsed if isinstance(parsed, dict) else None


def _prompt_text(contents: Any) -> str:
    if not isinstance(contents, list):
        return ""
    texts = [
        part.get("text", "")
        for content in contents
        if isinstance(content, dict)
        for part in content.get("parts", [])
        if isinstance(part, dict)
    ]
    return " ".join(t for t in texts if isinstance(t, str))


def _max_output_tokens(request: Mapping[str, Any]) -> int | None:
    value = (request.get("generationConfig") or {}).get("maxOutputTokens")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _enums_as_numbers(value: Any) -> Any:
    if isinstance(value, list):
        return [_enums_as_numbers(item) for item in value]
    if not isinstance(value, dict):
        return value
    converted = {}
    for name, item in value.items():
        numbers = _ENUM_NUMBERS.get(name)
        if numbers is not None and isinstance(item, str) and item in numbers:
            converted[name] = numbers[item]
        else:
            converted[name] = _enums_as_numbers(item)
    return converted


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
    server.start_in_thread()
    return server, server.base_url


def serve_forever(
    host: str = "127.0.0.1", port: int = 8765, *, response_delay: float = 0.0, verbose: bool = True
) -> None:
    """Serve in the foreground until interrupted (Ctrl-C)."""
    server = EmulatorServer((host, port), response_delay=response_delay, verbose=verbose)
    print(f"Gemini API emulator on {server.base_url} (keys: see gemini_emulator/scenarios.py)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stopping.set()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Local Gemini API emulator.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--response-delay", type=float, default=0.0, help="seconds to wait before every answer")
    parser.add_argument("--quiet", action="store_true")
    options = parser.parse_args(argv)
    serve_forever(options.host, options.port, response_delay=options.response_delay, verbose=not options.quiet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
