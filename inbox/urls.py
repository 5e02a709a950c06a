from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("shared-pastes/", views.share, name="shared-paste-share"),
    path("shared-pastes/<str:token>/delete/", views.delete, name="shared-paste-delete"),
]
