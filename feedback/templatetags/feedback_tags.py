"""The signed "which answer" value of the "Did this fix it?" form, for templates that show an answer."""

from __future__ import annotations

from django import template

from errors_kb.snapshot import kb_version as current_kb_version

from ..forms import AnswerShown, about_token

register = template.Library()


@register.simple_tag
def feedback_about(slug: str, kb_version: str = "") -> str:
    """`kb_version` is the version that chose the entry; left empty, the current one (the key check's)."""
    return about_token(AnswerShown(entry_slug=slug, kb_version=kb_version or current_kb_version()))
