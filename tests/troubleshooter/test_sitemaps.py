"""sitemap.xml lists every page a search engine should index; robots.txt points to it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from errors_kb.models import FaqPage, KnownError


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


@pytest.fixture
def faq_pages(synced_kb) -> list[FaqPage]:
    """The synced FAQ pages plus one published and one draft of our own."""
    FaqPage.objects.create(
        slug="test-only-listed", title="Listed", description="Listed.", body="Yes.", last_reviewed=dt.date(2026, 1, 1)
    )
    FaqPage.objects.create(
        slug="test-only-draft", title="Draft", description="Draft.", body="No.", last_reviewed=dt.date(2026, 1, 1),
        published=False,
    )  # fmt: skip
    return list(FaqPage.objects.all())


def test_sitemap_lists_every_page_once(faq_pages, client):
    locations = sitemap_locations(client)

    expected = {"http://testserver/", "http://testserver/errors/", "http://testserver/faq/"}
    expected |= {
        f"http://testserver/errors/{slug}/" for slug in KnownError.objects.published().values_list("slug", flat=True)
    }
    expected |= {f"http://testserver/faq/{page.slug}/" for page in faq_pages if page.published}
    assert set(locations) == expected
    assert len(locations) == len(set(locations))


def test_sitemap_leaves_out_unpublished_pages(faq_pages, client):
    error = KnownError.objects.published()[0]
    error.published = False
    error.save()

    locations = sitemap_locations(client)

    assert f"http://testserver/errors/{error.slug}/" not in locations
    assert "http://testserver/faq/test-only-draft/" not in locations


def test_every_sitemap_page_answers_200(faq_pages, client):
    for location in sitemap_locations(client):
        assert client.get(location.removeprefix("http://testserver")).status_code == 200, location


def test_sitemap_gives_error_pages_a_last_modified_date(synced_kb, client):
    page = client.get("/sitemap.xml").content.decode()

    entry = r"<url><loc>http://testserver/errors/api-key-invalid/</loc><lastmod>\d{4}-\d\d-\d\d</lastmod>"
    assert re.search(entry, page), "lastmod on error pages"


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body
