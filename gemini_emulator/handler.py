"""One HTTP request to the emulator: route it, let the key's scenario decide, answer as Google would."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from .endpoints import Endpoint, RequestContext
from .errors import ApiError, invalid_argument, model_not_found, unknown_method
from .replies import Asked, count_tokens, generate_reply, stream_reply
from .request_body import max_output_tokens, parse_json, prompt_text, shape_error
from .scenarios import HANG_SECONDS, SCENARIOS, TRICKLE_INTERVAL_SECONDS, Scenario, scenario_for_key
from .wire import encode

# POST {"key": "AQ.fake-overloaded"} here and every key answers as that scenario; {"key": null} undoes it.
# For demos of the status page: one request turns the whole "Gemini API" into an outage and back.
SCENARIO_OVERRIDE_PATH = "/_emulator/scenario"

if TYPE_CHECKING:
    from .server import EmulatorServer

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
MAX_BODY_BYTES = 1 << 20

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


class Handler(BaseHTTPRequestHandler):
    server: EmulatorServer
    # HTTP/1.0: every response ends by closing the connection, which is how a stream ends too.
    protocol_version = "HTTP/1.0"
    server_version = "ESF"
    sys_version = ""
    _int_enums = False  # the client asked for `enum-encoding=int` (the legacy SDK's REST transport)
    _sse = False
    _trickle = False  # the scenario sends every response a byte at a time

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.socket_timeout)

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
        try:
            body = self._read_body() if method == "POST" else b""
        except TimeoutError:
            self.log_error("dropped a client that sent its body too slowly")
            return
        if body is None:
            self._send_error(invalid_argument("Invalid Content-Length header."), stream=False)
            return
        if url.path == SCENARIO_OVERRIDE_PATH:
            self._override_scenario(method, body)
            return
        api_key = self.headers.get("x-goog-api-key") or _first(query, "key") or ""
        alt = _first(query, "alt") or _first(query, "$alt") or ""
        self._int_enums = "enum-encoding=int" in alt
        self._sse = alt == "sse"

        route = _ROUTE.match(unquote(url.path))
        endpoint = _endpoint(method, route)
        self.server.record(method, url.path, endpoint.value if endpoint else "", api_key)
        scenario = scenario_for_key(self.server.scenario_override or api_key)
        self._trickle = scenario.trickle

        if not self._wait(self.server.response_delay) or (scenario.hang and not self._wait(HANG_SECONDS)):
            return  # shutting down: drop the connection unanswered, as a dying server would
        if route is None or endpoint is None:
            self._send_error(unknown_method(), stream=False)
            return
        model_id = (route["model"] or "").removeprefix("models/") or None
        context = RequestContext(api_version=route["version"], endpoint=endpoint, api_key=api_key, model_id=model_id)
        self._answer(context, scenario, query, body)

    def _answer(self, context: RequestContext, scenario: Scenario, query: Mapping[str, list[str]], body: bytes) -> None:
        endpoint = context.endpoint
        streaming = endpoint is Endpoint.STREAM
        # Google checks who is calling before what is asked for; a rejected key never learns about models.
        failure = scenario.error_for(context)
        if failure is not None and scenario.rejects_caller:
            self._send_error(failure, stream=streaming)
            return
        if endpoint is Endpoint.LIST_MODELS:
            self._list_models(query)
            return
        model = self.server.model(context.model_id or "")
        generates = endpoint in (Endpoint.GENERATE, Endpoint.STREAM)
        if model is None or (generates and "generateContent" not in model.get("supportedGenerationMethods", ())):
            self._send_error(model_not_found(context.model_id or "", context.api_version), stream=streaming)
            return
        if endpoint is Endpoint.GET_MODEL:
            self._send_json(HTTPStatus.OK, model)
            return
        request = parse_json(body)
        wrong_shape = shape_error(request, context.api_version) if request is not None else None
        if request is None:
            self._send_error(invalid_argument("Invalid JSON payload received."), stream=streaming)
        elif wrong_shape is not None:
            self._send_error(invalid_argument(wrong_shape), stream=streaming)
        elif failure is not None:
            self._send_error(failure, stream=streaming)
        elif endpoint is Endpoint.COUNT_TOKENS:
            self._send_json(HTTPStatus.OK, {"totalTokens": count_tokens(prompt_text(request))})
        else:
            self._generate(context, scenario, request)

    def _generate(self, context: RequestContext, scenario: Scenario, request: dict[str, Any]) -> None:
        streaming = context.endpoint is Endpoint.STREAM
        if not request.get("contents"):
            message = "* GenerateContentRequest.contents: contents is not specified\n"
            self._send_error(invalid_argument(message), stream=streaming)
            return
        asked = Asked(
            model_id=context.model_id or "",
            prompt_tokens=count_tokens(prompt_text(request)),
            max_output_tokens=max_output_tokens(request),
        )
        if streaming:
            self._send_stream(stream_reply(scenario, asked))
        else:
            self._send_json(HTTPStatus.OK, generate_reply(scenario, asked))

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

    def _read_body(self) -> bytes | None:
        """The body, or None when its Content-Length is no number. Raises TimeoutError for a
        client slower than the socket's timeout."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return None
        return self.rfile.read(min(length, MAX_BODY_BYTES)) if length > 0 else b""

    def _override_scenario(self, method: str, body: bytes) -> None:
        request = parse_json(body) if method == "POST" else {}
        key = request.get("key") if request is not None else None
        if method == "POST" and (request is None or not (key is None or isinstance(key, str))):
            self._send_error(invalid_argument('Send {"key": "AQ.fake-..."} or {"key": null}.'), stream=False)
            return
        # A typo would otherwise switch every caller to "key not valid" without a word. The key
        # sent is not echoed: it may be a real one pasted by mistake.
        if method == "POST" and key and key not in SCENARIOS:
            known = ", ".join(SCENARIOS)
            self._send_error(invalid_argument(f"Unknown scenario key: send one of {known}, or null."), stream=False)
            return
        if method == "POST":
            self.server.scenario_override = key or None
        self._send_json(HTTPStatus.OK, {"key": self.server.scenario_override})

    def _send_json(self, status: int, payload: Any) -> None:
        data = encode(payload, int_enums=self._int_enums) + b"\n"
        self._safely_write(status, "application/json; charset=UTF-8", [data])

    def _send_error(self, error: ApiError, *, stream: bool) -> None:
        payload: Any = error.body()
        if stream and not self._sse and WRAP_STREAM_ERRORS_IN_ARRAY:
            payload = [payload]
        self._send_json(error.http_code, payload)

    def _send_stream(self, chunks: list[dict[str, Any] | ApiError]) -> None:
        bodies = [chunk.body() if isinstance(chunk, ApiError) else chunk for chunk in chunks]
        if self._sse:
            parts = [b"data: " + encode(body, int_enums=self._int_enums, indent=None) + b"\n\n" for body in bodies]
            self._safely_write(HTTPStatus.OK, "text/event-stream", parts)
            return
        parts = [b"[" + encode(bodies[0], int_enums=self._int_enums)]
        parts += [b",\r\n" + encode(body, int_enums=self._int_enums) for body in bodies[1:]]
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
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the client gave up (a timeout under test) or stopped reading: nothing left to tell it

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
