"""The admin for editors: entries with their matchers inline, every change kept in history
(django-simple-history: viewable and revertible), and a "try it" box per entry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from classifier import InvalidPattern, MatcherSpec, try_matchers

from .code_languages import CODE_LANGUAGES
from .content_schema import column_names, described_fields
from .kb_files import EntryRecord, FaqRecord
from .models import ExamplePaste, FaqPage, GeminiModel, KnownError, Matcher


class MatcherInline(admin.TabularInline):
    model = Matcher
    extra = 1
    fields = ("position", "pattern", "weight", "recognises", "samples")


class ExamplePasteInline(admin.StackedInline):
    model = ExamplePaste
    extra = 0
    fields = ("position", "text")


def code_box_name(language: str) -> str:
    return f"code_{language}"


class CodeSamplesForm(forms.ModelForm):
    """The entry's form, with its code mapping edited as one text box per registered language."""

    instance: KnownError

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in CODE_LANGUAGES:
            self.initial.setdefault(code_box_name(key), self.instance.code.get(key, ""))

    def save(self, commit: bool = True) -> KnownError:
        samples = {key: self.cleaned_data.get(code_box_name(key), "") for key in CODE_LANGUAGES}
        self.instance.code = {key: code for key, code in samples.items() if code}
        return super().save(commit)


def code_samples_form() -> type[CodeSamplesForm]:
    """The form class with a box per language of the registry as it stands when the admin asks for
    it, so the boxes follow the registry: a language added there needs no column and no edit here."""
    boxes = {
        code_box_name(key): forms.CharField(label=f"{language.label} code", required=False, widget=AdminTextareaWidget)
        for key, language in CODE_LANGUAGES.items()
    }
    return type("KnownErrorForm", (CodeSamplesForm,), boxes)


def entry_fieldsets() -> list[tuple[str | None, dict[str, list[str]]]]:
    """The entry's fields in the sections their descriptions name (kb_files.EntryRecord), in the order
    declared there; matchers and examples are edited inline, the code as a box per language."""
    sections: dict[str, list[str]] = {}
    for name, spec in described_fields(EntryRecord):
        if not spec.own_rows:
            names = [code_box_name(key) for key in CODE_LANGUAGES] if name == "code" else [name]
            sections.setdefault(spec.section, []).extend(names)
    return [(section or None, {"fields": names}) for section, names in sections.items()] + [
        ("History", {"fields": ["updated_at"]})
    ]


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

    def get_fieldsets(self, request: HttpRequest, obj: KnownError | None = None) -> Any:
        return entry_fieldsets()

    def get_form(self, request: HttpRequest, obj: KnownError | None = None, change: bool = False, **kwargs: Any) -> Any:
        return super().get_form(request, obj, change, form=code_samples_form(), **kwargs)

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
        # admin_view lets in any staff member; trying the matchers is part of editing them.
        if not self.has_change_permission(request):
            raise PermissionDenied
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
    fields = column_names(FaqRecord)
    list_display = ("slug", "title", "position", "published", "last_reviewed")
    search_fields = ("slug", "title", "body")


@admin.register(GeminiModel)
class GeminiModelAdmin(admin.ModelAdmin):
    list_display = ("model_id", "status", "released", "shutdown_date", "context_window", "checked_on")
    list_filter = ("status",)
    search_fields = ("model_id", "display_name", "notes")
