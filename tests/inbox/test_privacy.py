"""No secret of any shape the redaction knows reaches the database through a share, nor the
sender's address: every shape is shared as a client would send it (raw, as a script or a page
without our widget could), then every column of every table is searched for the secrets'
distinctive middles. A marker that is no secret is found, so the search does look."""

from __future__ import annotations

import pytest
from django.db import connection

from inbox.models import SharedPaste

# (what the paste carries, the middle that must not be stored). Written for this test: none is real.
SECRETS = [
    ("url = 'https://x/v1beta/models?key=AIzaSyD-INBOXaizA1b2c3d4e5f6g7h8i9j0kL'", "INBOXaizA1b2c3d4e5f6"),
    ("GOOGLE_API_KEY=AQ.Ab8RN6INBOXaqdot2x9c7v5b3n1m0lkjhgf", "INBOXaqdot2x9c7v5b3"),
    ("credentials.token: ya29.a0AfB_INBOXya29tok3kq8w7e6r5t4y3u", "INBOXya29tok3kq8w7e6"),
    ("refresh_token 1//0gINBOXrefresh4zz9y8x7w6v5u4t3s2", "INBOXrefresh4zz9y8x7"),
    (
        '{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANINBOXpem5q1w2e3r4t5y6u7i8o9p0\\n'
        'a1s2d3f4g5h6j7k8l9z0x1c2v3b4n5m6\\n-----END PRIVATE KEY-----\\n"}',
        "INBOXpem5q1w2e3r4t5y6",
    ),
    (
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAINBOXrsa6p0o9i8u7y6t5r4e3w2q1\n-----END RSA PRIVATE KEY-----",
        "INBOXrsa6p0o9i8u7y6t5",
    ),
    ("id_token=eyJhbGciOiJSUzI1NiJ9.eyJINBOXjwt7c3ViIjoiMTIzNDU2Nzg5MCJ9.sIgNaTuRe8x", "INBOXjwt7c3ViIjoiMTIz"),
    ("Authorization: Bearer INBOXbearer8xyz123abc456def", "INBOXbearer8xyz123abc"),
    ("Authorization: Basic SU5CT1hiYXNpYzltaWRkbGU5MA==", "SU5CT1hiYXNpYzltaWRk"),
    ("OPENAI_API_KEY: sk-proj-INBOXsk10abcdefghijklmnopqrst", "INBOXsk10abcdefghijk"),
    ("anthropic: sk-ant-api03-INBOXant11abcdefghijklmnopq", "INBOXant11abcdefghij"),
    ("api_key = 'INBOXkeyval12q2w3e4r5t6'", "INBOXkeyval12q2w3e4r"),
    ("token=INBOXtokval13z9y8x7w6v5", "INBOXtokval13z9y8x7w"),
    ('{\\"api_key\\": \\"INBOXescaped14k4j5h6g7f8\\"}', "INBOXescaped14k4j5h6"),
    ("GET /v1beta/models?key=AQ%2EINBOXurlenc15a1b2c3d4e5 HTTP/1.1", "INBOXurlenc15a1b2c3d"),
    ("curl -H 'Authorization: Bearer%20INBOXurlbearer16q9w8e7'", "INBOXurlbearer16q9w8"),
    ("x-goog-api-key: INBOXheader17m1n2b3v4c5", "INBOXheader17m1n2b3v"),
]
CANARY = "INBOXcanaryNotASecret"
ADDRESS = "203.0.113.77"


def stored_values() -> list[str]:
    """Every value of every column of every table, as text."""
    values: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the schema)
            for row in cursor.fetchall():
                values += [value.decode(errors="replace") if isinstance(value, bytes) else str(value) for value in row]
    return values


def paste_with(secret: str) -> str:
    # An invented error no entry answers, so that each share is stored.
    return f"starting worker\n{secret}\n{CANARY}\nSegmentation fault (core dumped)\n"


@pytest.mark.parametrize(("secret", "middle"), SECRETS, ids=[middle for _, middle in SECRETS])
def test_the_shape_is_one_the_redaction_knows(secret, middle):
    from classifier import redact

    assert middle in secret and middle not in redact(secret)


def test_no_secret_and_no_address_reaches_any_table(share):
    for secret, _ in SECRETS:
        response = share(paste_with(secret), REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=ADDRESS)
        assert response.status_code == 200, (secret, response.content.decode()[:500])
    assert SharedPaste.objects.count() == len(SECRETS)

    stored = "\n".join(stored_values())
    assert CANARY in stored, "the search reads the shared pastes"
    leaked = [middle for _, middle in SECRETS if middle in stored]
    assert not leaked, f"secrets stored: {leaked}"
    assert ADDRESS not in stored
