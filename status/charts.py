"""The last 24 hours of probes as two small charts per model: latency and error rate, drawn on the
server as SVG (no JavaScript), each with a title, a description that says what it shows, and the
same numbers as a table for whoever cannot see it."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .models import ProbeResult

CHART_HOURS = 24
BUCKET_MINUTES = 30
# The drawing area, in SVG user units (the SVG scales to its box).
WIDTH, HEIGHT = 480.0, 120.0
LEFT, BOTTOM, TOP = 44.0, 18.0, 6.0


@dataclass(frozen=True)
class Bucket:
    start: datetime
    probes: int
    failures: int
    median_ms: int | None  # of the probes that succeeded

    @property
    def error_percent(self) -> int | None:
        return round(100 * self.failures / self.probes) if self.probes else None


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Chart:
    key: str  # unique in the page: ids for title and desc
    title: str
    desc: str
    lines: tuple[str, ...]  # polyline points, one per run of buckets with data
    dots: tuple[tuple[float, float], ...]  # each point too: a lone bucket draws no line
    bars: tuple[Bar, ...]
    y_max_label: str
    x_labels: tuple[tuple[float, str], ...]
    width: float = WIDTH
    height: float = HEIGHT
    left: float = LEFT
    baseline_y: float = HEIGHT - BOTTOM


@dataclass(frozen=True)
class ModelCharts:
    model_id: str
    buckets: tuple[Bucket, ...]
    latency: Chart
    errors: Chart


def bucket_probes(rows: Iterable[ProbeResult], *, now: datetime) -> tuple[Bucket, ...]:
    """Probes grouped into BUCKET_MINUTES slots, the oldest first, ending with the slot holding `now`."""
    size = timedelta(minutes=BUCKET_MINUTES)
    count = CHART_HOURS * 60 // BUCKET_MINUTES
    last_start = now.replace(minute=now.minute - now.minute % BUCKET_MINUTES, second=0, microsecond=0)
    first_start = last_start - size * (count - 1)
    slots: list[list[ProbeResult]] = [[] for _ in range(count)]
    for row in rows:
        index = int((row.minute - first_start) / size)
        if 0 <= index < count:
            slots[index].append(row)
    buckets = []
    for index, probes in enumerate(slots):
        ok = [probe.latency_ms for probe in probes if probe.ok]
        buckets.append(
            Bucket(
                start=first_start + size * index,
                probes=len(probes),
                failures=sum(1 for probe in probes if not probe.ok),
                median_ms=round(statistics.median(ok)) if ok else None,
            )
        )
    return tuple(buckets)


def _x(index: int, count: int) -> float:
    return LEFT + (WIDTH - LEFT) * (index + 0.5) / count


def _x_labels(buckets: Sequence[Bucket]) -> tuple[tuple[float, str], ...]:
    step = max(1, len(buckets) // 4)
    return tuple((_x(i, len(buckets)), f"{b.start:%H:%M}") for i, b in enumerate(buckets) if i % step == 0)


def latency_chart(model_id: str, buckets: Sequence[Bucket], *, key: str) -> Chart:
    known = [b.median_ms for b in buckets if b.median_ms is not None]
    top = max(known, default=0)
    scale = max(top, 100) * 1.1
    plot_height = HEIGHT - BOTTOM - TOP
    lines: list[str] = []
    dots: list[tuple[float, float]] = []
    run: list[str] = []
    for index, bucket in enumerate(buckets):
        if bucket.median_ms is None:
            if run:
                lines.append(" ".join(run))
            run = []
            continue
        x, y = round(_x(index, len(buckets)), 1), round(HEIGHT - BOTTOM - plot_height * bucket.median_ms / scale, 1)
        run.append(f"{x},{y}")
        dots.append((x, y))
    if run:
        lines.append(" ".join(run))
    if known:
        latest = next(b.median_ms for b in reversed(buckets) if b.median_ms is not None)
        desc = (
            f"Median latency of successful probes of {model_id}, per {BUCKET_MINUTES} minutes over the last "
            f"{CHART_HOURS} hours: lowest {min(known):,} ms, highest {top:,} ms, latest {latest:,} ms."
        )
    else:
        desc = f"No successful probe of {model_id} in the last {CHART_HOURS} hours, so no latency to show."
    return Chart(
        key=key,
        title=f"{model_id}: probe latency, last {CHART_HOURS} hours",
        desc=desc,
        lines=tuple(lines),
        dots=tuple(dots),
        bars=(),
        y_max_label=f"{round(scale):,} ms",
        x_labels=_x_labels(buckets),
    )


def error_chart(model_id: str, buckets: Sequence[Bucket], *, key: str) -> Chart:
    plot_height = HEIGHT - BOTTOM - TOP
    width = (WIDTH - LEFT) / len(buckets) * 0.8
    bars = []
    for index, bucket in enumerate(buckets):
        percent = bucket.error_percent
        if not percent:
            continue
        height = plot_height * percent / 100
        bars.append(
            Bar(
                x=round(_x(index, len(buckets)) - width / 2, 1),
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(width, 1),
                height=round(height, 1),
                label=f"{bucket.start:%H:%M} UTC: {bucket.failures} of {bucket.probes} probes failed",
            )
        )
    probes = sum(b.probes for b in buckets)
    failures = sum(b.failures for b in buckets)
    if not probes:
        desc = f"No probe of {model_id} in the last {CHART_HOURS} hours."
    elif not failures:
        desc = f"All {probes:,} probes of {model_id} in the last {CHART_HOURS} hours succeeded."
    else:
        worst = max(buckets, key=lambda b: (b.error_percent or 0, b.start))
        desc = (
            f"{failures:,} of {probes:,} probes of {model_id} failed in the last {CHART_HOURS} hours "
            f"({round(100 * failures / probes)}%); the worst half hour was {worst.start:%H:%M} UTC "
            f"with {worst.error_percent}%."
        )
    return Chart(
        key=key,
        title=f"{model_id}: probe error rate, last {CHART_HOURS} hours",
        desc=desc,
        lines=(),
        dots=(),
        bars=tuple(bars),
        y_max_label="100%",
        x_labels=_x_labels(buckets),
    )


def model_charts(model_ids: Sequence[str], *, now: datetime) -> list[ModelCharts]:
    rows = ProbeResult.objects.filter(
        model_id__in=model_ids, minute__gt=now - timedelta(hours=CHART_HOURS), minute__lte=now
    ).only("model_id", "minute", "latency_ms", "outcome")
    by_model: dict[str, list[ProbeResult]] = {model: [] for model in model_ids}
    for row in rows:
        by_model[row.model_id].append(row)
    charts = []
    for index, model_id in enumerate(model_ids):
        buckets = bucket_probes(by_model[model_id], now=now)
        charts.append(
            ModelCharts(
                model_id=model_id,
                buckets=buckets,
                latency=latency_chart(model_id, buckets, key=f"latency-{index}"),
                errors=error_chart(model_id, buckets, key=f"errors-{index}"),
            )
        )
    return charts
