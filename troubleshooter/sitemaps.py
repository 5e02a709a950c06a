"""sitemap.xml: the pages a search engine should know, every published error and FAQ page."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from errors_kb.models import FaqPage, KnownError


class PageSitemap(Sitemap):
    """The site's fixed pages."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["errors_kb:classify", "errors_kb:error-list", "errors_kb:faq-list"]

    def location(self, item: str) -> str:
        return reverse(item)

    def priority(self, item: str) -> float:
        return 1.0 if item == "errors_kb:classify" else 0.8


class KnownErrorSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self) -> QuerySet[KnownError]:
        return KnownError.objects.published().order_by("slug")

    def lastmod(self, item: KnownError) -> datetime:
        return item.updated_at


class FaqSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self) -> QuerySet[FaqPage]:
        return FaqPage.objects.published().order_by("position", "slug")

    def lastmod(self, item: FaqPage) -> datetime:
        return item.updated_at


SITEMAPS = {"pages": PageSitemap, "errors": KnownErrorSitemap, "faq": FaqSitemap}
