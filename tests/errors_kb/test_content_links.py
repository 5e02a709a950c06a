"""KB prose names other entries by link, never as a raw slug, and every link to an entry or FAQ page
reaches one."""

from __future__ import annotations

import re

import pytest

from errors_kb.models import FaqPage, KnownError

MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
SITE_LINK = re.compile(r"^/(errors|faq)/([\w-]+)/(?:#[\w-]*)?$")


def bodies() -> list[tuple[str, str]]:
    pages = [*KnownError.objects.all(), *FaqPage.objects.all()]
    return [(page.slug, page.body) for page in pages]


def slug_pattern(slugs: set[str]) -> re.Pattern[str]:
    # Hyphenated slugs only: a one-word slug ("recitation") is also an ordinary word of the prose.
    named = sorted((slug for slug in slugs if "-" in slug), key=len, reverse=True)
    return re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, named)) + r")(?![\w-])")


@pytest.fixture
def slugs(synced_kb) -> dict[str, set[str]]:
    return {
        "errors": set(KnownError.objects.values_list("slug", flat=True)),
        "faq": set(FaqPage.objects.values_list("slug", flat=True)),
    }


def test_no_body_names_another_entry_by_its_raw_slug(slugs):
    pattern = slug_pattern(slugs["errors"] | slugs["faq"])
    raw = []
    for own, body in bodies():
        outside_links = MARKDOWN_LINK.sub(" ", body)
        raw += [f"{own}: {found}" for found in pattern.findall(outside_links) if found != own]
        raw += [f"{own}: link text [{text}]" for text, _ in MARKDOWN_LINK.findall(body) if pattern.fullmatch(text)]
    assert not raw, "link these as [words](/errors/<slug>/):\n" + "\n".join(raw)


def test_every_link_to_an_entry_or_faq_page_reaches_one(slugs):
    broken = []
    for own, body in bodies():
        for _, target in MARKDOWN_LINK.findall(body):
            found = SITE_LINK.match(target)
            if target.startswith(("/errors/", "/faq/")) and not (found and found.group(2) in slugs[found.group(1)]):
                broken.append(f"{own}: {target}")
    assert not broken, "\n".join(broken)
