"""Sharing an unanswered paste, deleting it by its link, and keeping each group's counts true.

A paste is stored only when its sender asks, and only as the server makes it: redacted again with
the engine's own redaction (whatever the page sent), cut at SHARED_PASTE_MAX_BYTES, with what the
classifier says of it now, the KB version and the time. A paste the KB answers is not stored: the
inbox is for what it cannot answer yet.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone

from classifier import Classification, redact
from errors_kb.snapshot import classify_today, current_snapshot
from web.ratelimit import allow

from .fingerprint import error_shape
from .forms import SharePasteForm
from .models import Group, SharedPaste

DELETE_SALT = "inbox.delete"


class ShareRefused(ValueError):
    """A paste we do not store; the message is written for the person who sent it."""


class DeleteLinkError(ValueError):
    """A delete link that names no stored paste (400 damaged, 410 gone); the message is written
    for the person who opened it."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


ANSWERED_MESSAGE = "This paste has a documented answer now: paste it again above to see it. Nothing was stored."
DAMAGED_MESSAGE = "This delete link is damaged: part of it is missing or was changed. Nothing was deleted."
GONE_MESSAGE = "This paste is no longer stored: it was deleted, or its retention period ended."
SHARED_MESSAGE = "Thank you: your paste is shared, keys and tokens removed, so that we can document this error."
RATE_LIMITED = "Too many pastes shared from your address in the last minute: try again in a minute."


def unanswered(result: Classification) -> bool:
    """No match, or only a generic entry: one that names the status, not the cause."""
    return result.best is None or not result.best.specific


def stored_text(text: str, *, max_bytes: int) -> tuple[str, bool]:
    """The paste as it may be kept: redacted first, so a cut never leaves half a key behind, then
    cut to `max_bytes` of UTF-8 at a character's edge. Also True when it was cut."""
    # NUL and lone surrogates: no database column takes them, and no error needs them.
    data = redact(text).replace("\x00", "").encode("utf-8", "replace")
    if len(data) <= max_bytes:
        return data.decode("utf-8"), False
    return data[:max_bytes].decode("utf-8", "ignore"), True


@dataclass(frozen=True)
class ShareReceipt:
    paste: SharedPaste
    delete_token: str


def share_paste(text: str, *, max_bytes: int, now: dt.datetime | None = None) -> ShareReceipt:
    """Store a paste the KB cannot answer in the group of its error. Raises ShareRefused otherwise."""
    text, truncated = stored_text(text, max_bytes=max_bytes)
    snapshot = current_snapshot()
    result = classify_today(text, snapshot=snapshot)
    if not unanswered(result):
        raise ShareRefused(ANSWERED_MESSAGE)
    shape = error_shape(result.facts, text)
    now = now or timezone.now()
    with transaction.atomic():
        group, _ = Group.objects.select_for_update().get_or_create(
            fingerprint=shape.fingerprint,
            defaults={
                "http_code": shape.http_code,
                "api_status": shape.api_status,
                "reason": shape.reason,
                "message_shape": shape.message,
                "client": shape.client,
                "first_seen": now,
                "last_seen": now,
            },
        )
        paste = SharedPaste.objects.create(
            group=group,
            text=text,
            truncated=truncated,
            classification=[{"slug": c.slug, "confidence": round(c.confidence, 3)} for c in result.matches],
            client=shape.client,
            clients=list(result.facts.clients),
            kb_version=snapshot.version,
            shared_at=now,
        )
        _count_in(group, paste)
    return ShareReceipt(paste=paste, delete_token=delete_token(paste))


@dataclass(frozen=True)
class ShareOutcome:
    """What the sender of a share reads: the message, the HTTP status, and once stored its delete link."""

    message: str
    status: int
    delete_url: str = ""
    truncated: bool = False


def share_outcome(form: SharePasteForm, *, client: str) -> ShareOutcome:
    """Share the paste `form` holds, from `client`, unless the client is over its budget for the
    minute, the form is not valid or the KB answers the paste: the outcome says which."""
    if not allow(scope="share-paste", client=client, limit=settings.SHARE_PASTE_RATE_LIMIT_PER_MINUTE):
        return ShareOutcome(RATE_LIMITED, status=429)
    if not form.is_valid():
        return ShareOutcome(" ".join(str(problem) for problem in form.errors.get("text", [])), status=400)
    try:
        receipt = share_paste(form.cleaned_data["text"], max_bytes=settings.SHARED_PASTE_MAX_BYTES)
    except ShareRefused as refused:
        return ShareOutcome(str(refused), status=409)
    return ShareOutcome(
        SHARED_MESSAGE,
        status=200,
        delete_url=reverse("errors_kb:shared-paste-delete", args=[receipt.delete_token]),
        truncated=receipt.paste.truncated,
    )


def _sdks(named: Iterable[Iterable[str]]) -> list[str]:
    """The SDKs named, each once, in the order first named."""
    return [client for client in dict.fromkeys(client for names in named for client in names) if client]


def _count_in(group: Group, paste: SharedPaste) -> None:
    """Count a new paste in its group from the group's own figures: a share stays one row's update
    however many pastes the group holds. The row was read under select_for_update (SQLite lets one
    writer in at a time), so no other share changed them since."""
    group.count += 1
    group.first_seen = min(group.first_seen, paste.shared_at)
    group.last_seen = max(group.last_seen, paste.shared_at)
    group.sdks = _sdks([group.sdks, [paste.client, *paste.clients]])
    group.save(update_fields=["count", "first_seen", "last_seen", "sdks"])


def refresh_groups(group_ids: Iterable[int]) -> None:
    """Each group's count, first and last seen and SDKs as its pastes say now, after some were
    deleted: what they leave cannot be subtracted (another paste may name the same SDK), so it is
    read again. A group with no paste left goes, so that nothing of a deleted paste outlives it."""
    for group in Group.objects.filter(pk__in=list(group_ids)):
        pastes = group.pastes.all()
        stats = pastes.aggregate(first=Min("shared_at"), last=Max("shared_at"))
        if stats["first"] is None:
            group.delete()
            continue
        group.count = pastes.count()
        group.first_seen, group.last_seen = stats["first"], stats["last"]
        group.sdks = _sdks(
            [client, *named] for client, named in pastes.order_by("shared_at").values_list("client", "clients")
        )
        group.save(update_fields=["count", "first_seen", "last_seen", "sdks"])


def delete_token(paste: SharedPaste) -> str:
    return signing.Signer(salt=DELETE_SALT).sign(str(paste.public_id))


def paste_for_token(token: str) -> SharedPaste:
    """The stored paste a delete link names. Raises DeleteLinkError."""
    try:
        public_id = uuid.UUID(signing.Signer(salt=DELETE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise DeleteLinkError(DAMAGED_MESSAGE, status=400) from None
    paste = SharedPaste.objects.filter(public_id=public_id).first()
    if paste is None:
        raise DeleteLinkError(GONE_MESSAGE, status=410)
    return paste


def delete_shared_paste(token: str) -> None:
    """Delete the paste a link names (and its group, if it was the last). Raises DeleteLinkError."""
    with transaction.atomic():
        paste = paste_for_token(token)
        group_id = paste.group_id
        paste.delete()
        refresh_groups([group_id])


def expire_shared_pastes(*, retention_days: int, now: dt.datetime | None = None) -> int:
    """Delete the pastes shared more than `retention_days` ago, and the groups left empty; the count deleted."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=retention_days)
    with transaction.atomic():
        expired = SharedPaste.objects.filter(shared_at__lt=cutoff)
        group_ids = set(expired.values_list("group_id", flat=True))
        deleted, _ = expired.delete()
        refresh_groups(group_ids)
    return deleted
