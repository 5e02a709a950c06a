"""What holds on every kind of page: accessible (axe-core) in light and dark, readable on a phone
without scrolling sideways, and, through the watch every page test has, free of console errors,
CSP violations, failed requests and requests to other hosts."""

from __future__ import annotations

import pytest

from .pages import PAGE_KINDS, PageKind, axe_violations

pytestmark = pytest.mark.browser

KINDS = pytest.mark.parametrize("kind", PAGE_KINDS, ids=[kind.name for kind in PAGE_KINDS])


def open_kind(browsing, kind: PageKind, **context_options):
    page = browsing.new_page(**context_options)
    if kind.status != 200:
        browsing.watch(page).allow_console_error(f"status of {kind.status}")
    kind.visit(page)
    return page


def luminance(page) -> float:
    """Relative luminance (0 black to 1 white) of the page's background."""
    red, green, blue = page.evaluate(
        """() => getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)"""
    )

    def channel(value: int) -> float:
        share = value / 255
        return share / 12.92 if share <= 0.03928 else ((share + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


@KINDS
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_has_no_serious_accessibility_violations(browsing, kind, scheme):
    page = open_kind(browsing, kind, color_scheme=scheme)
    # The colour scheme is the system's: dark pages really are dark, and axe checks their contrast.
    if scheme == "dark":
        assert luminance(page) < 0.05
    else:
        assert luminance(page) > 0.9
    violations = axe_violations(page)
    assert not violations, f"{kind.name} ({scheme}):\n  " + "\n  ".join(violations)


@KINDS
def test_page_fits_a_phone_screen_without_sideways_scrolling(browsing, kind):
    page = open_kind(
        browsing, kind, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    width = page.evaluate(
        """() => {
             const root = document.scrollingElement;
             const wide = Array.from(document.querySelectorAll("body *"))
               .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
               .filter((el) => !el.closest("pre, .tablist, .prose table, .visually-hidden, .skip-link"))
               .slice(0, 5)
               .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
             return {scroll: root.scrollWidth, client: root.clientWidth, wide};
           }"""
    )
    assert width["client"] == 360
    assert width["scroll"] <= width["client"], f"{kind.name} scrolls sideways: {width}"
    assert not width["wide"], f"{kind.name}: elements past the right edge: {width['wide']}"
