"""The editors' inbox: groups of shared pastes, the largest first, with what the classifier says of
each group NOW (its latest paste classified by the current KB snapshot, so a group that a new entry
answers shows as answered), and "Draft an entry from this group". Read-only: the pastes are what
people sent; the admin deletes them, never edits them. Staff only, as the whole admin is."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from errors_kb.models import KnownError
from errors_kb.snapshot import classify_today

from .drafting import draft_entry
from .fingerprint import error_line
from .models import Group, SharedPaste
from .services import unanswered

SAMPLE_CHARS = 90


def entry_link(entry: KnownError) -> str:
    return format_html('<a href="{}">{}</a>', reverse("admin:errors_kb_knownerror_change", args=[entry.pk]), entry.slug)


class SharedPasteInline(admin.TabularInline):
    model = SharedPaste
    fields = ("shared_at", "client", "kb_version", "classification", "truncated", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("summary", "count", "first_seen", "last_seen", "sdks_seen", "classifier_now", "drafted", "sample")
    list_display_links = ("summary",)
    search_fields = ("reason", "api_status", "message_shape", "client")
    list_filter = ("http_code", "client")
    readonly_fields = (
        "fingerprint",
        "http_code",
        "api_status",
        "reason",
        "message_shape",
        "client",
        "count",
        "first_seen",
        "last_seen",
        "sdks_seen",
        "classifier_now",
        "drafted",
    )
    fields = readonly_fields
    inlines = [SharedPasteInline]
    actions = ["draft_entries"]
    change_form_template = "inbox/admin/group_change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Group]:
        latest = SharedPaste.objects.filter(group=OuterRef("pk")).order_by("-shared_at").values("text")[:1]
        return super().get_queryset(request).select_related("draft").annotate(sample_text=Subquery(latest))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Group | None = None) -> bool:
        return False

    @admin.display(description="error", ordering="message_shape")
    def summary(self, group: Group) -> str:
        return str(group)

    @admin.display(description="SDKs seen")
    def sdks_seen(self, group: Group) -> str:
        return ", ".join(group.sdks) or "-"

    @admin.display(description="sample paste")
    def sample(self, group: Group) -> str:
        """The latest paste's error line: the whole pastes are on the group's page."""
        line = error_line(getattr(group, "sample_text", "") or "")
        return line if len(line) <= SAMPLE_CHARS else line[: SAMPLE_CHARS - 1] + "…"

    @admin.display(description="the classifier now")
    def classifier_now(self, group: Group) -> str:
        text = getattr(group, "sample_text", "") or ""
        result = classify_today(text)
        best = result.best
        if best is None:
            return "unanswered"
        label = f"{best.slug} ({round(best.confidence * 100)}%)"
        return f"generic only: {label}" if unanswered(result) else f"answered: {label}"

    @admin.display(description="draft")
    def drafted(self, group: Group) -> str:
        return entry_link(group.draft) if group.draft else "-"

    @admin.action(description="Draft an entry from this group", permissions=["draft"])
    def draft_entries(self, request: HttpRequest, groups: QuerySet[Group]) -> None:
        for group in groups:
            entry = draft_entry(group)
            self.message_user(request, format_html("Drafted {} (unpublished).", entry_link(entry)), messages.SUCCESS)

    def has_draft_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("errors_kb.add_knownerror")

    def get_urls(self) -> list[Any]:
        draft = self.admin_site.admin_view(require_POST(self.draft_view))
        return [path("<int:object_id>/draft/", draft, name="inbox_group_draft"), *super().get_urls()]

    def draft_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The change page's button: draft (or find the draft made before) and open it to edit."""
        if not self.has_draft_permission(request):
            messages.error(request, "Drafting an entry needs the permission to add entries.")
            return HttpResponseRedirect(reverse("admin:inbox_group_change", args=[object_id]))
        entry = draft_entry(get_object_or_404(Group, pk=object_id))
        messages.success(request, "A draft, unpublished: rewrite the TODOs, try the matchers, then publish.")
        return HttpResponseRedirect(reverse("admin:errors_kb_knownerror_change", args=[entry.pk]))
