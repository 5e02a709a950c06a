from __future__ import annotations

from django.urls import path

from . import api, views

api_urlpatterns = [path("api/status", api.status_api, name="api-status")]
urlpatterns = [
    path("status/", views.status, name="status"),
    path("status/feed.atom", views.status_feed, name="status-feed"),
]
