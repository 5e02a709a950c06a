"""The admin for editors: entries with their matchers inline, every change kept in history
(django-simple-history: viewable and revertible), and a "try it" box per entry."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from classifier import InvalidPattern, MatcherSpec, try_matchers

from .models import ExamplePaste, FaqPage, GeminiModel, KnownError, Matcher


class MatcherInline(admin.TabularInline):
    model = Matcher
    extra = 1
    fields = ("position", "pattern", "weight", "recognises", "samples")


class ExamplePasteInline(admin.StackedInline):
    model = ExamplePaste
    extra = 0
    fields = ("position", "text")


class TryItForm(forms.Form):
    text = forms.CharField(
        label="Paste an error",
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100, "spellcheck": "false"}),
        max_length=1024 * 1024,
    )


@admin.register(KnownError)
class KnownErrorAdmin(SimpleHistoryAdmin):
    list_display = ("slug", "title", "category", "http_code", "api_status", "published", "last_reviewed")
    list_filter = ("category", "published", "http_code")
    search_fields = ("slug", "title", "cause", "body")
    readonly_fields = ("updated_at",)
    inlines = [MatcherInline, ExamplePasteInline]
    change_form_template = "admin/errors_kb/knownerror/change_form.html"
    fieldsets = (
        (None, {"fields": ("slug", "title", "category", "http_code", "api_status", "published", "last_reviewed")}),
        ("Explanation", {"fields": ("cause", "body", "docs", "related")}),
        ("Code", {"fields": ("code_genai", "code_generativeai", "code_rest", "code_javascript")}),
        ("History", {"fields": ("updated_at",)}),
    )

    def get_urls(self):
        return [
            path(
                "<int:object_id>/try/",
                self.admin_site.admin_view(self.try_it_view),
                name="errors_kb_knownerror_try",
            ),
            *super().get_urls(),
        ]

    def try_it_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        error = get_object_or_404(KnownError, pk=object_id)
        form = TryItForm(request.POST or None)
        trials, problem = None, ""
        if request.method == "POST" and form.is_valid():
            specs = [MatcherSpec(m.pattern, m.weight, m.recognises) for m in error.matchers.all()]
            try:
                trials = try_matchers(specs, form.cleaned_data["text"])
            except InvalidPattern as invalid:
                problem = str(invalid)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": error,
            "title": f"Try the matchers of “{error.slug}”",
            "form": form,
            "trials": trials,
            "problem": problem,
            "change_url": reverse("admin:errors_kb_knownerror_change", args=[error.pk]),
        }
        return TemplateResponse(request, "admin/errors_kb/knownerror/try_it.html", context)


@admin.register(Matcher)
class MatcherAdmin(SimpleHistoryAdmin):
    list_display = ("error", "recognises", "weight", "pattern")
    list_filter = ("error__category",)
    search_fields = ("pattern", "recognises", "error__slug")


@admin.register(FaqPage)
class FaqPageAdmin(SimpleHistoryAdmin):
    list_display = ("slug", "title", "position", "published", "last_reviewed")
    search_fields = ("slug", "title", "body")


@admin.register(GeminiModel)
class GeminiModelAdmin(admin.ModelAdmin):
    list_display = ("model_id", "status", "released", "shutdown_date", "context_window", "checked_on")
    list_filter = ("status",)
    search_fields = ("model_id", "display_name", "notes")
