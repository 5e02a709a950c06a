"""Markdown and code to safe HTML, done once when content is synced or saved, never per request."""

from __future__ import annotations

import markdown
import nh3
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

_ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h2", "h3", "h4", "hr", "li",
    "ol", "p", "pre", "span", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "code": {"class"},
    "div": {"class"},
    "pre": {"class"},
    "span": {"class"},
    "td": {"align"},
    "th": {"align"},
}
_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML, with fenced code highlighted by Pygments on the server."""
    html = markdown.markdown(
        text,
        extensions=["fenced_code", "codehilite", "tables", "sane_lists"],
        extension_configs={"codehilite": {"css_class": "highlight", "guess_lang": False}},
        output_format="html",
    )
    return sanitise(html)


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )


def highlight_code(code: str, lexer_name: str) -> str:
    """One code sample as highlighted HTML, by a Pygments lexer's name; an unknown name falls back
    to plain text."""
    try:
        lexer = get_lexer_by_name(lexer_name)
    except ClassNotFound:
        lexer = get_lexer_by_name("text")
    return sanitise(highlight(code, lexer, _FORMATTER))


def pygments_css() -> str:
    """The colour rules for highlighted code, light and dark; written into static/ by a command."""
    light = HtmlFormatter(style="default").get_style_defs(".highlight")
    dark = HtmlFormatter(style="monokai").get_style_defs(".highlight")
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
