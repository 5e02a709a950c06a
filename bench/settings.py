"""Production settings plus one trivial view, used by bench/load.py as the throughput ceiling."""

from __future__ import annotations

from troubleshooter.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
