from __future__ import annotations

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

import alerts.urls
import errors_kb.urls
import feedback.urls
import inbox.urls
import keys.urls
import paste.urls
import status.urls

from . import health, openapi, views
from .sitemaps import SITEMAPS

# One namespace, "errors_kb", for every page and endpoint of the site: templates and scripts
# name them so. The JSON API comes first: scripts call it far more often than people load pages,
# and Django tries the patterns in order.
site_urlpatterns = [
    *paste.urls.api_urlpatterns,
    *keys.urls.api_urlpatterns,
    *status.urls.api_urlpatterns,
    path("api/openapi.json", openapi.openapi_json, name="api-openapi"),
    *paste.urls.urlpatterns,
    *errors_kb.urls.urlpatterns,
    *keys.urls.urlpatterns,
    *status.urls.urlpatterns,
    *alerts.urls.urlpatterns,
    *feedback.urls.urlpatterns,
    *inbox.urls.urlpatterns,
    path("healthz", health.healthz, name="healthz"),
]

# The site first: every request that is not for the admin, the sitemap or robots.txt is, and each
# pattern before it is one more tried on every request. None of the site's paths starts with theirs.
urlpatterns = [
    path("", include((site_urlpatterns, "errors_kb"))),
    path("admin/", admin.site.urls),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]

# 404s use Django's handler with templates/404.html (it renders with the request, so the layout
# works). 500s get our own handler, which renders without the request and cannot raise.
handler500 = "troubleshooter.views.server_error"
