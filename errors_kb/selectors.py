"""Reading the knowledge base: the entries an answer names, related entries, and the error list's
search over titles, causes and bodies, filtered by HTTP code.

PostgreSQL ranks with its full-text search (stemmed, weighted: title over cause over body). SQLite,
the zero-setup default, has no such thing, so there every word must appear somewhere in the entry
(case-insensitive). The functions are imported from django.contrib.postgres without installing
the app: SearchVector, SearchQuery and SearchRank need only psycopg, not the app's lookups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable

from .models import KnownError

# Words shorter than this are noise in a substring search ("a", "to", "of").
_MIN_WORD_LENGTH = 2
_MAX_WORDS = 8


def published_errors(*, http_code: int | None = None) -> QuerySet[KnownError]:
    errors = KnownError.objects.published()
    return errors.filter(http_code=http_code) if http_code is not None else errors


def search_errors(*, query: str, http_code: int | None = None) -> QuerySet[KnownError]:
    """Published errors that match `query`, best match first; all of them (in the list's order) when
    the query is blank."""
    errors = published_errors(http_code=http_code)
    query = " ".join(query.split())
    if not query:
        return errors
    if connection.vendor == "postgresql":
        return _full_text_search(errors, query)
    return _substring_search(errors, query)


def http_codes_in_use() -> list[int]:
    """The HTTP codes the published errors carry, for the filter and the "browse by code" links."""
    codes = published_errors().exclude(http_code=None).values_list("http_code", flat=True).distinct()
    return sorted({code for code in codes if code is not None})


def _full_text_search(errors: QuerySet[KnownError], query: str) -> QuerySet[KnownError]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("api_status", weight="A", config="simple")
        + SearchVector("cause", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    search_query = SearchQuery(query, search_type="websearch", config="english")
    return (
        errors.annotate(search=vector, rank=SearchRank(vector, search_query))
        # A title or status typed as shown ("API_KEY_INVALID", "gemini-1.5") finds the entry even
        # where the text parser splits it differently.
        .filter(Q(search=search_query) | Q(title__icontains=query) | Q(api_status__iexact=query))
        .order_by("-rank", "category", "http_code", "slug")
    )


def _substring_search(errors: QuerySet[KnownError], query: str) -> QuerySet[KnownError]:
    words = [word for word in re.findall(r"[\w.\-]+", query) if len(word) >= _MIN_WORD_LENGTH][:_MAX_WORDS]
    if not words:
        return errors.none()
    for word in words:
        errors = errors.filter(
            Q(title__icontains=word)
            | Q(cause__icontains=word)
            | Q(body__icontains=word)
            | Q(api_status__icontains=word)
            | Q(slug__icontains=word)
        )
    # No ranking on SQLite: entries whose title holds the phrase, then the most query words, first.
    title_hits: Combinable = Case(
        When(title__icontains=query, then=Value(len(words) + 1)), default=Value(0), output_field=IntegerField()
    )
    for word in words:
        title_hits += Case(When(title__icontains=word, then=Value(1)), default=Value(0), output_field=IntegerField())
    return errors.annotate(title_hits=title_hits).order_by("-title_hits", "category", "http_code", "slug")


def published_by_slug(slugs: Iterable[str]) -> dict[str, KnownError]:
    """The published entries among `slugs`, by slug: what an answer needs to show them."""
    return {error.slug: error for error in KnownError.objects.published().filter(slug__in=list(slugs))}


def related_errors(error: KnownError) -> list[KnownError]:
    """The published entries the error names as related, in the order it names them."""
    found = published_by_slug(error.related)
    return [found[slug] for slug in error.related if slug in found and slug != error.slug]
