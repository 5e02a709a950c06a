"""`manage.py classify`: human-readable by default, JSON Lines with --json, - for standard input."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import call_command

from tests.pastes import QUOTA_PASTE


def run_classify(*args: str, stdin: bytes = b"") -> str:
    out = io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        call_command("classify", *args, stdout=out)
    finally:
        sys.stdin = old_stdin
    return out.getvalue()


def test_json_lines_one_object_per_input_in_order(synced_kb, pastes):
    quota, key, nothing = pastes
    lines = run_classify("--json", str(quota), str(key), str(nothing)).splitlines()
    results = [json.loads(line) for line in lines]
    assert [r["source"] for r in results] == [str(quota), str(key), str(nothing)]
    assert results[0]["matches"][0]["slug"] == "quota-per-minute"
    assert set(results[0]["matches"][0]) >= {"slug", "category", "title", "confidence", "lines"}
    assert results[1]["matches"][0]["category"] == "api_key_invalid"
    assert results[2]["matches"] == []
    assert "AIzaSyD-1234567890" not in lines[1]


def test_standard_input_with_dash(synced_kb):
    (line,) = run_classify("--json", "-", stdin=QUOTA_PASTE.encode()).splitlines()
    result = json.loads(line)
    assert result["source"] == "-"
    assert result["facts"]["retry_delay_seconds"] == 17.0


def test_human_readable_output_names_the_error_and_the_line(synced_kb, pastes):
    quota, _, nothing = pastes
    output = run_classify(str(quota), str(nothing))
    assert "[quota-per-minute]" in output
    assert "line 1:" in output
    assert f"{nothing}: no documented Gemini API error found." in output


def test_unreadable_file_is_reported_and_the_rest_still_classified(synced_kb, pastes, tmp_path):
    quota, _, _ = pastes
    missing = tmp_path / "missing.txt"
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("classify", "--json", str(missing), str(quota), stdout=out)
    assert exit_info.value.code == 1
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert "cannot read" in first["error"]
    assert second["matches"][0]["slug"] == "quota-per-minute"


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_a_file_over_the_paste_limit_is_refused_in_one_line_and_the_rest_still_classified(
    synced_kb, pastes, tmp_path, settings, as_json
):
    settings.CLASSIFY_MAX_BYTES = 1024
    quota, _, _ = pastes
    huge = tmp_path / "huge.log"
    huge.write_bytes(QUOTA_PASTE.encode() + b"x" * 1024)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("classify", *(["--json"] if as_json else []), str(huge), str(quota), stdout=out, stderr=err)
    assert exit_info.value.code == 1
    expected = f"cannot classify {huge}: The paste is larger than the 1 KB limit."
    if as_json:
        first, second = (json.loads(line) for line in out.getvalue().splitlines())
        assert first["error"].startswith(expected) and first["matches"] == []
        assert second["matches"][0]["slug"] == "quota-per-minute"
    else:
        (message,) = err.getvalue().splitlines()
        assert message.startswith(expected)
        assert str(huge) not in out.getvalue() and "quota" in out.getvalue().lower()


def test_standard_input_over_the_limit_is_read_no_further_than_the_limit_and_one_byte(synced_kb, settings, monkeypatch):
    settings.CLASSIFY_MAX_BYTES = 1024
    source = io.BytesIO(b"x" * (1024 * 1024))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(source))
    with pytest.raises(SystemExit) as exit_info:
        call_command("classify", "-", stdout=io.StringIO(), stderr=io.StringIO())
    assert exit_info.value.code == 1
    assert source.tell() == 1025


def test_a_file_exactly_at_the_paste_limit_is_classified(synced_kb, tmp_path, settings):
    settings.CLASSIFY_MAX_BYTES = len(QUOTA_PASTE.encode())
    exact = tmp_path / "exact.log"
    exact.write_text(QUOTA_PASTE)
    (line,) = run_classify("--json", str(exact)).splitlines()
    assert json.loads(line)["matches"][0]["slug"] == "quota-per-minute"


def test_binary_file_is_classified_without_error(synced_kb, tmp_path):
    binary = tmp_path / "dump.bin"
    binary.write_bytes(bytes(range(256)) * 100)
    (line,) = run_classify("--json", str(binary)).splitlines()
    assert json.loads(line)["matches"] == []


def test_human_readable_output_gives_the_cause_the_steps_and_the_page(synced_kb, pastes):
    from errors_kb.models import KnownError

    quota, _, _ = pastes
    output = run_classify(str(quota))
    entry = KnownError.objects.get(slug="quota-per-minute")
    assert f"  cause: {entry.cause}\n" in output
    assert "  fix:\n    1. " in output and "    2. " in output
    assert "page: /errors/quota-per-minute/" in output


def test_a_generic_answer_says_it_knows_the_status_not_the_cause(synced_kb):
    paste = '{"error": {"code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED"}}'
    output = run_classify("-", stdin=paste.encode())
    assert "[permission-denied]" in output
    assert "We recognise the status, not the exact cause" in output
    assert "server's message: The caller does not have permission" in output


def test_json_lines_give_each_match_its_page_as_a_path(synced_kb, pastes):
    quota, _, _ = pastes
    (line,) = run_classify("--json", str(quota)).splitlines()
    best = json.loads(line)["matches"][0]
    assert best["url"] == "/errors/quota-per-minute/"
    assert best["specific"] is True and best["steps"] and best["cause"]
