from __future__ import annotations

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from errors_kb.sitemaps import SITEMAPS
from errors_kb.views import robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("", include("errors_kb.urls")),
]

# 404s use Django's handler with templates/404.html (it renders with the request, so the layout
# works). 500s get our own handler, which renders without the request and cannot raise.
handler500 = "errors_kb.views.server_error"
