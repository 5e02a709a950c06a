"""Fixtures for the browser tests: the site on loopback, one Chromium, a fresh context per test.

The site runs in a thread of this process (Django's LiveServerThread, as pytest-django's
live_server uses it) on the session's test database, with the knowledge base that
tests/conftest.py's django_db_setup loaded and committed. The site only reads the database, so
each test is an ordinary `django_db` test (its transaction rolls back) rather than a transactional
one: nothing is flushed, so nothing has to be loaded again and no later test loses the content.
Its key check calls the local Gemini emulator.

Every page a test opens is watched, and the test fails at teardown on any console error, uncaught
exception, Content-Security-Policy violation, failed request, static file that did not load, or
request to a host other than the site.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from .chromium import launch, missing_prerequisites

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, Response

    from gemini_emulator import EmulatorServer


# Records every CSP violation on the page (window.__cspViolations) and reports it to the test, which
# keeps it across navigations. Init scripts run before the page's own and are not subject to its CSP.
CSP_WATCH_SCRIPT = """
document.addEventListener("securitypolicyviolation", (event) => {
  const record = [event.violatedDirective, event.blockedURI || "inline", event.sourceFile || "",
                  event.lineNumber || 0, event.sample || ""].join(" | ");
  (window.__cspViolations = window.__cspViolations || []).push(record);
  if (window.__reportCspViolation) { window.__reportCspViolation(record); }
});
"""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser test uses the test database, through the site: the marker makes pytest-django
    set it up even when only browser tests run (otherwise the site would read the database named
    in the settings). And browser tests run last, after pytest-django's ordering: Playwright's sync
    API keeps an asyncio loop running in this thread while Chromium is open, and asyncio.run and
    the like refuse to start under it, so Chromium starts once every other test is done."""
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db)
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


# Prerequisites -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_ready() -> None:
    """Skip the browser tests, with the reason, when the browser or axe-core is not installed; on CI
    (CI=true), where bin/setup-browser installs them, fail instead."""
    missing = missing_prerequisites()
    if missing:
        message = "browser tests need " + "; ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI must run them)", pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser(browser_ready: None, live_site: Site) -> Iterator[Browser]:
    """One Chromium for the session. The site comes first: the test database is set up, the
    knowledge base loaded and committed, and the server started, before Playwright's event loop
    runs in this thread (from then on Django gives this thread a separate set of connections)."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's loop counts as running in this thread, so Django's guard against blocking ORM
    # calls from async code would refuse each test's database transaction. Nothing runs on that
    # loop while a test talks to the database, so the guard is lifted while the browser is open.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = launch(playwright)
            yield chromium
            chromium.close()
            # With a loop running, Django keeps this thread's connections apart from the ones it
            # had before (asgiref's Local): close those now, or they would outlive the session and
            # keep PostgreSQL from dropping the test database.
            connections.close_all()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


# The site ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    url: str  # http://127.0.0.1:PORT, no trailing slash

    @property
    def netloc(self) -> str:
        return urlsplit(self.url).netloc


@pytest.fixture(scope="session")
def live_site(browser_ready: None, django_db_setup: None, django_db_blocker: Any) -> Iterator[Site]:
    from django.db import connection
    from pytest_django.live_server_helper import LiveServer

    name = str(connection.settings_dict["NAME"])
    assert "memory" in name or name.startswith("test_"), f"the site would run on {name}, not a test database"
    # Each request thread closes its connection when the request ends, as with CONN_MAX_AGE=0 in
    # production: a connection kept for the next request on a keep-alive socket could outlive the
    # server and stop the test database from being dropped at the end of the session.
    max_age = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 0
    with django_db_blocker.unblock():
        server = LiveServer("127.0.0.1")
    yield Site(url=server.url)
    with django_db_blocker.unblock():
        server.stop()
    connection.settings_dict["CONN_MAX_AGE"] = max_age


@pytest.fixture
def site(live_site: Site, settings: Any, emulator: EmulatorServer) -> Site:
    """The site, its key check pointed at the emulator (the cache starts empty: tests/conftest.py)."""
    settings.GEMINI_API_BASE_URL = emulator.base_url
    settings.KEY_CHECK_TIMEOUT_SECONDS = 5
    settings.KEY_CHECK_RATE_LIMIT_PER_MINUTE = 10_000
    return live_site


# Pages and what they do --------------------------------------------------------------------------

IGNORED_SCHEMES = ("data", "blob", "about")
STATIC_TYPES = {"stylesheet", "script", "image", "font"}


@dataclass
class PageWatch:
    """What went wrong while a context's pages were open."""

    netloc: str
    allowed_console: list[re.Pattern[str]] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    bad_static: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def allow_console_error(self, pattern: str) -> None:
        """An error the test causes on purpose (a 404 page logs its own status)."""
        self.allowed_console.append(re.compile(pattern))

    def attach(self, context: BrowserContext) -> None:
        context.expose_function("__reportCspViolation", lambda record: self.csp_violations.append(record))
        context.add_init_script(CSP_WATCH_SCRIPT)
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.page_errors.append(str(error.error)))
        context.on("request", self._on_request)
        context.on("requestfailed", self._on_request_failed)
        context.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not any(p.search(message.text) for p in self.allowed_console):
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme not in IGNORED_SCHEMES and parts.netloc != self.netloc:
            self.foreign_requests.append(request.url)

    def _on_request_failed(self, request: Request) -> None:
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _on_response(self, response: Response) -> None:
        if response.request.resource_type in STATIC_TYPES and response.status >= 400:
            self.bad_static.append(f"{response.status} {response.url}")

    def problems(self) -> list[str]:
        found = []
        for name in (
            "console_errors",
            "page_errors",
            "csp_violations",
            "foreign_requests",
            "failed_requests",
            "bad_static",
        ):
            found += [f"{name.replace('_', ' ')}: {item}" for item in getattr(self, name)]
        return found


@dataclass
class Browsing:
    """Opens pages in fresh contexts and remembers their watches, checked when the test ends."""

    browser: Browser
    site: Site
    contexts: list[tuple[BrowserContext, PageWatch]] = field(default_factory=list)

    def new_page(self, **context_options: Any) -> Page:
        options = {"viewport": {"width": 1280, "height": 900}, "base_url": self.site.url, **context_options}
        context = self.browser.new_context(**options)
        context.set_default_timeout(10_000)
        watch = PageWatch(netloc=self.site.netloc)
        watch.attach(context)
        self.contexts.append((context, watch))
        return context.new_page()

    def watch(self, page: Page) -> PageWatch:
        return next(watch for context, watch in self.contexts if context is page.context)

    def close(self) -> list[str]:
        problems = []
        for context, watch in self.contexts:
            context.close()  # first, so events still in flight are counted
            problems += watch.problems()
        return problems


@pytest.fixture
def browsing(browser: Browser, site: Site) -> Iterator[Browsing]:
    session = Browsing(browser=browser, site=site)
    yield session
    problems = session.close()
    assert not problems, "the browser saw problems:\n  " + "\n  ".join(problems)


@pytest.fixture
def page(browsing: Browsing) -> Page:
    """A desktop-sized page, light colour scheme, JavaScript on."""
    return browsing.new_page()


@pytest.fixture
def watch(browsing: Browsing, page: Page) -> PageWatch:
    return browsing.watch(page)
