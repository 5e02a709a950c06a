"""Fixtures for the paste feature's tests: paste files for the `classify` command."""

from __future__ import annotations

import pytest

from tests.pastes import KEY_PASTE, QUOTA_PASTE


@pytest.fixture
def pastes(tmp_path):
    quota = tmp_path / "quota.txt"
    quota.write_text(QUOTA_PASTE)
    key = tmp_path / "key.log"
    key.write_text(KEY_PASTE)
    nothing = tmp_path / "nothing.txt"
    nothing.write_text("all good")
    return quota, key, nothing
