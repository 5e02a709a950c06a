"""The subscribe form for any page that includes templates/alerts/_subscribe_form.html, so the page's
own view (the status page's) needs to know nothing about alerts."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings

from ..forms import SubscribeForm

register = template.Library()


@register.simple_tag(takes_context=True)
def alerts_subscribe_form(context: template.Context) -> SubscribeForm:
    """The form the alerts view passed (bound, with its errors), or a fresh one."""
    form = context.get("alerts_form")
    return form if isinstance(form, SubscribeForm) else SubscribeForm()


@dataclass(frozen=True)
class AlertLimits:
    floor_minutes: int
    confirm_hours: int


@register.simple_tag
def alerts_limits() -> AlertLimits:
    """The numbers the form and the pages promise, from the settings that enforce them."""
    return AlertLimits(
        floor_minutes=round(settings.ALERTS_MAIL_FLOOR_SECONDS / 60),
        confirm_hours=round(settings.ALERTS_CONFIRM_MAX_AGE_SECONDS / 3600),
    )
