from __future__ import annotations

from django.urls import path

from . import api

app_name = "errors_kb"

urlpatterns = [
    path("api/classify", api.classify_api, name="api-classify"),
]
