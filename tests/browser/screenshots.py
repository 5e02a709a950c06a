"""Screenshots of the site's main pages, for the README: PNG files in docs/screenshots/.

    bin/screenshots [--out docs/screenshots]

It starts what it shows by itself, on loopback: the local Gemini emulator, and the site under
gunicorn configured as in production (DEBUG off, hashed static files, the strict CSP) on a
temporary SQLite database that it migrates and loads the knowledge base into. Then Debian's
Chromium opens each page, does what a person would (paste an error, check a key) and takes the
picture. The browser tests call `capture` on their own live server, so the pictures' recipes
keep working as the site changes.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .chromium import launch, missing_prerequisites
from .pages import QUOTA_SLUG, show_answer, show_key_result

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "docs" / "screenshots"
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "device_scale_factor": 1}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
MAX_HEIGHT = 2000  # a long page is cut here: the README shows the top of it


@dataclass(frozen=True)
class Shot:
    file: str
    path: str
    then: Callable[[Page], None] | None = None
    context: dict[str, Any] = field(default_factory=lambda: dict(DESKTOP))
    max_height: int = MAX_HEIGHT


SHOTS = [
    Shot("home-with-result.png", "/", then=show_answer),
    Shot("error-page.png", f"/errors/{QUOTA_SLUG}/"),
    Shot("key-panel-result.png", "/key/", then=show_key_result),
    Shot("faq.png", "/faq/"),
    Shot("home-with-result-phone.png", "/", then=show_answer, context=PHONE, max_height=1800),
    Shot("error-page-dark.png", f"/errors/{QUOTA_SLUG}/", context={**DESKTOP, "color_scheme": "dark"}),
]


def capture(browser: Browser, base_url: str, out: Path, shots: list[Shot] = SHOTS) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for shot in shots:
        context = browser.new_context(base_url=base_url, reduced_motion="reduce", **shot.context)
        try:
            page = context.new_page()
            response = page.goto(shot.path)
            if response is None or response.status != 200:
                raise RuntimeError(f"{shot.path}: HTTP {response and response.status}")
            if shot.then:
                shot.then(page)
            page.mouse.move(0, 0)  # no hover colour left on the button just pressed
            page.evaluate("document.fonts.ready.then(() => true)")
            # A viewport as tall as the picture rather than a full-page screenshot: Chromium drops
            # the phone's touch emulation for those, and the page would show its desktop hints.
            width = shot.context["viewport"]["width"]
            height = min(page.evaluate("document.documentElement.scrollHeight"), shot.max_height)
            page.set_viewport_size({"width": width, "height": height})
            page.evaluate("window.scrollTo(0, 0)")
            target = out / shot.file
            page.screenshot(path=target, animations="disabled", caret="hide")
            written.append(target)
        finally:
            context.close()
    return written


# The site and the emulator, started here -----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_site(*, gemini_url: str) -> Iterator[str]:
    """The site under gunicorn on a free loopback port, as production runs it, on a throwaway database."""
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "troubleshooter.settings",
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{tmp}/site.sqlite3",
            "STATIC_ROOT": f"{tmp}/static",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "GEMINI_API_BASE_URL": gemini_url,
            "LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore::FutureWarning",  # google-api-core's notice about Python 3.11
        }
        for name in ("REDIS_URL", "DJANGO_PLAIN_STATIC"):
            env.pop(name, None)
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate", "--noinput"], ["kb_sync"], ["collectstatic", "--noinput"]):
            subprocess.run(
                [*manage, *command, "--verbosity", "0"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
            )
        port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        server = subprocess.Popen(
            [
                str(gunicorn),
                "troubleshooter.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for_health(url, server)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


def wait_for_health(url: str, server: subprocess.Popen[bytes], *, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"the site exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the site did not answer on {url} within {seconds:.0f} s")
        time.sleep(0.2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bin/screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PNG files (default: %(default)s)")
    args = parser.parse_args(argv)
    missing = missing_prerequisites(axe=False)
    if missing:
        print("Screenshots need " + "; ".join(missing), file=sys.stderr)
        return 1

    from playwright.sync_api import sync_playwright

    from gemini_emulator import start_emulator

    emulator, gemini_url = start_emulator()
    try:
        with running_site(gemini_url=gemini_url) as url, sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                for path in capture(browser, url, args.out):
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
            finally:
                browser.close()
    finally:
        emulator.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
