"""Redaction on its own: every secret shape is masked whatever its encoding, look-alikes are left
alone, and the engine masks the lines it shows with the paste around them in view."""

from __future__ import annotations

import pytest

from classifier import EntrySpec, MatcherSpec, classify, compile_snapshot, redact
from classifier.redaction import MAX_SECRET_BYTES, REDACTED, redact_slice, secret_spans
from tests.secret_pastes import AUTH_KEY, GOOGLE_KEY, LOOK_ALIKES, OPAQUE, SECRET_CASES, SecretCase, leaked

ERROR = "google.genai.errors.ClientError: 400 INVALID_ARGUMENT. API_KEY_INVALID"
SNAPSHOT = compile_snapshot(
    [EntrySpec("bad-key", "auth", "Invalid key", 400, matchers=(MatcherSpec(r"\bAPI_KEY_INVALID\b", 5.0),))],
    version="redaction-tests",
)


@pytest.mark.parametrize("case", SECRET_CASES, ids=lambda case: case.label)
def test_each_secret_shape_is_redacted(case: SecretCase) -> None:
    shown = redact(case.text)

    assert leaked(case, shown) is None, shown
    assert REDACTED in shown


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_are_left_as_they_are(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (f"x-goog-api-key: {GOOGLE_KEY}", "x-goog-api-key: "),
        (f'{{"api_key": "{OPAQUE}", "model": "gemini-2.5-flash"}}', '{"api_key": "'),
        (f"POST /v1beta/models?key={AUTH_KEY}&alt=sse", "&alt=sse"),
        (f"Authorization: Bearer {OPAQUE}\nContent-Type: application/json", "Content-Type: application/json"),
    ],
)
def test_what_stands_around_a_secret_stays_readable(text: str, kept: str) -> None:
    assert kept in redact(text)


def test_redaction_keeps_the_text_around_every_secret_in_a_long_paste() -> None:
    lines = [f"INFO request {n} sent with key={GOOGLE_KEY}" for n in range(2000)]

    shown = redact("\n".join(lines))

    assert shown.splitlines() == [f"INFO request {n} sent with key={REDACTED}" for n in range(2000)]


def test_secrets_that_overlap_are_masked_as_one() -> None:
    text = f"Authorization: Bearer {OPAQUE}"
    data = text.encode()

    spans = list(secret_spans(data, 0, len(data)))

    assert spans == [(text.index(OPAQUE), len(text))]


def test_a_slice_of_the_paste_is_redacted_with_the_paste_around_it_in_view() -> None:
    # Only the second line is shown: on its own it is no secret, with the line before it is one.
    first, second = f"key={GOOGLE_KEY[:17]}", f"{GOOGLE_KEY[17:]} {ERROR}"
    data = f"{first}\n{second}".encode()

    shown = redact_slice(data, len(first) + 1, len(data))

    assert shown == f"{REDACTED} {ERROR}"
    assert redact(second) == second


def test_a_slice_that_cuts_a_secret_masks_the_part_it_holds() -> None:
    data = f"x-goog-api-key: {AUTH_KEY} end".encode()
    cut = data.index(b"AQ.") + 10

    assert redact_slice(data, cut, len(data)) == f"{REDACTED} end"


def test_a_slice_far_from_any_secret_is_shown_as_it_is() -> None:
    data = (f"key={GOOGLE_KEY}\n" + "x" * (MAX_SECRET_BYTES * 2) + "\nplain line").encode()

    assert redact_slice(data, len(data) - 10, len(data)) == "plain line"


@pytest.mark.parametrize("at", [1, 3, 4, 12, 20, 38])
def test_the_engine_never_shows_either_half_of_a_key_a_terminal_cut(at: int) -> None:
    paste = f"POST /v1beta/models/gemini-2.5-flash:generateContent?key={GOOGLE_KEY[:at]}\n{GOOGLE_KEY[at:]} {ERROR}"

    result = classify(SNAPSHOT, paste)

    (line,) = result.matches[0].lines
    assert ERROR in line.text
    assert leaked(SecretCase("cut", "", GOOGLE_KEY), line.text) is None
    assert GOOGLE_KEY[at:][:8] not in line.text


@pytest.mark.parametrize("case", SECRET_CASES[::5], ids=lambda case: case.label)
def test_the_engine_redacts_the_lines_it_shows(case: SecretCase) -> None:
    result = classify(SNAPSHOT, f"{case.text} {ERROR}")

    shown = " ".join(line.text for match in result.matches for line in match.lines)
    assert ERROR in shown
    assert leaked(case, shown) is None
