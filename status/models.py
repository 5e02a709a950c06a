"""What the status app keeps: official incidents and the feeds they come from, probe results, the
anonymous counts of classified pastes, the detector's elevations and every change of a verdict.

Nothing here holds a paste, an address or a key: probes store an outcome, a code and a latency;
pastes leave one count per minute, category, model and HTTP code.
"""

from __future__ import annotations

from django.db import models


class VerdictState(models.TextChoices):
    OPERATIONAL = "operational"
    DEGRADED = "degraded"
    OUTAGE = "outage"


class VerdictChange(models.Model):
    """A model's verdict changed: our own incident log, read by the Atom feed and the alerts."""

    model_id = models.CharField(max_length=100, db_index=True)
    state_before = models.CharField(max_length=12, choices=VerdictState.choices)
    state_after = models.CharField(max_length=12, choices=VerdictState.choices)
    at = models.DateTimeField(db_index=True)
    evidence = models.TextField(help_text="Why, one piece of evidence a line.")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model_id", "-at"], name="status_change_model_at")]

    def __str__(self) -> str:
        return f"{self.model_id}: {self.state_before} -> {self.state_after} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def evidence_lines(self) -> list[str]:
        return [line for line in self.evidence.splitlines() if line.strip()]


class OfficialIncident(models.Model):
    """An incident from one of Google's status feeds that concerns the Gemini API, AI Studio or Vertex AI Gemini."""

    class State(models.TextChoices):
        OPEN = "open"
        RESOLVED = "resolved"

    feed_url = models.URLField(max_length=500)
    external_id = models.CharField(max_length=300)
    title = models.CharField(max_length=500)
    state = models.CharField(max_length=10, choices=State.choices)
    # The feed's own words for the state or impact ("SERVICE_DISRUPTION", "Investigating", ...).
    status_text = models.CharField(max_length=100, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    products = models.JSONField(default=list)
    link = models.URLField(max_length=500, blank=True)
    summary = models.TextField(blank=True)
    feed_updated_at = models.DateTimeField(null=True, blank=True)
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["feed_url", "external_id"], name="status_incident_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class FeedFetch(models.Model):
    """The last attempt to read a feed: when a feed is down or malformed we keep its last good incidents."""

    url = models.URLField(max_length=500, unique=True)
    last_attempt_at = models.DateTimeField()
    last_ok_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    incidents_kept = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.url

    @property
    def ok(self) -> bool:
        return not self.last_error


class ProbeResult(models.Model):
    """One probe of one model in one minute. `outcome` is "ok" or the KB slug the failure classifies to."""

    model_id = models.CharField(max_length=100)
    minute = models.DateTimeField()
    outcome = models.CharField(max_length=100)
    # True when the failure is Google's (5xx, 429, a timeout, no connection): it counts against the model.
    # False for ok, and for failures of the probe's own making (a rejected key, an unknown model).
    service_failure = models.BooleanField(default=False)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField()

    class Meta:
        ordering = ["-minute", "model_id"]
        constraints = [models.UniqueConstraint(fields=["model_id", "minute"], name="status_probe_one_per_minute")]
        indexes = [models.Index(fields=["minute"], name="status_probe_minute")]

    def __str__(self) -> str:
        return f"{self.model_id} {self.minute:%H:%M}: {self.outcome}"

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


class ErrorCount(models.Model):
    """How many classified pastes showed one category, model and HTTP code in one minute: counts only."""

    minute = models.DateTimeField()
    category = models.CharField(max_length=40)
    model_id = models.CharField(max_length=100, blank=True)  # blank: no model named, or not one we know
    http_code = models.PositiveSmallIntegerField(default=0)  # 0: the paste shows no code
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["minute", "category", "model_id", "http_code"],
                name="status_count_unique",
            )
        ]
        indexes = [models.Index(fields=["minute"], name="status_count_minute")]

    def __str__(self) -> str:
        return f"{self.minute:%H:%M} {self.category} {self.model_id or '-'} {self.http_code}: {self.count}"


class Elevation(models.Model):
    """The detector's finding for one model and kind of error (5xx or 429), kept so it can hold steady."""

    model_id = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=10)  # "5xx" or "429"
    active = models.BooleanField(default=False)
    since = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField()
    recent_count = models.PositiveIntegerField(default=0)
    expected_count = models.FloatField(default=0.0)
    ratio = models.FloatField(default=0.0)
    top_code = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model_id", "kind"], name="status_elevation_unique")]

    def __str__(self) -> str:
        return f"{self.model_id or 'any'} {self.kind}: {'elevated' if self.active else 'normal'}"
