"""One JSON reader for both endpoints: depth, size and number limits answer a clear 400 in JSON,
never a 500; chunked bodies are read up to the limit; /api/key-check reads application/json only."""

from __future__ import annotations

import json

import pytest

from web.bodies import (
    MAX_JSON_DEPTH,
    MAX_NUMBER_LENGTH,
    BadRequestBody,
    json_nests_deeper_than,
    parse_json_object,
    read_json_or_text,
)


def nested(depth: int) -> str:
    """Arrays `depth` deep, closed."""
    return "[" * depth + "]" * depth


# (what, the JSON text, how deep it nests)
DEPTHS = [
    ("an empty object", "{}", 1),
    ("a flat object", '{"text": "x", "n": 1, "ok": true}', 1),
    ("brackets inside a string", '{"text": "[[[[{{{{ ]]"}', 1),
    ("an escaped quote before brackets", r'{"text": "\"[[[[[[", "a": []}', 2),
    ("an escaped backslash before the closing quote", r'{"text": "C:\\", "a": [[]]}', 3),
    ("siblings side by side", "[[], [], {}, [[]]]", 3),
    ("64 levels", nested(64), 64),
    ("65 levels", nested(65), 65),
    ("objects in arrays", '[{"a": [{"b": [1]}]}]', 5),
    ("non-ASCII text around brackets", '{"é": ["ü", {"ß": "[["}]}', 3),
]


@pytest.mark.parametrize(("what", "text", "depth"), DEPTHS, ids=[row[0] for row in DEPTHS])
def test_the_depth_scan_counts_what_the_parser_would_nest(what, text, depth):
    json.loads(text)  # every row is valid JSON
    raw = text.encode()
    assert json_nests_deeper_than(raw, depth) is False
    assert json_nests_deeper_than(raw, depth - 1) is True


@pytest.mark.parametrize(
    ("text", "too_deep"),
    [
        ("[" * 2000, True),
        ("[" * 70 + "1" + "]" * 3, True),
        ('{"a":' * 5000, True),
        ("]" * 100 + "[" * 10, False),
        ('[1, "unterminated [[[[' + "[" * 100, False),  # the parser stops at the string: no nesting in it
    ],
)
def test_the_depth_scan_answers_on_broken_json_too(text, too_deep):
    assert json_nests_deeper_than(text.encode(), MAX_JSON_DEPTH) is too_deep


def classify_body(extra: str) -> str:
    return '{"text": "429 RESOURCE_EXHAUSTED", "extra": ' + extra + "}"


def key_check_body(extra: str) -> str:
    return '{"api_key": "AQ.fake-valid", "extra": ' + extra + "}"


# (what, body, words in the error): each was a 500 with an HTML page before.
HOSTILE = [
    ("array nesting 2,000 deep", lambda wrap: "[" * 2000, "nests deeper"),
    ("object nesting 5,000 deep", lambda wrap: '{"a":' * 5000, "nests deeper"),
    ("closed nesting 2,000 deep", lambda wrap: nested(2000), "nests deeper"),
    ("nesting beside a valid field", lambda wrap: wrap(nested(500)), "nests deeper"),
    ("one level over the limit", lambda wrap: wrap(nested(MAX_JSON_DEPTH)), "nests deeper"),
    ("an integer of 5,000 digits", lambda wrap: wrap("9" * 5000), "number"),
    ("a float of 5,000 digits", lambda wrap: wrap("0." + "1" * 5000), "number"),
    ("a huge exponent", lambda wrap: wrap("1e" + "9" * 200), "number"),
]
ENDPOINTS = [("/api/classify", classify_body), ("/api/key-check", key_check_body)]


@pytest.mark.parametrize(("path", "wrap"), ENDPOINTS, ids=[row[0] for row in ENDPOINTS])
@pytest.mark.parametrize(("what", "body", "words"), HOSTILE, ids=[row[0] for row in HOSTILE])
def test_hostile_json_gets_a_clear_400_in_json_from_both_endpoints(api_client, path, wrap, what, body, words):
    response = api_client.post(path, data=body(wrap), content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert words in response.json()["error"]


def test_json_as_deep_as_the_limit_is_read(client, synced_kb):
    # The body's own object is the first level.
    body = classify_body(nested(MAX_JSON_DEPTH - 1))
    response = client.post("/api/classify", data=body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["matches"]


def test_numbers_up_to_the_limit_are_read(client, synced_kb):
    body = classify_body("[" + "9" * MAX_NUMBER_LENGTH + ", 0." + "1" * (MAX_NUMBER_LENGTH - 2) + "]")
    assert client.post("/api/classify", data=body, content_type="application/json").status_code == 200


def test_a_paste_full_of_brackets_and_long_numbers_is_text_not_structure(client, synced_kb):
    text = "[" * 5000 + " 429 RESOURCE_EXHAUSTED " + "9" * 5000
    response = client.post("/api/classify", data=json.dumps({"text": text}), content_type="application/json")
    assert response.status_code == 200


# (Content-Type a cross-site page can send without a preflight, or none at all)
SIMPLE_CONTENT_TYPES = ["", "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded"]


@pytest.mark.parametrize("content_type", SIMPLE_CONTENT_TYPES)
def test_key_check_reads_only_application_json(api_client, content_type):
    body = json.dumps({"api_key": "AQ.fake-valid"})
    response = api_client.post("/api/key-check", data=body, content_type=content_type)
    assert response.status_code == 415
    assert "application/json" in response.json()["error"]
    assert "AQ.fake-valid" not in response.content.decode()


def test_key_check_reads_application_json_with_a_charset(client, site_uses_emulator):
    body = json.dumps({"api_key": "AQ.fake-valid", "model": "gemini-3.5-flash"})
    response = client.post("/api/key-check", data=body, content_type="application/json; charset=utf-8")
    assert response.status_code == 200
    assert response.json()["ok"] is True


def test_classify_still_reads_text_plain(client, synced_kb):
    response = client.post("/api/classify", data="429 RESOURCE_EXHAUSTED quota", content_type="text/plain")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b'{"text": "from a chunked body"}', "application/json", {"text": "from a chunked body"}),
        (b"plain text, chunked", "text/plain", "plain text, chunked"),
        (b"x" * 1000, "text/plain", "x" * 1000),
    ],
    ids=["json", "text", "text as long as the limit"],
)
def test_a_chunked_body_is_read(chunked_request, body, content_type, expected):
    request = chunked_request(body, content_type)
    assert read_json_or_text(request, body_limit=1000) == expected


def test_a_chunked_body_over_the_limit_is_refused_with_413_without_reading_it_all(chunked_request):
    request = chunked_request(b"x" * 5000, "text/plain")
    with pytest.raises(BadRequestBody) as refused:
        read_json_or_text(request, body_limit=1000)
    assert refused.value.status == 413
    assert request.META["wsgi.input"].tell() == 1001, "one byte past the limit is enough to know"


# Bodies that orjson reads differently from the standard library, or refuses where it reads them.
READ_AS_EVER = [
    ("an int of 19 digits", b'{"n": 9223372036854775807}'),
    ("an int of 30 digits", b'{"n": 123456789012345678901234567890}'),
    ("a long float", b'{"n": 0.1000000000000000055511151231257827}'),
    ("an exponent", b'{"n": 1e308, "m": -2.5E-10}'),
    ("NaN and Infinity", b'{"n": NaN, "m": -Infinity}'),
    ("a number deep down", b'{"a": [{"b": [true, null, "x", {"c": 12345678901234567890123}]}]}'),
    ("a lone surrogate", b'{"text": "\\ud800 half a pair"}'),
    ("invalid UTF-8", b'{"text": "caf\xe9"}'),
    ("digits in a string", b'{"text": "request 12345678901234567890123 failed"}'),
    ("escapes and non-ASCII", b'{"text": "\\"quoted\\" \\u00e9 \xc3\xa9 \\n"}'),
    ("a repeated key", b'{"text": "first", "text": "last"}'),
    ("booleans and null", b'{"text": "x", "flag": true, "none": null, "list": [false]}'),
]


@pytest.mark.parametrize(("what", "raw"), READ_AS_EVER, ids=[row[0] for row in READ_AS_EVER])
def test_a_body_reads_as_the_standard_library_reads_it(what, raw):
    expected = json.loads(raw.decode("utf-8", "replace"))
    assert repr(parse_json_object(raw)) == repr(expected), "the same values, of the same types"
