"""The compiled knowledge base each process classifies with, rebuilt only when the KB changes.

Compiling the RE2 Set takes milliseconds, so it happens once per KB version, never per request.
The version is a fingerprint of the KB tables (FAQ pages included: cached pages use it too),
kept in the shared cache (Redis, or the database's cache table): every worker of every machine
sees a change (a sync or an admin edit) within KB_VERSION_RECHECK_SECONDS, the time a process
trusts the version it last read (it saves a cache round trip per request). The cached value
expires after VERSION_TTL_SECONDS, so even a change made behind Django's back (raw SQL) is picked up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from dataclasses import replace

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from classifier import Classification, Snapshot, classify, compile_snapshot
from web.ratelimit import shared_cache

from .kb_sync import entry_record, model_catalogue
from .models import ExamplePaste, FaqPage, GeminiModel, KnownError, Matcher

VERSION_CACHE_KEY = "errors_kb:kb-version"
VERSION_TTL_SECONDS = 60

_lock = threading.Lock()
_current: Snapshot | None = None
_version_read: tuple[float, str] | None = None  # (monotonic time, version) this process last read


def _fingerprint() -> str:
    parts = []
    for model in (KnownError, Matcher, ExamplePaste, GeminiModel, FaqPage):
        stats = model.objects.aggregate(count=Count("pk"), last_id=Max("pk"), last_change=Max("updated_at"))
        parts.append(f"{stats['count']}:{stats['last_id']}:{stats['last_change']}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def kb_version() -> str:
    global _version_read
    now = time.monotonic()
    read = _version_read
    if read is not None and now - read[0] < settings.KB_VERSION_RECHECK_SECONDS:
        return read[1]
    version = shared_cache().get(VERSION_CACHE_KEY)
    if version is None:
        version = _fingerprint()
        shared_cache().set(VERSION_CACHE_KEY, version, VERSION_TTL_SECONDS)
    _version_read = (now, version)
    return version


def kb_changed() -> None:
    """Tell every process that the KB changed: each sees it at its next recheck."""
    global _version_read
    _version_read = None  # this process at once
    shared_cache().delete(VERSION_CACHE_KEY)


def build_snapshot(version: str) -> Snapshot:
    errors = KnownError.objects.published().prefetch_related("matchers", "examples")
    catalogue = model_catalogue()
    listed = dict(GeminiModel.objects.values_list("model_id", "served_now"))
    return compile_snapshot(
        (entry_record(error).to_spec() for error in errors),
        version=version,
        models=[replace(model.to_info(), listed_by_google=listed.get(model.model_id)) for model in catalogue.models]
        if catalogue
        else [],
    )


def current_snapshot() -> Snapshot:
    global _current
    version = kb_version()
    snapshot = _current
    if snapshot is not None and snapshot.version == version:
        return snapshot
    with _lock:
        if _current is None or _current.version != version:
            _current = build_snapshot(version)
        return _current


def classify_today(text: str, *, snapshot: Snapshot | None = None) -> Classification:
    """`text` ranked against the KB (the current one unless `snapshot` is given), with models dated
    by today in the site's time zone: how every part of the site classifies, so that a model retired
    yesterday reads the same on the paste page, the key check, the inbox and the probes. (The site's
    zone, not the one a request may activate: timezone.localdate() looks that up on every paste.)"""
    return classify(snapshot or current_snapshot(), text, today=dt.datetime.now(timezone.get_default_timezone()).date())
