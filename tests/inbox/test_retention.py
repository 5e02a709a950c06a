"""Shared pastes go after SHARED_PASTE_RETENTION_DAYS: the job on a fixed clock, its run-once
command and its Huey task."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command

from inbox.models import Group, SharedPaste
from inbox.services import expire_shared_pastes, share_paste

from .conftest import OTHER_ERROR_PASTE, SAME_ERROR_PASTES

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


def shared(text: str, days_ago: float) -> SharedPaste:
    return share_paste(text, max_bytes=64 * 1024, now=NOW - dt.timedelta(days=days_ago)).paste


def test_pastes_past_the_retention_period_go_and_their_groups_are_recounted(synced_kb):
    shared(SAME_ERROR_PASTES[0], days_ago=31)
    kept = shared(SAME_ERROR_PASTES[1], days_ago=29)
    shared(OTHER_ERROR_PASTE, days_ago=30.5)

    assert expire_shared_pastes(retention_days=30, now=NOW) == 2

    assert list(SharedPaste.objects.all()) == [kept]
    group = Group.objects.get()
    assert (group.count, group.first_seen, group.last_seen) == (1, kept.shared_at, kept.shared_at)
    assert expire_shared_pastes(retention_days=30, now=NOW) == 0


def test_a_paste_exactly_at_the_limit_stays(synced_kb):
    shared(SAME_ERROR_PASTES[0], days_ago=30)
    assert expire_shared_pastes(retention_days=30, now=NOW) == 0


def test_the_command_uses_the_setting(synced_kb, settings):
    settings.SHARED_PASTE_RETENTION_DAYS = 7
    share_paste(SAME_ERROR_PASTES[0], max_bytes=64 * 1024, now=dt.datetime.now(dt.UTC) - dt.timedelta(days=8))
    out = io.StringIO()
    call_command("expire_shared_pastes", stdout=out)
    assert out.getvalue() == "Deleted 1 shared paste older than 7 days.\n"
    assert not Group.objects.exists()


def test_the_huey_task_runs_the_same_job(synced_kb, settings):
    from inbox.tasks import expire_shared_pastes_task

    settings.SHARED_PASTE_RETENTION_DAYS = 1
    share_paste(SAME_ERROR_PASTES[0], max_bytes=64 * 1024, now=dt.datetime.now(dt.UTC) - dt.timedelta(days=2))
    # Hourly, at a quarter past.
    assert expire_shared_pastes_task.s().validate_datetime(dt.datetime(2026, 1, 1, 5, 17))
    assert not expire_shared_pastes_task.s().validate_datetime(dt.datetime(2026, 1, 1, 5, 18))
    assert expire_shared_pastes_task.call_local() == 1
    assert not SharedPaste.objects.exists()
