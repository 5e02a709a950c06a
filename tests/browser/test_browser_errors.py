"""The error pages in a browser: search, code tabs remembered across pages, copy buttons, print,
and the 404 and 500 pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .pages import PAGE_KINDS, QUOTA_SLUG, open_page

PAGE_KINDS_BY_NAME = {kind.name: kind for kind in PAGE_KINDS}

pytestmark = pytest.mark.browser

STORAGE_KEY = "gemini-troubleshooter:sdk"


# Search ------------------------------------------------------------------------------------------


def test_search_with_enter_updates_the_list_and_the_address_without_a_reload(page):
    open_page(page, "/errors/")
    page.evaluate("window.__sameDocument = true")
    everything = page.locator("#listing .error-card").count()

    search = page.get_by_label("Search the errors")
    search.fill("safety")
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"/errors/\?q=safety"))
    expect(page.locator(".listing__summary")).to_contain_text("for “safety”")
    cards = page.locator("#listing .error-card")
    expect(cards.filter(has=page.locator('a[href="/errors/response-blocked-safety/"]'))).to_have_count(1)
    assert 0 < cards.count() < everything
    expect(page.locator("#search-status")).to_contain_text("for “safety”")
    assert page.evaluate("window.__sameDocument") is True

    # Choosing a code searches at once, within the words typed.
    page.get_by_label("HTTP code").select_option("429")
    expect(page).to_have_url(re.compile(r"code=429"))
    expect(page.locator(".listing__summary")).to_contain_text("with HTTP 429")
    for badge in page.locator("#listing .error-card .badge--4xx, #listing .error-card .badge--5xx").all():
        expect(badge).to_have_text("HTTP 429")

    # Back goes to the previous search, as the address bar promised.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/errors/\?q=safety(&code=)?$"))
    expect(page.locator(".listing__summary")).not_to_contain_text("HTTP 429")


def test_search_without_javascript_loads_the_results_page(browsing):
    page = browsing.new_page(java_script_enabled=False)
    open_page(page, "/errors/", js=False)
    with page.expect_navigation():
        page.get_by_label("Search the errors").fill("quota")
        page.get_by_label("Search the errors").press("Enter")
    expect(page).to_have_url(re.compile(r"/errors/\?q=quota"))
    expect(page.locator(".listing__summary")).to_contain_text("for “quota”")
    expect(page.locator(f'#listing a[href="/errors/{QUOTA_SLUG}/"]')).to_be_visible()


# Code tabs and copy ------------------------------------------------------------------------------


def selected_tab(page) -> str:
    return page.locator('[role="tab"][aria-selected="true"]').first.inner_text()


def test_code_tabs_switch_and_the_sdk_picked_is_remembered_on_the_next_page(page):
    open_page(page, f"/errors/{QUOTA_SLUG}/")
    tabs = page.get_by_role("tab")
    expect(tabs).to_have_text(
        ["google-genai", "google-generativeai", "REST (curl)", "JavaScript", "@google/generative-ai (legacy)"]
    )
    expect(page.get_by_role("tab", name="google-genai")).to_have_attribute("aria-selected", "true")
    panels = page.get_by_role("tabpanel")
    expect(panels).to_have_count(1)  # the others are hidden

    page.get_by_role("tab", name="REST (curl)").click()
    expect(page.get_by_role("tab", name="REST (curl)")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tab", name="google-genai")).to_have_attribute("aria-selected", "false")
    expect(page.get_by_role("tabpanel")).to_contain_text("curl")
    assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") == "rest"

    open_page(page, "/errors/api-key-invalid/")
    expect(page.get_by_role("tab", name="REST (curl)")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel")).to_contain_text("curl")

    # Arrow keys move between tabs, and a pick made with the keyboard is remembered too.
    page.get_by_role("tab", name="REST (curl)").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="JavaScript")).to_be_focused()
    expect(page.get_by_role("tab", name="JavaScript")).to_have_attribute("aria-selected", "true")
    open_page(page, "/errors/response-blocked-safety/")
    expect(page.get_by_role("tab", name="JavaScript")).to_have_attribute("aria-selected", "true")


def test_copy_button_puts_the_code_on_the_clipboard_and_says_so(browsing, site):
    page = browsing.new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page.clock.install()  # the label's two seconds pass when the test says so
    open_page(page, f"/errors/{QUOTA_SLUG}/")
    panel = page.get_by_role("tabpanel")
    button = panel.get_by_role("button", name="Copy code")
    expected = panel.locator("pre").inner_text().rstrip("\n")

    button.click()

    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    page.clock.run_for(2_000)
    expect(button).to_have_text("Copy")  # back to its label after a moment


# Print -------------------------------------------------------------------------------------------


def test_printed_error_page_has_every_code_sample_and_no_navigation_or_buttons(page):
    open_page(page, f"/errors/{QUOTA_SLUG}/")
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".tablist", ".copy-button", ".breadcrumbs", ".cta"):
        expect(page.locator(hidden).first).to_be_hidden()
    labels = ("google-genai", "google-generativeai", "REST (curl)", "JavaScript", "@google/generative-ai (legacy)")
    for label in labels:
        expect(page.locator(".code-panel__title", has_text=label).first).to_be_visible()
    expect(page.locator(".code-panel pre")).to_have_count(len(labels))
    for block in page.locator(".code-panel pre").all():
        expect(block).to_be_visible()
    # Long lines wrap on paper instead of being cut at the page's edge.
    assert page.locator(".code-panel pre").first.evaluate("pre => getComputedStyle(pre).whiteSpace") == "pre-wrap"
    assert page.pdf(format="A4")[:4] == b"%PDF"


# 404 and 500 -------------------------------------------------------------------------------------


def test_not_found_page_is_in_the_site_layout_and_offers_the_way_on(page, watch):
    watch.allow_console_error(r"status of 404")
    open_page(page, "/errors/no-such-error/", status=404)
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Paste your error").click()
    expect(page).to_have_url("/")


def test_server_error_page_is_in_the_site_layout(page, watch):
    watch.allow_console_error(r"status of 500")
    PAGE_KINDS_BY_NAME["server-error"].visit(page)
    expect(page.locator("h1")).to_have_text("Something went wrong on our side")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name="Back to the paste box")).to_have_attribute("href", "/")
