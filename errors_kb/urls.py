from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("errors/", views.error_list, name="error-list"),
    path("errors/<slug:slug>/", views.error_detail, name="error-detail"),
    path("faq/", views.faq_list, name="faq-list"),
    path("faq/<slug:slug>/", views.faq_detail, name="faq-detail"),
]
