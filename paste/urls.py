from __future__ import annotations

from django.urls import path

from . import api, views

api_urlpatterns = [path("api/classify", api.classify_api, name="api-classify")]
urlpatterns = [
    path("", views.classify, name="classify"),
    path("answer/<str:token>/", views.shared_answer, name="answer"),
]
