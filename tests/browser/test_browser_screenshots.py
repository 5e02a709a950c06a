"""The README's screenshots are made by bin/screenshots; its recipes run here against the live
site, so a change to the pages that breaks them fails the suite, not the next person to run it."""

from __future__ import annotations

import struct

import pytest

from .screenshots import SHOTS, capture

pytestmark = pytest.mark.browser


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_screenshot_recipes_produce_every_png_the_readme_shows(browser, site, tmp_path):
    written = capture(browser, site.url, tmp_path)
    assert [path.name for path in written] == [shot.file for shot in SHOTS]
    for shot, path in zip(SHOTS, written, strict=True):
        width, height = png_size(path.read_bytes())
        scale = shot.context.get("device_scale_factor", 1)
        assert width == shot.context["viewport"]["width"] * scale
        assert 600 <= height <= shot.max_height * scale
    assert {"home-with-result.png", "error-page.png", "key-panel-result.png", "faq.png"} <= {p.name for p in written}
