"""The code languages an entry can carry a sample in: the one list the parser, the database, the
highlighter, the admin and the code tabs all read.

An entry stores its code as a mapping keyed by `CodeLanguage.key` (the `code:` mapping of a content
file, a JSON column in the database), so a language added here needs no migration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class CodeLanguage:
    key: str  # the name under `code:` in a content file
    label: str  # the tab's title
    note: str  # what the tab is for, shown beside its title
    lexer: str  # the Pygments lexer that highlights it
    required: bool  # every entry must carry it (checked by the content tests)


# In the order the site shows the tabs.
CODE_LANGUAGES: dict[str, CodeLanguage] = {
    language.key: language
    for language in (
        CodeLanguage("google-genai", "google-genai", "Python, the current SDK", "python", required=True),
        CodeLanguage("google-generativeai", "google-generativeai", "Python, the legacy SDK", "python", required=True),
        CodeLanguage("rest", "REST (curl)", "any language", "bash", required=True),
        # Only where the JavaScript differs enough from the Python to need showing.
        CodeLanguage("javascript", "JavaScript", "@google/genai", "javascript", required=False),
        # Where the legacy JavaScript SDK needs other code than @google/genai (its errors, no model list).
        CodeLanguage(
            "javascript-legacy",
            "@google/generative-ai (legacy)",
            "JavaScript, the legacy SDK",
            "javascript",
            required=False,
        ),
    )
}

REQUIRED_CODE = tuple(key for key, language in CODE_LANGUAGES.items() if language.required)


def in_tab_order(code: Mapping[str, str]) -> dict[str, str]:
    """The samples of the registered languages, in tab order, empty ones left out. A JSON column
    does not keep key order on every database, so the order always comes from the registry."""
    return {key: code[key] for key in CODE_LANGUAGES if code.get(key)}


def language_table() -> str:
    """The Markdown table of the registry that docs/CONTENT.md shows."""
    rows = [
        f"| `{lang.key}` | {lang.label} | {lang.note} | `{lang.lexer}` | {'yes' if lang.required else 'no'} |"
        for lang in CODE_LANGUAGES.values()
    ]
    return "\n".join(["| key | tab | note | highlighted as | required |", "|---|---|---|---|---|", *rows]) + "\n"
