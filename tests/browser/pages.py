"""What the browser tests do on the site's pages, shared by the test modules."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from playwright.sync_api import expect

from ..pastes import QUOTA_PER_MINUTE_PASTE as QUOTA_PASTE
from .chromium import AXE_PATH

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response


def open_page(page: Page, path: str, *, status: int = 200, js: bool = True) -> Response:
    """Go to a path of the site and check the status, the CSP header, and that the stylesheet and
    (where JavaScript is on) the scripts loaded and ran: a file blocked by the CSP, or missing,
    leaves the page unstyled or static without any server-side test noticing."""
    response = page.goto(path)
    assert response is not None and response.status == status, f"{path}: {response and response.status}"
    assert "script-src 'self'" in response.headers.get("content-security-policy", ""), f"{path}: no CSP header"
    assert_styled(page)
    assert_no_template_source(page)
    if js:
        assert page.evaluate("typeof window.htmx === 'object'"), f"{path}: htmx did not load"
        assert page.evaluate("document.documentElement.classList.contains('js')"), f"{path}: site.js did not run"
    return response


def wait_until(page: Page, condition: Callable[[], Any], *, seconds: float = 5.0) -> None:
    """Let the page's events reach the test (Playwright delivers them while it waits) until
    `condition()` holds: for events the test records itself, such as a route it holds back."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        page.wait_for_timeout(20)


def assert_styled(page: Page) -> None:
    loaded = page.evaluate(
        """() => Array.from(document.styleSheets).map((sheet) => {
             try { return [sheet.href, sheet.cssRules.length]; } catch (error) { return [sheet.href, -1]; }
           })"""
    )
    assert any(href.endswith("/css/site.css") and rules > 50 for href, rules in loaded), loaded
    # site.css sets the page's font; the browser's default would be a serif.
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")


def assert_no_template_source(page: Page) -> None:
    """A template tag or comment that failed to parse shows up as text (`{# ... #}` spans one line
    only). Code samples may hold braces of their own, so they are left out."""
    text = page.evaluate(
        """() => {
             const body = document.body.cloneNode(true);
             body.querySelectorAll("pre, code, textarea").forEach((el) => el.remove());
             return body.textContent;
           }"""
    )
    leaked = re.findall(r"\{[#%{].{0,40}", text)
    assert not leaked, f"template source shown on {page.url}: {leaked}"


QUOTA_SLUG = "quota-per-minute"


def paste_and_submit(page: Page, text: str = QUOTA_PASTE) -> None:
    page.get_by_label("Your error").fill(text)
    page.get_by_role("button", name="Find the fix").click()


def check_key(page: Page, key: str) -> None:
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Check my key").click()


AXE_SOURCE: dict[str, str] = {}


def axe_violations(page: Page, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Runs axe-core (tests/browser/package.json) on the page as it is now and returns the
    violations of the given impacts, one readable line each. The script is evaluated through the
    DevTools protocol, so the page's CSP (no inline script) does not block it."""
    if "axe" not in AXE_SOURCE:
        AXE_SOURCE["axe"] = AXE_PATH.read_text(encoding="utf-8")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE["axe"])
    results = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for violation in results["violations"]:
        if violation["impact"] in impacts:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            lines.append(f"{violation['impact']} {violation['id']}: {violation['help']} [{targets}]")
    return lines


# Every kind of page the site has, for the checks that hold on all of them ------------------------


@dataclass(frozen=True)
class PageKind:
    name: str
    path: str
    status: int = 200
    # What a person does once the page has loaded (paste an error, check a key).
    then: Callable[[Page], None] | None = None
    # Set up before loading (the 500 page is served through a route).
    prepare: Callable[[Page], None] | None = None

    def visit(self, page: Page, *, js: bool = True) -> None:
        if self.prepare:
            self.prepare(page)
        open_page(page, self.path, status=self.status, js=js)
        if self.then:
            self.then(page)


def show_answer(page: Page) -> None:
    paste_and_submit(page)
    expect(page.locator("#answer-title")).to_be_visible()


def show_no_match(page: Page) -> None:
    paste_and_submit(page, "Segmentation fault (core dumped)")
    expect(page.locator("#answer-title")).to_have_text("No documented error matches this paste")


def show_key_result(page: Page) -> None:
    check_key(page, "AQ.fake-quota")
    expect(page.locator("#key-check-title")).to_be_visible()


def serve_server_error(page: Page) -> None:
    """The 500 page as troubleshooter.views.server_error renders it, at an address of the site and with
    the site's own headers (CSP included), so its stylesheet and scripts load as for real."""
    from troubleshooter.views import server_error

    headers = dict(page.request.get("/faq/").headers)
    body = server_error(None).content  # type: ignore[arg-type]
    page.route("**/boom/", lambda route: route.fulfill(status=500, body=body, headers=headers))


PAGE_KINDS = [
    PageKind("home", "/"),
    PageKind("home-with-result", "/", then=show_answer),
    PageKind("home-no-match", "/", then=show_no_match),
    PageKind("error-list", "/errors/"),
    PageKind("error-search", "/errors/?q=quota"),
    PageKind("error-detail", f"/errors/{QUOTA_SLUG}/"),
    PageKind("faq-list", "/faq/"),
    PageKind("faq-detail", "/faq/rate-limits-by-tier/"),
    PageKind("key-panel", "/key/"),
    PageKind("key-panel-with-result", "/key/", then=show_key_result),
    PageKind("status", "/status/"),
    PageKind("not-found", "/no-such-page/", status=404),
    PageKind("server-error", "/boom/", status=500, prepare=serve_server_error),
]
