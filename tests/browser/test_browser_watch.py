"""The watch on every browser test's pages catches what it promises to: if it saw nothing here, a
clean run of the other tests would prove nothing."""

from __future__ import annotations

import pytest

from .pages import axe_violations, open_page, wait_until

pytestmark = pytest.mark.browser


def test_watch_catches_a_csp_violation_a_console_error_and_an_uncaught_exception(page, watch):
    open_page(page, "/faq/")
    # What a careless template or script would do: an inline script, an inline style, a throw.
    page.evaluate(
        """() => {
             const script = document.createElement("script");
             script.textContent = "window.__ran = true";
             document.body.appendChild(script);
             const probe = document.createElement("div");
             probe.setAttribute("style", "color: red");
             document.body.appendChild(probe);
             setTimeout(() => { throw new Error("uncaught on purpose"); }, 0);
           }"""
    )
    wait_until(page, lambda: len(watch.csp_violations) >= 2 and watch.page_errors)
    assert page.evaluate("window.__ran") is None, "the CSP blocked the inline script"
    directives = " ".join(watch.csp_violations)
    assert "script-src" in directives and "style-src" in directives
    assert any("Content Security Policy" in message for message in watch.console_errors)
    assert any("uncaught on purpose" in error for error in watch.page_errors)
    assert page.evaluate("window.__cspViolations.length") >= 2
    # Caught: now clear them, so this test's own teardown check passes.
    watch.csp_violations.clear()
    watch.console_errors.clear()
    watch.page_errors.clear()


def test_watch_catches_a_request_to_another_host(page, watch, site):
    open_page(page, "/faq/")
    # Another loopback address: a different host to the browser, and nothing listens there.
    other = site.url.replace("127.0.0.1", "127.0.0.2") + "/"
    page.evaluate("url => { location.href = url; }", other)
    wait_until(page, lambda: watch.failed_requests)
    assert watch.foreign_requests == [other]
    watch.foreign_requests.clear()
    watch.failed_requests.clear()


def test_axe_finds_a_serious_violation_when_there_is_one(page):
    open_page(page, "/faq/")
    page.evaluate("""() => { const image = document.createElement("img"); image.src = "/static/img/favicon.svg";
                              document.querySelector("main").appendChild(image); }""")
    assert any("image-alt" in line for line in axe_violations(page))
