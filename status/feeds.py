"""Google's public status feeds: the Google Cloud Service Health Atom feed and its incidents JSON (and
any Atom or RSS feed listed in STATUS_FEED_URLS). Only incidents that concern the Gemini API, AI
Studio or Vertex AI Gemini are kept, updated as they change.

A feed that is down, slow or malformed never fails anything: its error is recorded on its FeedFetch
row and the incidents it gave last time stay as they were. We fetch (urllib, with one deadline on
the whole fetch, the name lookup included); feedparser only parses the bytes, it never fetches.
"""

from __future__ import annotations

import calendar
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags

from .fetching import FeedError, fetch
from .models import FeedFetch, OfficialIncident

logger = logging.getLogger(__name__)

SUMMARY_MAX_CHARS = 2000
# Resolved incidents that ended longer ago than this are not kept (the incidents JSON holds years).
KEEP_RESOLVED_DAYS = 90

# What concerns us: the Gemini API, AI Studio, Vertex AI Gemini (Google names it "Vertex Gemini API").
GEMINI_PRODUCT = re.compile(r"(?i)\bgemini\b|\bai studio\b|generative language|generativelanguage")
# Products named Gemini that are not the API: Code Assist, Cloud Assist, Workspace, Enterprise.
NOT_THE_GEMINI_API = re.compile(
    r"(?i)gemini (?:code assist|cloud assist|enterprise|for (?:google )?(?:cloud|workspace))"
    r"|gemini in (?:looker|bigquery)"
)
_RESOLVED_TITLE = re.compile(r"(?i)^\s*(?:resolved|closed|completed)\b")
_AFFECTED_PRODUCTS = re.compile(r"(?i)affected products?\s*:\s*([^\n<]+)")


@dataclass(frozen=True)
class Incident:
    external_id: str
    title: str
    state: str  # "open" or "resolved"
    status_text: str
    started_at: datetime | None
    ended_at: datetime | None
    products: tuple[str, ...]
    link: str
    summary: str
    updated_at: datetime | None


@dataclass(frozen=True)
class FeedReport:
    url: str
    ok: bool
    error: str
    incidents: int  # incidents concerning Gemini this read kept


def concerns_gemini(*texts: str) -> bool:
    return any(GEMINI_PRODUCT.search(text) and not NOT_THE_GEMINI_API.search(text) for text in texts if text)


def parse(body: bytes, *, url: str) -> list[Incident]:
    """Every incident in the feed that concerns Gemini. Raises FeedError when it is neither JSON nor a feed."""
    if body.lstrip()[:1] in (b"[", b"{"):
        try:
            data = json.loads(body)
        except ValueError as error:
            raise FeedError(f"malformed JSON: {error}") from None
        return parse_incidents_json(data, url=url)
    return parse_atom_or_rss(body, url=url)


# ---- the incidents JSON -----------------------------------------------------------------------------


def parse_incidents_json(data: Any, *, url: str) -> list[Incident]:
    items = data.get("incidents") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise FeedError("JSON without a list of incidents")
    incidents = []
    for item in items:
        if not isinstance(item, dict) or not item.get("id"):
            continue
        products = _product_titles(item.get("affected_products")) or tuple(
            str(name) for name in [item.get("service_name")] if name
        )
        title = _clean(item.get("external_desc")) or _clean(item.get("service_name")) or "Untitled incident"
        if not (concerns_gemini(*products) if products else concerns_gemini(title)):
            continue
        latest = item.get("most_recent_update")
        update: dict[str, Any] = latest if isinstance(latest, dict) else {}
        ended_at = _datetime(item.get("end"))
        incidents.append(
            Incident(
                external_id=str(item["id"])[:300],
                title=title[:500],
                state=OfficialIncident.State.RESOLVED if ended_at else OfficialIncident.State.OPEN,
                status_text=str(item.get("status_impact") or update.get("status") or "")[:100],
                started_at=_datetime(item.get("begin")),
                ended_at=ended_at,
                products=products,
                link=_web_link(urljoin(url, "/" + str(item["uri"]).lstrip("/")) if item.get("uri") else ""),
                summary=_clean(update.get("text"))[:SUMMARY_MAX_CHARS],
                updated_at=_datetime(item.get("modified")),
            )
        )
    return incidents


def _product_titles(products: Any) -> tuple[str, ...]:
    if not isinstance(products, list):
        return ()
    return tuple(str(p.get("title")) for p in products if isinstance(p, dict) and p.get("title"))


# ---- Atom and RSS -----------------------------------------------------------------------------------


def parse_atom_or_rss(body: bytes, *, url: str) -> list[Incident]:
    parsed = feedparser.parse(BytesIO(body), response_headers={"content-location": url})
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no feed found"
        raise FeedError(f"malformed feed: {str(reason)[:200]}")
    # One incident, many entries (one per update): group them by the incident's link.
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for entry in parsed.entries:
        key = str(entry.get("link") or entry.get("id") or "")
        if key:
            grouped.setdefault(key, []).append(entry)
    incidents = [_incident_from_entries(key, entries) for key, entries in grouped.items()]
    return [incident for incident in incidents if incident is not None]


def _incident_from_entries(key: str, entries: Sequence[Mapping[str, Any]]) -> Incident | None:
    dated = sorted(entries, key=lambda entry: _entry_time(entry) or datetime.min.replace(tzinfo=UTC))
    newest, oldest = dated[-1], dated[0]
    title = _clean(newest.get("title")) or "Untitled incident"
    summary = _clean(newest.get("summary") or "")
    products = _entry_products(newest)
    if not concerns_gemini(title, *products, summary):
        return None
    resolved = bool(_RESOLVED_TITLE.match(title))
    return Incident(
        external_id=key[:300],
        title=_RESOLVED_TITLE.sub("", title).lstrip(" :-").strip()[:500] or title[:500],
        state=OfficialIncident.State.RESOLVED if resolved else OfficialIncident.State.OPEN,
        status_text=title.split(":", 1)[0][:100] if ":" in title else "",
        started_at=_entry_time(oldest, "published") or _entry_time(oldest),
        ended_at=_entry_time(newest) if resolved else None,
        products=products,
        link=_web_link(str(newest.get("link") or "")),
        summary=summary[:SUMMARY_MAX_CHARS],
        updated_at=_entry_time(newest),
    )


def _entry_products(entry: Mapping[str, Any]) -> tuple[str, ...]:
    tags = [str(tag.get("term")) for tag in entry.get("tags") or [] if tag.get("term")]
    found = _AFFECTED_PRODUCTS.search(strip_tags(str(entry.get("summary") or "")))
    listed = [name.strip() for name in found.group(1).split(",") if name.strip()] if found else []
    return tuple(dict.fromkeys(tags + listed))


def _entry_time(entry: Mapping[str, Any], field: str = "updated") -> datetime | None:
    parsed = entry.get(f"{field}_parsed")  # a UTC struct_time
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC) if parsed else None


def _datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _web_link(link: str) -> str:
    """Only http(s) links reach our pages: a feed is not trusted to choose a javascript: URL."""
    return link[:500] if urlsplit(link).scheme in ("http", "https") else ""


def _clean(value: Any) -> str:
    return " ".join(strip_tags(str(value or "")).split())


# ---- reading and keeping ----------------------------------------------------------------------------


def read_status_feeds(
    *, now: datetime | None = None, urls: Iterable[str] | None = None, timeout_seconds: float | None = None
) -> list[FeedReport]:
    """Read every feed once; a failing feed is reported and recorded, never raised."""
    now = now or timezone.now()
    timeout = timeout_seconds or settings.STATUS_FEED_TIMEOUT_SECONDS
    reports = []
    for url in urls if urls is not None else settings.STATUS_FEED_URLS:
        try:
            incidents = parse(fetch(url, timeout_seconds=timeout), url=url)
        except FeedError as error:
            reports.append(_failed(url, str(error), now=now))
            continue
        except Exception as error:  # noqa: BLE001 - a feed can break a parser in ways no list foresees
            reports.append(_failed(url, f"could not read the feed ({type(error).__name__})", now=now))
            continue
        oldest_end = now - timedelta(days=KEEP_RESOLVED_DAYS)
        incidents = [i for i in incidents if i.ended_at is None or i.ended_at >= oldest_end]
        keep(incidents, feed_url=url, now=now)
        FeedFetch.objects.update_or_create(
            url=url,
            defaults={"last_attempt_at": now, "last_ok_at": now, "last_error": "", "incidents_kept": len(incidents)},
        )
        reports.append(FeedReport(url, True, "", len(incidents)))
    return reports


def _failed(url: str, error: str, *, now: datetime) -> FeedReport:
    logger.warning("status: feed %s: %s", url, error)
    FeedFetch.objects.update_or_create(url=url, defaults={"last_attempt_at": now, "last_error": error[:500]})
    return FeedReport(url, False, error, 0)


def keep(incidents: Iterable[Incident], *, feed_url: str, now: datetime) -> None:
    """Insert new incidents and update known ones (state, end, title...) as the feed now says. An
    open incident the feed no longer lists is closed: an Atom feed shows only its latest entries,
    and a missed "RESOLVED" must not leave an outage standing for ever."""
    incidents = list(incidents)
    OfficialIncident.objects.filter(feed_url=feed_url, state=OfficialIncident.State.OPEN).exclude(
        external_id__in=[incident.external_id for incident in incidents]
    ).update(state=OfficialIncident.State.RESOLVED, ended_at=now, status_text="no longer listed", last_seen_at=now)
    for incident in incidents:
        fields = {
            "title": incident.title,
            "state": incident.state,
            "status_text": incident.status_text,
            "started_at": incident.started_at,
            "ended_at": incident.ended_at,
            "products": list(incident.products),
            "link": incident.link,
            "summary": incident.summary,
            "feed_updated_at": incident.updated_at,
            "last_seen_at": now,
        }
        OfficialIncident.objects.update_or_create(
            feed_url=feed_url,
            external_id=incident.external_id,
            defaults=fields,
            create_defaults={**fields, "first_seen_at": now},
        )
