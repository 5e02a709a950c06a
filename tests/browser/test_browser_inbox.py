"""Sharing a paste the knowledge base cannot answer, and deleting it by its link, as a person does
it in Chromium: with htmx (the offer is swapped for the outcome) and without JavaScript.

What is stored is read through the site (the delete page shows it), never by a query from the
test: with the browser open the test's database connection is not the site's, and on SQLite a
table the test read stays locked for the site until the test ends. Each test deletes what it
shared, through the site, so nothing outlives it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ..inbox.conftest import SAME_ERROR_PASTES
from .conftest import PageWatch
from .pages import axe_violations, open_page, paste_and_submit

pytestmark = pytest.mark.browser

KEY = "AIzaSyD-1234567890abcdefghijklmnopqrstu"
UNANSWERED = SAME_ERROR_PASTES[0] + f"GEMINI_API_KEY={KEY}\n"
OFFER = "Share this paste (keys and tokens removed) so we can document it"


def share_from_the_answer(page: Page) -> None:
    paste_and_submit(page, UNANSWERED)
    expect(page.locator("#answer-title")).to_have_text("No documented error matches this paste")
    expect(page.locator("#share-paste-help")).to_contain_text("for 30 days")
    page.get_by_role("button", name=OFFER).click()
    expect(page.locator("#share-paste-outcome")).to_contain_text("Thank you: your paste is shared")


def delete_by_the_link(page: Page, *, watch: PageWatch) -> None:
    """Open the delete link (which shows what is stored, and deletes nothing), delete, and check
    that the link now finds nothing."""
    with page.expect_navigation():
        page.locator("#share-paste-delete").click()
    delete_url = page.url
    expect(page.locator("h1")).to_have_text("Delete my shared paste")
    stored = page.locator("pre")
    expect(stored).to_contain_text("QUANTUM_ROUTING_CONFLICT")
    expect(stored).to_contain_text("GEMINI_API_KEY=[REDACTED]")
    assert KEY not in stored.inner_text()
    if page.evaluate("typeof window.htmx === 'object'"):
        assert not axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Delete it now").click()
    expect(page.locator("#delete-outcome")).to_have_text("Your shared paste is deleted. Nothing of it is kept.")
    watch.allow_console_error(r"status of 410")
    open_page(page, delete_url, status=410, js=page.evaluate("typeof window.htmx === 'object'"))
    expect(page.locator("#delete-outcome")).to_contain_text("This paste is no longer stored")


def test_share_a_paste_with_htmx_then_delete_it_by_its_link(page, watch):
    open_page(page, "/")
    page.evaluate("window.__sameDocument = true")
    share_from_the_answer(page)
    # Swapped in place: the same document, the answer still there above the outcome.
    assert page.evaluate("window.__sameDocument") is True
    expect(page.locator("#answer-title")).to_be_visible()
    assert not axe_violations(page)
    delete_by_the_link(page, watch=watch)


def test_share_a_paste_without_javascript_then_delete_it(browsing):
    page = browsing.new_page(java_script_enabled=False)
    open_page(page, "/", js=False)
    with page.expect_navigation():
        paste_and_submit(page, UNANSWERED)
    with page.expect_navigation():
        page.get_by_role("button", name=OFFER).click()
    expect(page.locator("h1")).to_have_text("Share a paste")
    expect(page.locator("#share-paste-outcome")).to_contain_text("Thank you: your paste is shared")
    delete_by_the_link(page, watch=browsing.watch(page))


def test_a_damaged_delete_link_gets_a_clear_page(page, watch):
    watch.allow_console_error(r"status of 400")
    open_page(page, "/shared-pastes/not-a-token/delete/", status=400)
    expect(page.locator("#delete-outcome")).to_contain_text("This delete link is damaged")
    expect(page.get_by_role("button", name="Delete it now")).to_have_count(0)
