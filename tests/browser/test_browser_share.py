"""An answer's own link, as a person uses it: pushed into the history so Back and Forward work,
copied with a button, opened anew; "Did this fix it?" with and without JavaScript; and what a phone
and a reader without JavaScript see around the answer."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from .pages import QUOTA_SLUG, axe_violations, open_page, paste_and_submit

pytestmark = pytest.mark.browser

ANSWER_PATH = re.compile(r"/answer/[^/]+/$")
QUOTA_TITLE = "Per-minute quota exceeded"


def answer_here(page: Page) -> None:
    open_page(page, "/")
    paste_and_submit(page)
    expect(page.locator("#answer-title")).to_contain_text(QUOTA_TITLE)


def test_the_answer_gets_its_own_address_and_back_and_forward_work(page):
    answer_here(page)

    expect(page).to_have_url(ANSWER_PATH)
    path = urlsplit(page.url).path
    expect(page.locator("#share-link")).to_have_attribute("href", path)

    page.go_back()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#result article")).to_have_count(0)
    expect(page.get_by_label("Your error")).to_be_visible()

    page.go_forward()
    expect(page).to_have_url(ANSWER_PATH)
    answer = page.locator("#result article.answer")
    expect(answer.get_by_role("heading", level=2)).to_contain_text(QUOTA_TITLE)
    # The page came back from htmx's history: its tabs still switch (site.js listens on the document).
    answer.get_by_role("tab", name="REST (curl)").click()
    expect(answer.get_by_role("tab", name="REST (curl)")).to_have_attribute("aria-selected", "true")


def test_a_second_paste_pushes_a_second_address_and_back_returns_to_the_first_answer(page):
    answer_here(page)
    first = page.url
    paste_and_submit(page, "google.genai.errors.ClientError: 400 INVALID_ARGUMENT. API key not valid. API_KEY_INVALID")
    expect(page.locator("#answer-title")).to_contain_text("API key not valid")
    assert page.url != first

    page.go_back()
    expect(page).to_have_url(first)
    expect(page.locator("#answer-title")).to_contain_text(QUOTA_TITLE)


def test_the_link_opened_anew_shows_the_same_answer_without_the_paste(browsing, page):
    answer_here(page)
    link = page.url
    title = page.locator("#answer-title").inner_text()

    for js in (True, False):
        fresh = browsing.new_page(java_script_enabled=js)
        open_page(fresh, link, js=js)
        expect(fresh.locator("#answer-title")).to_have_text(title)
        expect(fresh.locator("#result .paste-excerpt")).to_contain_text("GenerateRequestsPerMinutePerProjectPerModel")
        expect(fresh.get_by_label("Your error")).to_have_value("")
        if js:  # axe runs in the page
            assert not axe_violations(fresh)


def test_a_damaged_link_gets_a_clear_page(browsing, page):
    answer_here(page)
    damaged = page.url[:-4] + "AA/"

    fresh = browsing.new_page()
    browsing.watch(fresh).allow_console_error("status of 400")
    open_page(fresh, damaged, status=400)
    expect(fresh.locator("#answer-title")).to_have_text("This link shows no answer")
    expect(fresh.get_by_label("Your error")).to_be_visible()


def test_copy_link_copies_the_whole_address(browsing, site):
    page = browsing.new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page.clock.install()  # the label's two seconds pass when the test says so
    answer_here(page)

    page.get_by_role("button", name="Copy link").click()

    button = page.locator(".share__copy")  # by class: its name is "Copied" for a moment
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    page.clock.run_for(2_000)
    expect(button).to_have_text("Copy link")


def test_without_javascript_the_link_is_there_and_the_copy_button_is_not(browsing):
    page = browsing.new_page(java_script_enabled=False)
    open_page(page, "/", js=False)
    with page.expect_navigation():
        paste_and_submit(page)

    expect(page.locator("#share-link")).to_have_text(ANSWER_PATH)
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()


def test_without_javascript_the_answer_is_scrolled_into_view_and_the_paste_stays(browsing):
    page = browsing.new_page(java_script_enabled=False)
    open_page(page, "/", js=False)
    with page.expect_navigation():
        paste_and_submit(page)

    assert urlsplit(page.url).fragment == "result"
    assert page.evaluate("window.scrollY") > 0
    top = page.evaluate("document.getElementById('result').getBoundingClientRect().top")
    assert abs(top) < 5, top
    expect(page.get_by_label("Your error")).to_have_value(re.compile("GenerateRequestsPerMinute"))


# Did this fix it? --------------------------------------------------------------------------------


def test_yes_is_thanked_in_place(page):
    answer_here(page)
    page.evaluate("window.__sameDocument = true")
    feedback = page.locator("#feedback")
    expect(feedback.get_by_role("heading", name="Did this fix it?")).to_be_visible()

    feedback.get_by_role("button", name="Yes, it's fixed").click()

    expect(page.locator("#feedback [role=status]")).to_contain_text("Thank you")
    expect(page.locator("#feedback form")).to_have_count(0)
    assert page.evaluate("window.__sameDocument") is True


def test_no_with_a_note_is_thanked_in_place(page):
    answer_here(page)
    feedback = page.locator("#feedback")

    feedback.get_by_text("Not fixed? Tell us what happened instead").click()
    feedback.get_by_label(re.compile("What happened instead")).fill("Still 429 after waiting a minute.")
    feedback.get_by_role("button", name="Send “No” with this note").click()

    expect(page.locator("#feedback [role=status]")).to_contain_text("Thank you")


def test_feedback_without_javascript_posts_and_gets_a_page_with_the_way_back(browsing):
    page = browsing.new_page(java_script_enabled=False)
    open_page(page, "/", js=False)
    with page.expect_navigation():
        paste_and_submit(page)

    with page.expect_navigation():
        page.get_by_role("button", name="No", exact=True).click()

    expect(page.locator("h1")).to_have_text("Did this fix it?")
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    expect(page.get_by_role("link", name="Back to the entry")).to_have_attribute("href", f"/errors/{QUOTA_SLUG}/")


def test_the_key_check_asks_too(page):
    open_page(page, "/key/")
    page.get_by_label("API key").fill("AQ.fake-quota")
    page.get_by_role("button", name="Check my key").click()

    feedback = page.locator("#key-result #feedback")
    expect(feedback.get_by_role("heading", name="Did this fix it?")).to_be_visible()
    feedback.get_by_role("button", name="Yes, it's fixed").click()
    expect(page.locator("#feedback [role=status]")).to_contain_text("Thank you")


# Phone width -------------------------------------------------------------------------------------


def phone(browsing):
    return browsing.new_page(viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)


def test_on_a_phone_every_code_tab_is_in_view_and_there_is_no_keyboard_hint(browsing):
    page = phone(browsing)
    open_page(page, "/")
    expect(page.locator(".form-hint")).to_be_hidden()

    paste_and_submit(page)
    tabs = page.locator("#result [role=tab]")
    expect(tabs.first).to_be_visible()
    width = page.evaluate("document.documentElement.clientWidth")
    for box in tabs.evaluate_all("tabs => tabs.map((tab) => tab.getBoundingClientRect().toJSON())"):
        assert 0 <= box["left"] and box["right"] <= width, box


def test_on_a_phone_faq_tables_keep_status_names_whole(browsing):
    page = phone(browsing)
    open_page(page, "/faq/why-is-my-gemini-call-failing/")

    broken = page.locator(".prose td code").evaluate_all(
        "codes => codes.filter((code) => code.getClientRects().length > 1).map((code) => code.textContent)"
    )
    assert not broken, broken
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), (
        "the table scrolls inside its box, not the page"
    )
