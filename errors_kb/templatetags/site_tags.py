"""Small template helpers for the site's layout."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..presenters import http_code_class

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, path: str | None = None) -> str:
    """The absolute URL of `path` (default: the current page, without its query string), for
    canonical links. Empty where there is no request, as on the 500 page."""
    request = context.get("request")
    if request is None:
        return ""
    return request.build_absolute_uri(path if path is not None else request.path)


@register.filter
def badge_class(http_code: int | None) -> str:
    return http_code_class(http_code)


_BACKTICKED = re.compile(r"`([^`\n]+)`")


@register.filter
def inline_code(text: str) -> SafeString:
    """Plain text with `backticked` words shown as code, as in the KB's one-sentence causes.
    The text is escaped first; only the <code> tags added here are markup."""
    return mark_safe(_BACKTICKED.sub(r"<code>\1</code>", str(escape(text))))


@register.filter
def plain(text: str) -> str:
    """The text without backticks, for meta descriptions."""
    return _BACKTICKED.sub(r"\1", text)
