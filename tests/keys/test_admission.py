"""Admission: one check in flight per client, a cap per process, and the answers when refused."""

from __future__ import annotations

import json

import pytest

from keys.admission import (
    BUSY_MESSAGE,
    IN_FLIGHT_MESSAGE,
    RETRY_AFTER_SECONDS,
    ProcessSlots,
    Refused,
    key_check_slot,
    take_mark,
)
from web.ratelimit import client_digest, shared_cache

TEST_CLIENT_ADDRESS = "127.0.0.1"  # Django's test client's REMOTE_ADDR


def api_check(client, **extra):
    payload = {"api_key": "AQ.fake-valid", "model": "gemini-3.5-flash"}
    return client.post("/api/key-check", data=json.dumps(payload), content_type="application/json", **extra)


def page_check(client, **headers):
    return client.post("/key/", {"api_key": "AQ.fake-valid", "sdk": "google-genai"}, headers=headers)


def test_a_second_check_from_a_client_with_one_in_flight_is_refused_at_once(client, site_uses_emulator):
    with key_check_slot(TEST_CLIENT_ADDRESS):
        response = api_check(client)
        assert response.status_code == 429
        assert response.json()["error"] == IN_FLIGHT_MESSAGE
        assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
        # Another address is not held up by it.
        assert api_check(client, REMOTE_ADDR="10.1.2.3").status_code == 200
    assert api_check(client).status_code == 200  # the slot is free again once the check is over


def test_the_in_flight_mark_is_kept_in_the_shared_cache(db):
    with key_check_slot("192.0.2.7"):
        with pytest.raises(Refused) as refused:
            with key_check_slot("192.0.2.7"):
                pass
        assert refused.value.refusal.status == 429
        shared_cache().clear()  # what every worker reads: without the mark, the client is free again
        with key_check_slot("192.0.2.7"):
            pass


def test_the_in_flight_mark_names_the_client_as_the_rate_limits_do_never_by_its_address(db):
    mark = f"keycheck:in-flight:{client_digest('192.0.2.7')}"
    with key_check_slot("192.0.2.7"):
        assert shared_cache().get(mark) is not None
    assert shared_cache().get(mark) is None


def test_when_the_process_is_full_the_api_answers_busy_with_retry_after(client, site_uses_emulator, settings):
    settings.KEY_CHECK_MAX_CONCURRENT = 1
    with key_check_slot("10.9.9.9"):  # another client's check holds the only slot
        response = api_check(client)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == BUSY_MESSAGE
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert api_check(client).status_code == 200


@pytest.mark.parametrize("htmx", [False, True])
def test_on_the_page_a_refusal_is_a_message_beside_the_form_with_status_200(client, site_uses_emulator, settings, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    settings.KEY_CHECK_MAX_CONCURRENT = 1
    with key_check_slot("10.9.9.9"):
        busy = page_check(client, **headers)
    with key_check_slot(TEST_CLIENT_ADDRESS):
        in_flight = page_check(client, **headers)
    for response, message in ((busy, BUSY_MESSAGE), (in_flight, IN_FLIGHT_MESSAGE)):
        assert response.status_code == 200
        assert message in response.content.decode()


def test_a_refused_client_keeps_no_slot_and_a_failed_check_gives_its_slots_back(db, settings):
    settings.KEY_CHECK_MAX_CONCURRENT = 1
    with key_check_slot("10.0.0.1"):
        with pytest.raises(Refused):
            with key_check_slot("10.0.0.2"):
                pass
    with pytest.raises(RuntimeError):
        with key_check_slot("10.0.0.2"):  # its mark was taken back when the process refused it
            raise RuntimeError("the check itself failed")
    with key_check_slot("10.0.0.2"):
        pass


def test_process_slots_read_their_limit_at_every_take():
    slots = ProcessSlots()
    assert [slots.take(2), slots.take(2), slots.take(2)] == [True, True, False]
    assert slots.take(3) is True
    for _ in range(3):
        slots.give_back()
    assert slots.take(1) is True


class FlakyCache:
    """A database cache's add() under write contention: False for `failures` calls, with nothing stored."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.stored: dict[str, object] = {}

    def add(self, key: str, value: object, timeout: int) -> bool:
        if self.failures:
            self.failures -= 1
            return False
        if key in self.stored:
            return False
        self.stored[key] = value
        return True

    def get(self, key: str) -> object:
        return self.stored.get(key)


def test_a_mark_the_store_failed_to_write_is_asked_for_again_not_taken_as_in_flight():
    assert take_mark(FlakyCache(failures=2), "m", 10) is True  # type: ignore[arg-type]
    held = FlakyCache(failures=0)
    held.stored["m"] = 1
    assert take_mark(held, "m", 10) is False  # type: ignore[arg-type]
    # A store that keeps failing does not turn the client away; the check goes ahead unmarked.
    assert take_mark(FlakyCache(failures=99), "m", 10) is None  # type: ignore[arg-type]
