"""Debian's Chromium as the browser tests and the screenshots tool launch it.

Playwright for Python ships its own driver but not the browser: `playwright install` downloads one,
which this project never does. bin/setup-browser installs Debian's package and axe-core instead.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM_PATH = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Headless, and nothing that phones home: no QUIC, no component or sync traffic, no first-run pages.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_PATH = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
SETUP_HINT = "run bin/setup-browser (as root) or bin/test"


def missing_prerequisites(*, axe: bool = True) -> list[str]:
    """What is not installed, in words a person can act on; empty when the browser tests can run."""
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package (bin/setup installs requirements-dev.txt)")
    if not (CHROMIUM_PATH.is_file() and os.access(CHROMIUM_PATH, os.X_OK)):
        missing.append(f"Chromium at {CHROMIUM_PATH} ({SETUP_HINT})")
    if axe and not AXE_PATH.is_file():
        missing.append(f"axe-core at {AXE_PATH} ({SETUP_HINT})")
    return missing


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True)
