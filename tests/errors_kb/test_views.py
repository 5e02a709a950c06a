"""The site's pages: every error and FAQ page renders what a reader needs, in one layout that
follows the rules every page shares (title, description, canonical link, one h1 and an ordered
outline, a strict CSP with no inline script or style, nothing loaded from another host)."""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory

from errors_kb.code_languages import CODE_LANGUAGES, in_tab_order
from errors_kb.management.commands.write_pygments_css import DEFAULT_PATH, pygments_stylesheet
from errors_kb.models import FaqPage, KnownError
from troubleshooter.views import server_error


def found(pattern: str, page: str) -> re.Match[str]:
    """The first match of `pattern` in the page (`.` matching newlines too); the test fails without one."""
    match = re.search(pattern, page, re.DOTALL)
    assert match, f"nothing matches {pattern!r}"
    return match


class PageParser(HTMLParser):
    """Collects what the shared page rules look at."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.titles: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical: list[str] = []
        self.inline_scripts = 0
        self.style_attributes: list[str] = []
        self.inline_handlers: list[str] = []
        self.resources: list[str] = []
        self.unlabelled_controls: list[str] = []
        self.labels: set[str] = set()
        self.controls: list[tuple[str, str]] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "title":
            self._in_title = True
            self.titles.append("")
        if tag == "meta" and "name" in attributes:
            self.meta[attributes["name"]] = attributes.get("content", "")
        if tag == "link" and attributes.get("rel") == "canonical":
            self.canonical.append(attributes["href"])
        if tag == "script":
            if "src" in attributes:
                self.resources.append(attributes["src"])
            else:
                self.inline_scripts += 1
        if tag in ("link", "img", "iframe", "source", "audio", "video") and tag != "a":
            url = attributes.get("src") or (attributes.get("href") if attributes.get("rel") != "canonical" else "")
            if url:
                self.resources.append(url)
        if "style" in attributes:
            self.style_attributes.append(tag)
        self.inline_handlers += [name for name in attributes if name.startswith(("on", "hx-on"))]
        if tag == "label" and "for" in attributes:
            self.labels.add(attributes["for"])
        if tag in ("input", "textarea", "select") and attributes.get("type") not in ("hidden", "submit"):
            self.controls.append((attributes.get("id", ""), attributes.get("aria-label", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles[-1] += data


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    return parser


def visible_text(page: str) -> str:
    """Roughly what a reader sees: inline tags dropped, other tags read as spaces, entities decoded."""
    page = re.sub(r"</?(?:a|code|mark|strong|em|span)\b[^>]*>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def assert_follows_the_page_rules(page: str, *, path: str, canonical: bool = True) -> PageParser:
    parsed = parse(page)
    assert len(parsed.titles) == 1 and parsed.titles[0].strip(), f"{path}: one non-empty <title>"
    assert parsed.meta.get("description", "").strip(), f"{path}: a meta description"
    if canonical:
        assert parsed.canonical == [f"http://testserver{path.split('?')[0]}"], f"{path}: canonical link"
    assert parsed.headings.count(1) == 1 and parsed.headings[0] == 1, f"{path}: one h1, first"
    for previous, current in zip(parsed.headings, parsed.headings[1:], strict=False):
        assert current <= previous + 1, f"{path}: heading outline skips from h{previous} to h{current}"
    assert parsed.inline_scripts == 0, f"{path}: inline <script> (the CSP forbids it)"
    assert parsed.style_attributes == [], f"{path}: style attributes on {parsed.style_attributes}"
    assert parsed.inline_handlers == [], f"{path}: inline handlers {parsed.inline_handlers}"
    for url in parsed.resources:
        assert url.startswith("/") and not url.startswith("//"), f"{path}: loads {url} from another host"
    for control_id, aria_label in parsed.controls:
        assert control_id in parsed.labels or aria_label, f"{path}: control #{control_id} has no label"
    return parsed


def first_step_words(body: str) -> str:
    step = re.search(r"^1\. (.+)$", body, re.MULTILINE)
    assert step, "the fix has a step 1"
    return " ".join(re.split(r"[\[`*_<(]", step.group(1))[0].split()[:4])


# The layout --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/errors/", "/errors/?q=quota", "/errors/?code=429", "/faq/"])
def test_site_pages_follow_the_page_rules(synced_kb, client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert_follows_the_page_rules(response.content.decode(), path=path)


def test_header_navigation_links_every_section_and_marks_the_current_one(synced_kb, client):
    page = client.get("/errors/").content.decode()

    nav = found(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', page).group(1)
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)
    assert links == [
        ("/", "Paste an error"),
        ("/errors/", "Errors"),
        ("/faq/", "FAQ"),
        ("/key/", "Test my key"),
        ("/status/", "Status"),
    ]
    assert '<a href="/errors/" aria-current="page">Errors</a>' in nav


@pytest.mark.django_db
def test_layout_serves_htmx_and_its_config_from_our_own_static_files(client):
    page = client.get("/").content.decode()

    assert '<script src="/static/vendor/htmx/htmx.min.js" defer></script>' in page
    config = '{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}'
    assert f"""<meta name="htmx-config" content='{config}'>""" in page
    vendored = Path(settings.BASE_DIR, "static", "vendor", "htmx")
    assert (vendored / "VERSION").read_text().startswith("htmx.org 2.")
    assert 'version:"2.' in (vendored / "htmx.min.js").read_text()


def test_site_css_ships_the_htmx_indicator_rules_and_both_themes():
    css = Path(settings.BASE_DIR, "static", "css", "site.css").read_text()

    assert ".htmx-indicator" in css and ".htmx-request .htmx-indicator" in css
    assert "@media (prefers-color-scheme: dark)" in css
    assert ":focus-visible" in css and "@media print" in css
    assert "@import" not in css and "url(http" not in css, "no fonts or files from other hosts"


def test_committed_pygments_css_is_what_the_renderer_writes():
    assert DEFAULT_PATH.read_text(encoding="utf-8") == pygments_stylesheet(), "run manage.py write_pygments_css"


# Error pages -------------------------------------------------------------------------------------


def test_every_published_error_page_shows_what_a_reader_needs(synced_kb, client):
    errors = list(KnownError.objects.published().prefetch_related("examples"))
    assert errors, "the KB has entries"

    for error in errors:
        path = f"/errors/{error.slug}/"
        response = client.get(path)
        page = response.content.decode()
        text = visible_text(page)

        assert response.status_code == 200, path
        assert_follows_the_page_rules(page, path=path)
        assert html.unescape(found(r"<h1>(.*?)</h1>", page).group(1)) == error.title, path
        assert error.cause.replace("`", "") in text, f"{path}: the cause"
        assert first_step_words(error.body) in text, f"{path}: step 1 of the fix"
        assert f"Last reviewed {error.last_reviewed:%-d %B %Y}" in text, path
        for key in in_tab_order(error.code):
            assert f'data-tab="{key}"' in page and CODE_LANGUAGES[key].label in text, f"{path}: {key} code"
        for doc in error.docs:
            assert f'href="{html.escape(doc["url"])}"' in page, f"{path}: link to {doc['url']}"
        for example in error.examples.all()[:1]:
            assert f"<code>{html.escape(example.text)}</code>" in page, f"{path}: example paste, escaped"
        if error.http_code:
            assert f"HTTP {error.http_code}" in text, path


def test_error_page_links_its_related_errors(synced_kb, client):
    error = next(e for e in KnownError.objects.published() if e.related)
    published = set(KnownError.objects.published().values_list("slug", flat=True))

    page = client.get(f"/errors/{error.slug}/").content.decode()

    for slug in error.related:
        if slug in published:
            assert f'href="/errors/{slug}/"' in page


def test_code_samples_work_without_javascript_each_under_its_heading(synced_kb, client):
    error = KnownError.objects.get(slug="api-key-invalid")

    page = client.get(error.get_absolute_url()).content.decode()

    panels = re.findall(r'<section class="code-panel" id="code-api-key-invalid-([\w-]+)"', page)
    assert panels == list(in_tab_order(error.code))
    for key in panels:
        assert f'<h3 class="code-panel__title" id="code-api-key-invalid-{key}-title">' in page
    assert "hidden" not in found(r'<div class="code-tabs".*?</div>', page).group(0).split(">")[0]


@pytest.mark.django_db
def test_unknown_error_slug_is_a_404_in_the_site_layout(client):
    response = client.get("/errors/no-such-error/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "<html" in page and 'class="site-nav"' in page
    assert "Page not found" in page
    parsed = assert_follows_the_page_rules(page, path="/errors/no-such-error/", canonical=False)
    assert parsed.meta.get("robots") == "noindex"


def test_unpublished_error_page_is_a_404(synced_kb, client):
    error = KnownError.objects.published()[0]
    error.published = False
    error.save()

    assert client.get(f"/errors/{error.slug}/").status_code == 404


def test_error_page_answers_head_requests(synced_kb, client):
    assert client.head("/errors/api-key-invalid/").status_code == 200


def test_server_error_page_renders_in_the_site_layout_without_the_request():
    response = server_error(RequestFactory().get("/"))

    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page and 'class="site-nav"' in page


def test_a_view_that_fails_gets_the_500_page_in_the_site_layout(synced_kb, client, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("errors_kb.views.search_errors", broken)
    client.raise_request_exception = False

    response = client.get("/errors/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert 'class="site-nav"' in response.content.decode()


def test_server_error_handler_never_raises_even_if_its_template_breaks(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template engine down")

    monkeypatch.setattr("troubleshooter.views.loader.render_to_string", broken)

    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500 and b"Something went wrong" in response.content


# FAQ ---------------------------------------------------------------------------------------------


def test_every_published_faq_page_renders(extra_faq, client):
    pages = list(FaqPage.objects.published())

    for faq in pages:
        path = f"/faq/{faq.slug}/"
        response = client.get(path)
        page = response.content.decode()
        text = visible_text(page)

        assert response.status_code == 200, path
        assert_follows_the_page_rules(page, path=path)
        assert faq.title in text and faq.description in text, path
        assert faq.body_html in page, f"{path}: the rendered body"


def test_faq_page_shows_its_rendered_markdown(extra_faq, client):
    page = client.get("/faq/test-only-question/").content.decode()

    assert "<h2>Short answer</h2>" in page and "<strong>every</strong>" in page
    assert "<li>First step of the answer.</li>" in page
    assert "Last reviewed 1 November 2026" in visible_text(page)


def test_faq_list_links_every_published_page(extra_faq, client):
    hidden = FaqPage.objects.create(
        slug="test-only-draft", title="Draft", description="Not yet.", body="x", last_reviewed=dt.date(2026, 1, 1),
        published=False,
    )  # fmt: skip

    page = client.get("/faq/").content.decode()

    for faq in FaqPage.objects.published():
        assert f'href="/faq/{faq.slug}/"' in page
    assert f'href="/faq/{hidden.slug}/"' not in page
    assert client.get(f"/faq/{hidden.slug}/").status_code == 404


@pytest.mark.django_db
def test_unknown_faq_slug_is_a_404_in_the_site_layout(client):
    response = client.get("/faq/no-such-question/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_error_page_is_cached_until_the_kb_changes(client, synced_kb, django_capture_on_commit_callbacks):
    from errors_kb.models import KnownError

    first = client.get("/errors/api-key-invalid/")
    assert 'name="csrfmiddlewaretoken"' not in first.content.decode()
    assert "Set-Cookie" not in first, "a page for everyone sets no per-visitor cookie"
    error = KnownError.objects.get(slug="api-key-invalid")
    error.title = "API key not valid, edited"
    with django_capture_on_commit_callbacks(execute=True):
        error.save()
    assert "API key not valid, edited" in client.get("/errors/api-key-invalid/").content.decode()


HTMX_SWAP = {"HX-Request": "true"}
HTMX_HISTORY_RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


@pytest.mark.parametrize(
    ("first", "then", "whole_page"),
    [
        (HTMX_SWAP, HTMX_HISTORY_RESTORE, True),
        (HTMX_SWAP, {}, True),
        ({}, HTMX_SWAP, False),
        (HTMX_HISTORY_RESTORE, HTMX_SWAP, False),
    ],
    ids=[
        "a history restore after a swap",
        "a plain visit after a swap",
        "a swap after a plain visit",
        "a swap after a history restore",
    ],
)
def test_the_cached_error_list_answers_each_kind_of_request_with_its_own_rendering(
    synced_kb, client, first, then, whole_page
):
    client.get("/errors/", headers=first)  # cached as it was rendered for the first request
    page = client.get("/errors/", headers=then).content.decode()
    assert ("<html" in page) is whole_page


def _vary(response) -> set[str]:
    return {name.strip() for name in response.get("Vary", "").split(",") if name.strip()}


@pytest.mark.parametrize("path", ["/errors/", "/errors/?q=quota"], ids=["cached", "searched"])
def test_the_error_list_varies_on_both_htmx_headers_whether_cached_or_searched(synced_kb, client, path):
    for headers in ({}, HTMX_SWAP, {}, HTMX_SWAP):  # rendered, then from the cache
        assert _vary(client.get(path, headers=headers)) == {"HX-Request", "HX-History-Restore-Request"}


@pytest.mark.parametrize("path", ["/errors/api-key-invalid/", "/faq/", "/faq/api-key-types/"])
def test_pages_without_a_fragment_send_one_rendering_and_vary_on_nothing(synced_kb, client, path):
    responses = [client.get(path, headers=headers) for headers in ({}, HTMX_SWAP, HTMX_HISTORY_RESTORE, {})]
    assert [_vary(response) for response in responses] == [set()] * 4
    assert len({response.content for response in responses}) == 1


@pytest.mark.parametrize("path", ["/errors/", "/errors/?q=quota", "/errors/api-key-invalid/", "/faq/"])
def test_a_signed_in_editor_gets_the_same_page_and_vary_as_everyone(synced_kb, client, admin_client, path):
    # The pages read no cookie (no session, no CSRF token), so they do not vary on Cookie.
    anonymous, editor = client.get(path), admin_client.get(path)
    assert _vary(editor) == _vary(anonymous) and "Cookie" not in _vary(editor)
    assert editor.content == anonymous.content
