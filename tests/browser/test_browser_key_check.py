"""The "Test my key" panel in a browser, against the local Gemini emulator: the key picks the scenario."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .pages import check_key, open_page, wait_until

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("key", "title", "failed_step", "slug"),
    [
        ("AQ.fake-valid", "Your key works: every check passed", None, None),
        ("AQ.fake-quota", "Failed at “One-token call”", "One-token call", "quota-per-minute"),
        ("AQ.fake-safety", "Failed at “One-token call”", "One-token call", "response-blocked-safety"),
    ],
)
def test_key_check_shows_the_checklist_in_place_and_links_the_documented_error(page, key, title, failed_step, slug):
    open_page(page, "/key/")
    page.evaluate("window.__sameDocument = true")

    check_key(page, key)

    result = page.locator("#key-result")
    expect(result.locator("#key-check-title")).to_have_text(title)
    assert page.evaluate("window.__sameDocument") is True
    steps = result.locator(".checklist__step")
    expect(steps.first).to_be_visible()
    passed = result.locator(".checklist__step--passed")
    failed = result.locator(".checklist__step--failed")
    if failed_step is None:
        expect(failed).to_have_count(0)
        expect(passed).to_have_count(steps.count())
        expect(result.get_by_role("heading", name="The documented error")).to_have_count(0)
    else:
        expect(failed).to_have_count(1)
        expect(failed.locator(".checklist__name")).to_have_text(failed_step)
        expect(failed.locator(".checklist__state")).to_be_visible()
        assert passed.count() >= 1, "the steps before the failure passed"
        link = result.get_by_role("link", name="The fix, step by step, with code")
        expect(link).to_have_attribute("href", f"/errors/{slug}/")
        link.click()
        expect(page).to_have_url(f"/errors/{slug}/")
        expect(page.locator("h1")).to_be_visible()
        return
    # The key is gone from the form once checked: nothing keeps it, not even the field.
    expect(page.get_by_label("API key")).to_have_value("")


def test_without_javascript_the_key_check_comes_back_as_a_whole_page(browsing):
    page = browsing.new_page(java_script_enabled=False)
    open_page(page, "/key/", js=False)
    with page.expect_navigation():
        check_key(page, "AQ.fake-quota")
    expect(page.locator("h1")).to_have_text("Test my Gemini API key")
    expect(page.locator("#key-check-title")).to_have_text("Failed at “One-token call”")
    expect(page.get_by_role("link", name="The fix, step by step, with code")).to_have_attribute(
        "href", "/errors/quota-per-minute/"
    )
    expect(page.get_by_label("API key")).to_have_value("")


def test_key_check_button_is_disabled_and_progress_shown_while_the_check_runs(page):
    open_page(page, "/key/")
    held = []
    page.route("**/key/", lambda route: held.append(route) if route.request.method == "POST" else route.continue_())
    check_key(page, "AQ.fake-valid")
    expect(page.locator("#key-progress")).to_be_visible()
    expect(page.get_by_role("button", name="Check my key")).to_be_disabled()
    wait_until(page, lambda: held)
    held[0].continue_()
    expect(page.locator("#key-check-title")).to_have_text("Your key works: every check passed")
    expect(page.locator("#key-progress")).to_be_hidden()
    expect(page.get_by_role("button", name="Check my key")).to_be_enabled()
