from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("alerts/subscribe/", views.subscribe, name="alerts-subscribe"),
    path("alerts/check-your-inbox/", views.check_inbox, name="alerts-check-inbox"),
    path("alerts/confirm/<str:token>/", views.confirm, name="alerts-confirm"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="alerts-unsubscribe"),
]
