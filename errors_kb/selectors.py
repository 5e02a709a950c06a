"""Reading the knowledge base: the entries an answer names, related entries, and the error list's
search over titles, causes and bodies, filtered by HTTP code.

The search tolerates a typo ("quta" finds the quota entries) and puts entries whose title or
status matches first. PostgreSQL ranks with its full-text search (stemmed, weighted: title over
cause over body) and finds misspelt titles and statuses by trigram similarity (pg_trgm, created by
a migration). SQLite, the zero-setup default, has neither: there every word must appear somewhere
in the entry (case-insensitive), a word no title or status holds also counts as the title words it
is closest to (difflib), and entries are ranked by the words their title or status holds. The
functions are imported from django.contrib.postgres without installing the app: they need only
psycopg, not the app's lookups.
"""

from __future__ import annotations

import difflib
import operator
import re
from collections.abc import Iterable, Sequence
from functools import reduce

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable

from .models import GeminiModel, KnownError

# Words shorter than this are noise in a substring search ("a", "to", "of").
_MIN_WORD_LENGTH = 2
_MAX_WORDS = 8
# How alike a typed word and a title word must be to count as a typo of it (difflib's ratio):
# "quta" and "quota" are 0.89, "modle" and "model" 0.8; unrelated short words stay below.
_CLOSE_WORD_RATIO = 0.75
_CLOSE_WORDS = 3
# pg_trgm's word similarity from which a title or status counts as matching a misspelt query.
_TRIGRAM_THRESHOLD = 0.5
_WORD = re.compile(r"[\w.\-]+")


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
    vocabulary = _heading_words(errors)
    words = [word for word in _WORD.findall(query) if len(word) >= _MIN_WORD_LENGTH][:_MAX_WORDS]
    spellings = [_spellings(word, vocabulary) for word in words]
    if connection.vendor == "postgresql":
        return _full_text_search(errors, query, spellings)
    return _substring_search(errors, query, spellings)


def http_codes_in_use() -> list[int]:
    """The HTTP codes the published errors carry, for the filter and the "browse by code" links."""
    codes = published_errors().exclude(http_code=None).values_list("http_code", flat=True).distinct()
    return sorted({code for code in codes if code is not None})


def _full_text_search(
    errors: QuerySet[KnownError], query: str, spellings: Sequence[Sequence[str]]
) -> QuerySet[KnownError]:
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVector,
        TrigramSimilarity,
        TrigramWordSimilarity,
    )
    from django.db.models.functions import Greatest

    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("api_status", weight="A", config="simple")
        + SearchVector("cause", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    search_query = SearchQuery(query, search_type="websearch", config="english")
    if any(len(alternatives) > 1 for alternatives in spellings):
        # A typo: every word, or one of the title words it is closest to.
        search_query = reduce(
            operator.and_,
            (reduce(operator.or_, (SearchQuery(word, config="english") for word in group)) for group in spellings),
        )
    best_guess = " ".join(group[1] if len(group) > 1 else group[0] for group in spellings) or query
    # A title or status typed as shown ("API_KEY_INVALID", "gemini-1.5") or close to it finds the
    # entry even where the text parser splits it differently or finds no word at all.
    heading_match = (
        Q(title__icontains=query) | Q(api_status__iexact=query) | Q(heading_similarity__gte=_TRIGRAM_THRESHOLD)
    )
    heading_similarity = Greatest(
        TrigramWordSimilarity(best_guess, "title"), TrigramSimilarity("api_status", best_guess)
    )
    return (
        errors.annotate(search=vector, rank=SearchRank(vector, search_query), heading_similarity=heading_similarity)
        .filter(Q(search=search_query) | heading_match)
        .annotate(heading_hit=Case(When(heading_match, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("-heading_hit", "-rank", "-heading_similarity", "category", "http_code", "slug")
    )


def _substring_search(
    errors: QuerySet[KnownError], query: str, spellings: Sequence[Sequence[str]]
) -> QuerySet[KnownError]:
    if not spellings:
        return errors.none()
    for alternatives in spellings:
        errors = errors.filter(reduce(operator.or_, (_anywhere(word) for word in alternatives)))
    # Entries whose title holds the phrase, then those whose title or status holds the most words.
    heading_hits: Combinable = Case(
        When(title__icontains=query, then=Value(len(spellings) + 1)), default=Value(0), output_field=IntegerField()
    )
    for alternatives in spellings:
        in_heading = reduce(operator.or_, (Q(title__icontains=w) | Q(api_status__icontains=w) for w in alternatives))
        heading_hits += Case(When(in_heading, then=Value(1)), default=Value(0), output_field=IntegerField())
    return errors.annotate(heading_hits=heading_hits).order_by("-heading_hits", "category", "http_code", "slug")


def _anywhere(word: str) -> Q:
    return (
        Q(title__icontains=word)
        | Q(cause__icontains=word)
        | Q(body__icontains=word)
        | Q(api_status__icontains=word)
        | Q(slug__icontains=word)
    )


def _heading_words(errors: QuerySet[KnownError]) -> set[str]:
    """The words of the entries' titles, statuses and slugs, lower-cased: what a typo is compared to."""
    words: set[str] = set()
    for title, status, slug in errors.values_list("title", "api_status", "slug"):
        for text in (title, status, slug.replace("-", " ")):
            words.update(word.lower() for word in _WORD.findall(text) if len(word) > _MIN_WORD_LENGTH)
    return words


def _spellings(word: str, vocabulary: set[str]) -> Sequence[str]:
    """The word, and for a word no title or status holds, the title words it is likely a typo of:
    alike, and one letter longer or shorter at most (a letter missed, doubled or swapped), so that
    "qouta" means "quota" and not "out"."""
    typed = word.lower()
    if typed in vocabulary:
        return (word,)
    same_length = [known for known in vocabulary if abs(len(known) - len(typed)) <= 1]
    return (word, *difflib.get_close_matches(typed, same_length, n=_CLOSE_WORDS, cutoff=_CLOSE_WORD_RATIO))


def published_by_slug(slugs: Iterable[str]) -> dict[str, KnownError]:
    """The published entries among `slugs`, by slug: what an answer needs to show them."""
    return {error.slug: error for error in KnownError.objects.published().filter(slug__in=list(slugs))}


def related_errors(error: KnownError) -> list[KnownError]:
    """The published entries the error names as related, in the order it names them."""
    found = published_by_slug(error.related)
    return [found[slug] for slug in error.related if slug in found and slug != error.slug]


def models_to_suggest() -> QuerySet[GeminiModel]:
    """The catalogue's models a form may offer as you type an ID, in its order: every one not retired."""
    return GeminiModel.objects.exclude(status=GeminiModel.Status.RETIRED)
