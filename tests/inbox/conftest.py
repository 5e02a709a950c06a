"""Fixtures for the inbox's tests: pastes the knowledge base cannot answer, written for these tests
(an invented 409 ABORTED error, as three users would paste it), and a way to share them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse


def quantum_paste(*, adapter: str, when: str, home: str, reason: str = "QUANTUM_ROUTING_CONFLICT") -> str:
    """The same invented error as one user's google-genai prints it: their adapter ID, time and paths."""
    return f"""Traceback (most recent call last):
  File "{home}/bot/main.py", line 12, in <module>
    r = client.models.generate_content(model="gemini-3.5-flash", contents="hi")
  File "{home}/bot/.venv/lib/python3.12/site-packages/google/genai/models.py", line 5987, in generate_content
google.genai.errors.ClientError: 409 ABORTED. {{'error': {{'code': 409, 'message': 'Tuned adapter {adapter} cannot be \
combined with the quantum routing flag at {when}.', 'status': 'ABORTED', 'details': [{{'@type': \
'type.googleapis.com/google.rpc.ErrorInfo', 'reason': '{reason}', 'domain': 'googleapis.com'}}]}}}}
"""


# One error, three users: what varies between them is what the fingerprint normalises.
SAME_ERROR_PASTES = (
    quantum_paste(adapter="7f3a9c2e-1b2d-4c5e-9f00-123456789abc", when="2026-11-02T10:11:12Z", home="/home/ana"),
    quantum_paste(adapter="0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", when="2026-11-05T23:59:01Z", home="/Users/bo"),
    quantum_paste(adapter="deadbeef-0000-1111-2222-333344445555", when="2026-12-01T00:00:00Z", home="/srv/app"),
)
OTHER_ERROR_PASTE = quantum_paste(
    adapter="7f3a9c2e-1b2d-4c5e-9f00-123456789abc", when="2026-11-02T10:11:12Z", home="/home/ana", reason="FLUX_DRIFT"
)
# Only the generic 400 INVALID_ARGUMENT entry answers it: the status, not the cause.
GENERIC_PASTE = (
    "google.genai.errors.ClientError: 400 INVALID_ARGUMENT. {'error': {'code': 400, 'message': 'Tuned adapter "
    "7f3a9c2e-1b2d-4c5e-9f00-123456789abc cannot be combined with the quantum routing flag.', "
    "'status': 'INVALID_ARGUMENT'}}"
)


@pytest.fixture(autouse=True)
def share_limit(settings):
    """A rate limit no test reaches by accident (the rate-limit test sets its own)."""
    settings.SHARE_PASTE_RATE_LIMIT_PER_MINUTE = 10_000
    return settings


@pytest.fixture
def share(client: Client, synced_kb) -> Callable[..., object]:
    """POST a paste to the share endpoint as the page's form does, without JavaScript."""

    def post(text: str, **extra: Any):
        return client.post(reverse("errors_kb:shared-paste-share"), {"text": text}, **extra)

    return post


@pytest.fixture
def staff_client(db, django_user_model) -> Client:
    editor = django_user_model.objects.create_superuser("editor", "editor@example.com", "a-long-password-1")
    staff = Client()
    staff.force_login(editor)
    return staff
