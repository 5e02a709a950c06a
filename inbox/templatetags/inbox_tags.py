"""The "share this paste" offer, for the templates that show an unanswered paste."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings

from ..forms import SharePasteForm

register = template.Library()


@dataclass(frozen=True)
class ShareOffer:
    form: SharePasteForm
    retention_days: int
    max_kb: int


@register.simple_tag
def share_paste_offer(paste: str) -> ShareOffer:
    """The form holding `paste` (redacted as it is rendered), with what the offer promises."""
    return ShareOffer(
        form=SharePasteForm(initial={"text": paste}),
        retention_days=settings.SHARED_PASTE_RETENTION_DAYS,
        max_kb=settings.SHARED_PASTE_MAX_BYTES // 1024,
    )
