"""Feedback in the admin, read-only: every answer, and above the list each entry's yes and no
counts, the highest no-rate first (the entries to revise). The filters (KB version, yes/no, date)
narrow both."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from .models import Feedback, entry_scores


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("entry_slug", "fixed", "note", "kb_version", "created")
    list_filter = ("fixed", "kb_version", "created")
    search_fields = ("entry_slug", "note")
    date_hierarchy = "created"
    change_list_template = "feedback/admin/change_list.html"

    # Answers are what people said: the admin reads and deletes them, never writes them.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Feedback | None = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        # The list's own queryset, filters and search applied; absent on a redirect (a bad filter).
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["entry_scores"] = entry_scores(changelist.queryset)  # type: ignore[attr-defined]
        return response
