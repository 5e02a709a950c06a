"""The fingerprint: the same error from different users is one group, different errors are not."""

from __future__ import annotations

import pytest

from classifier import Facts, classify
from errors_kb.snapshot import current_snapshot
from inbox.fingerprint import ErrorShape, error_line, error_shape, message_shape

from .conftest import OTHER_ERROR_PASTE, SAME_ERROR_PASTES


@pytest.mark.parametrize(
    ("message", "shape"),
    [
        (
            "Request 7f3a9c2e-1b2d-4c5e-9f00-123456789abc failed at 2026-01-02T03:04:05.123Z after 3.5 s",
            "Request <uuid> failed at <time> after <n> s",
        ),
        (
            "Unknown name \"foo_bar\" at 'generation_config': Cannot find field.",
            "Unknown name <q> at <q>: Cannot find field.",
        ),
        (
            "models/gemini-2.5-flash-lite is not found for API version v1beta",
            "<model> is not found for API version v1beta",
        ),
        ("File /tmp/up/a.txt not found in projects/1234567890", "File <path> not found in projects/<n>"),
        (
            "Checksum 0x1F2E mismatch for blob a1b2c3d4e5f6 (job ab12cd34ef)",
            "Checksum <hex> mismatch for blob <hex> (job <hex>)",
        ),
        ("Job req_8Hk2LmQ9 failed", "Job <id> failed"),
        ("The model doesn't support 'image', 'audio' and 'video' here", "The model doesn't support <q> here"),
        ("see https://ai.google.dev/gemini-api/docs/rate-limits.", "see <url>"),
    ],
)
def test_message_shape_replaces_what_varies(message, shape):
    assert message_shape(message) == shape


def test_without_a_server_message_the_error_line_is_the_message():
    assert error_line("log: starting\nSegmentation fault (core dumped)\n\n") == "Segmentation fault (core dumped)"
    assert error_line("TypeError: x is undefined\n    at main.js:3\n") == "TypeError: x is undefined"
    shape = error_shape(Facts(), "ValueError: bad chunk 12 at 0x7ffe\n")
    assert shape.message == "ValueError: bad chunk <n> at <hex>"


def test_the_same_error_from_three_users_has_one_fingerprint(synced_kb):
    snapshot = current_snapshot()
    shapes = [error_shape(classify(snapshot, text).facts, text) for text in SAME_ERROR_PASTES]
    assert len({shape.fingerprint for shape in shapes}) == 1
    shape = shapes[0]
    assert (shape.http_code, shape.api_status, shape.reason, shape.client) == (
        409,
        "ABORTED",
        "QUANTUM_ROUTING_CONFLICT",
        "google-genai",
    )
    assert shape.message == "Tuned adapter <uuid> cannot be combined with the quantum routing flag at <time>."


def test_another_reason_is_another_group(synced_kb):
    snapshot = current_snapshot()
    one, other = (error_shape(classify(snapshot, t).facts, t) for t in (SAME_ERROR_PASTES[0], OTHER_ERROR_PASTE))
    assert one.fingerprint != other.fingerprint


@pytest.mark.parametrize(
    "change",
    [
        {"http_code": 400},
        {"api_status": "INTERNAL"},
        {"reason": "OTHER_REASON"},
        {"message": "Tuned adapter <uuid> is gone."},
        {"client": "@google/genai"},
    ],
)
def test_each_stable_part_separates_groups(change):
    base = ErrorShape(http_code=409, api_status="ABORTED", reason="R", message="m <n>", client="google-genai")
    changed = ErrorShape(**{**base.__dict__, **change})
    assert changed.fingerprint != base.fingerprint
