"""Every log line the site prints, a failing request's traceback included, is redacted."""

from __future__ import annotations

import logging
import sys

KEY = "AIzaSyD-1234567890abcdefghijklmnopqrstu"


def _console_formatter(logger_name: str) -> logging.Formatter:
    handler = next(h for h in logging.getLogger(logger_name).handlers if isinstance(h, logging.StreamHandler))
    assert handler.formatter is not None
    return handler.formatter


def test_a_traceback_django_logs_for_a_failing_request_shows_no_key():
    try:
        raise RuntimeError(f"Error fetching https://generativelanguage.googleapis.com/v1beta/models?key={KEY}")
    except RuntimeError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x",), sys.exc_info()
        )

    printed = _console_formatter("django.request").format(record)

    assert "Traceback" in printed and "RuntimeError: Error fetching" in printed
    assert KEY not in printed and "AIzaSy" not in printed


def test_every_logger_of_the_site_prints_through_the_same_redaction():
    record = logging.LogRecord("status.probes", logging.WARNING, __file__, 1, "key %s", (KEY,), None)
    for name in ("", "django.request", "huey"):
        assert KEY not in _console_formatter(name).format(record)
