"""Pasting an error on the home page, as a person does it: with htmx, without JavaScript, and by
keyboard alone."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from paste.forms import EMPTY_PASTE_MESSAGE

from .pages import QUOTA_PASTE, QUOTA_SLUG, open_page, paste_and_submit, wait_until

pytestmark = pytest.mark.browser


def test_paste_swaps_the_answer_in_without_a_reload_and_shows_progress_meanwhile(page):
    open_page(page, "/")
    page.evaluate("window.__sameDocument = true")
    # Hold the POST in the browser until the test has seen the page while it is in flight.
    held: list[Route] = []
    page.route(lambda url: urlsplit(url).path == "/", lambda route: held.append(route))

    paste_and_submit(page)

    progress = page.locator("#classify-progress")
    expect(progress).to_be_visible()
    expect(progress).to_have_css("opacity", "1")
    expect(progress).to_have_text("Reading your error…")
    expect(page.get_by_role("button", name="Find the fix")).to_be_disabled()
    wait_until(page, lambda: held)
    assert held[0].request.method == "POST"
    assert held[0].request.headers.get("hx-request") == "true"
    held[0].continue_()

    answer = page.locator("#result article.answer")
    expect(answer.get_by_role("heading", level=2)).to_contain_text("Per-minute quota exceeded")
    expect(answer).to_contain_text("HTTP 429")
    expect(answer).to_contain_text("Retry after 26 s")
    expect(progress).to_be_hidden()
    expect(page.get_by_role("button", name="Find the fix")).to_be_enabled()
    # Same document: only the answer was swapped in, and its own address pushed (paste/share.py).
    assert page.evaluate("window.__sameDocument") is True
    assert urlsplit(page.url).path.startswith("/answer/")
    expect(page.locator("h1")).to_have_count(1)
    # site.js enhanced the swapped-in code: tabs, the paste's SDK first, copy buttons.
    tabs = answer.get_by_role("tab")
    expect(tabs.first).to_be_visible()
    expect(answer.get_by_role("tab", name="google-genai")).to_have_attribute("aria-selected", "true")
    expect(answer.get_by_role("button", name="Copy code").first).to_be_visible()
    expect(answer.get_by_role("link", name="Permanent page for this error")).to_have_attribute(
        "href", f"/errors/{QUOTA_SLUG}/"
    )


def test_without_javascript_the_paste_posts_and_the_whole_page_comes_back_with_the_answer(browsing):
    page = browsing.new_page(java_script_enabled=False)
    open_page(page, "/", js=False)
    documents: list[str] = []
    page.on(
        "request", lambda request: documents.append(request.method) if request.resource_type == "document" else None
    )

    with page.expect_navigation():
        paste_and_submit(page)

    assert documents == ["POST"]
    expect(page.locator("h1")).to_have_text("What does this Gemini API error mean?")
    answer = page.locator("#result article.answer")
    expect(answer.get_by_role("heading", level=2)).to_contain_text("Per-minute quota exceeded")
    # No tabs without JavaScript: every SDK's code under its own heading.
    expect(answer.get_by_role("tab")).to_have_count(0)
    expect(answer.locator(".code-panel__title", has_text="REST (curl)")).to_be_visible()
    expect(answer.locator(".code-panel__title", has_text="google-generativeai")).to_be_visible()
    # The paste is still in the box, to edit and send again.
    expect(page.get_by_label("Your error")).to_have_value(re.compile("GenerateRequestsPerMinute"))


def test_empty_box_is_stopped_by_the_browser_and_blank_lines_get_the_message_beside_it(page):
    open_page(page, "/")
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    box = page.get_by_label("Your error")

    # Empty: the box is required, so the browser asks for it and nothing is sent.
    page.get_by_role("button", name="Find the fix").click()
    assert box.evaluate("box => box.validity.valueMissing") is True
    expect(box).to_be_focused()

    # Only blank lines get past the browser: the server's message appears beside the box, in place.
    box.fill("   \n\t  ")
    page.get_by_role("button", name="Find the fix").click()
    expect(page.locator("#paste-error")).to_have_text(EMPTY_PASTE_MESSAGE)
    expect(page.locator("#result article")).to_have_count(0)
    assert len(posts) == 1


def test_paste_matching_nothing_gets_a_helpful_answer_with_a_search(page):
    open_page(page, "/")
    paste_and_submit(page, "Segmentation fault (core dumped)")
    answer = page.locator("#result article.answer--none")
    expect(answer).to_contain_text("No documented error matches this paste")
    answer.get_by_label("Search the errors").fill("quota")
    answer.get_by_label("Search the errors").press("Enter")
    expect(page).to_have_url(re.compile(r"/errors/\?q=quota$"))
    expect(page.locator("#listing .error-card").first).to_be_visible()


# Keyboard alone ----------------------------------------------------------------------------------


def focused(page: Page) -> dict:
    """The focused element, as a person sees it: its name and whether a focus ring is drawn."""
    return page.evaluate(
        """() => {
             const el = document.activeElement;
             const style = getComputedStyle(el);
             const box = el.getBoundingClientRect();
             return {
               tag: el.tagName.toLowerCase(),
               id: el.id,
               text: (el.innerText || el.getAttribute("aria-label") || "").trim(),
               ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
               onScreen: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
             };
           }"""
    )


def test_keyboard_alone_reaches_skip_link_nav_box_and_button_in_order_with_focus_always_visible(page):
    open_page(page, "/")
    expected = [
        ("a", "Skip to content"),
        ("a", "Gemini API troubleshooter"),
        ("a", "Paste an error"),
        ("a", "Errors"),
        ("a", "FAQ"),
        ("a", "Test my key"),
        ("a", "Status"),
        ("textarea", ""),
        ("button", "Find the fix"),
    ]
    for tag, text in expected:
        page.keyboard.press("Tab")
        now = focused(page)
        assert (now["tag"], now["text"]) == (tag, text), now
        assert now["ring"], f"no visible focus ring on {now}"
        assert now["onScreen"], f"focused but off screen: {now}"

    # The box is where typing goes; Tab then Enter on the button sends it.
    page.keyboard.press("Shift+Tab")
    assert focused(page)["id"] == "id_text"
    page.keyboard.insert_text(QUOTA_PASTE)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#answer-title")).to_contain_text("Per-minute quota exceeded")


def test_enter_in_the_box_starts_a_new_line_and_ctrl_enter_sends_it(page):
    open_page(page, "/")
    box = page.get_by_label("Your error")
    box.focus()
    page.keyboard.insert_text("google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED.")
    page.keyboard.press("Enter")
    page.keyboard.insert_text("'quotaId': 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier'")
    expect(box).to_have_value(re.compile(r"EXHAUSTED\.\n'quotaId'"))
    expect(page.locator("#result article")).to_have_count(0)

    page.keyboard.press("Control+Enter")
    expect(page.locator("#answer-title")).to_contain_text("Per-minute quota exceeded")
    expect(page.locator(".form-hint")).to_contain_text("Ctrl+Enter")


def test_skip_link_takes_keyboard_focus_past_the_navigation(page):
    open_page(page, "/errors/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    # The next stop is inside the content, not the header.
    assert page.evaluate("document.activeElement.closest('main') !== null")
