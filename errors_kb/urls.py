from __future__ import annotations

from django.urls import path

from . import api, health, openapi, views

app_name = "errors_kb"

# The JSON API first: scripts call it far more often than people load pages, and Django tries
# the patterns in order.
urlpatterns = [
    path("api/classify", api.classify_api, name="api-classify"),
    path("api/key-check", api.key_check_api, name="api-key-check"),
    path("api/openapi.json", openapi.openapi_json, name="api-openapi"),
    path("", views.classify, name="classify"),
    path("errors/", views.error_list, name="error-list"),
    path("errors/<slug:slug>/", views.error_detail, name="error-detail"),
    path("faq/", views.faq_list, name="faq-list"),
    path("faq/<slug:slug>/", views.faq_detail, name="faq-detail"),
    path("key/", views.key_check, name="key-check"),
    path("healthz", health.healthz, name="healthz"),
]
