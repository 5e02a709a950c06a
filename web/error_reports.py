"""Django's error reports (the technical 500 page with DJANGO_DEBUG=1, the mails to ADMINS) and
every log line with every API key and token redacted, as everywhere else the site shows a paste.

Django hides settings and headers by name, and in production the POST fields marked sensitive;
the frame locals (a JSON reader holding the body, a view holding the paste), the URL's query
string and the exception's message it shows as they are, in debug mode everything.
"""

from __future__ import annotations

import logging
import pprint
import sys
from collections.abc import ItemsView, Mapping
from types import FrameType
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from classifier import redact


class _Printed:
    """A frame variable as the report prints it: redacted already, so printed as it is."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _printed(value: object) -> _Printed:
    """`value` printed on one line and redacted. One line, because the pretty printer splits long
    strings at their line breaks: a private key's lines would each stand alone in the report. And
    redacted before Django cuts the text at 4 KB, which could leave half a key."""
    try:
        text = pprint.pformat(value, width=sys.maxsize)
    except Exception as error:  # a repr that fails must not hide the report
        text = f"Error in formatting: {error.__class__.__name__}: {error}"
    return _Printed(redact(text))


def _redacted_strings(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: redact(value) if isinstance(value, str) else value for name, value in values.items()}


class RedactingExceptionReporterFilter(SafeExceptionReporterFilter):
    """Redacts what Django's filter leaves: frame locals, POST fields, headers and cookies."""

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: FrameType) -> ItemsView[str, Any]:
        variables = super().get_traceback_frame_variables(request, tb_frame)
        return {name: _printed(value) for name, value in variables}.items()

    def get_post_parameters(self, request: HttpRequest | None) -> dict[str, Any]:
        return _redacted_strings(super().get_post_parameters(request))

    def get_safe_request_meta(self, request: HttpRequest) -> dict[str, Any]:
        return _redacted_strings(super().get_safe_request_meta(request))

    def get_safe_cookies(self, request: HttpRequest) -> dict[str, Any]:
        return _redacted_strings(super().get_safe_cookies(request))


class RedactingExceptionReporter(ExceptionReporter):
    """The report redacted once more as a whole: the URL, its query string, the exception's message
    and its causes are printed from the request and the exception, past the filter."""

    # The markers redaction puts in hold no HTML: what was safe to show stays safe.
    def get_traceback_html(self) -> SafeString:
        return mark_safe(redact(super().get_traceback_html()))

    def get_traceback_text(self) -> SafeString:
        return mark_safe(redact(super().get_traceback_text()))


class RedactingFormatter(logging.Formatter):
    """Log lines, tracebacks included, redacted as a whole: Django logs a failing request's
    traceback, and an SDK's exception can carry the key it was called with (in a ?key= URL)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
