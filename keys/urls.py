from __future__ import annotations

from django.urls import path

from . import api, views

api_urlpatterns = [path("api/key-check", api.key_check_api, name="api-key-check")]
urlpatterns = [path("key/", views.key_check, name="key-check")]
