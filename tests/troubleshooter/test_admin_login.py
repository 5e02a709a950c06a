"""Admin logins are throttled (django-axes): after five wrong passwords in a row from one client,
the right one is refused too, until the cool-off; each client behind the proxy counts alone."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "a-long-admin-password-0123456789"


@pytest.fixture
def admin_account(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.com", PASSWORD)


def log_in(client, password: str, **extra):
    return client.post(LOGIN, {"username": "admin", "password": password}, **extra)


def test_the_right_password_logs_in(client, admin_account):
    response = log_in(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_after_five_wrong_passwords_the_sixth_try_is_refused_even_when_right(client, admin_account):
    statuses = [log_in(client, f"wrong-{n}").status_code for n in range(5)]
    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert statuses[4] == 429  # the fifth wrong one locks the address out
    refused = log_in(client, PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302, "still not logged in"


def test_the_lock_is_per_client_address_as_the_rate_limits_read_it(client, admin_account, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for n in range(5):
        log_in(client, f"wrong-{n}", **attacker)
    assert log_in(client, PASSWORD, **attacker).status_code == 429
    # The admin, behind the same proxy, from their own address.
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 302


def test_a_success_forgets_the_earlier_failures(client, admin_account):
    for n in range(4):
        log_in(client, f"wrong-{n}")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    for n in range(4):
        assert log_in(client, f"wrong-again-{n}").status_code == 200
