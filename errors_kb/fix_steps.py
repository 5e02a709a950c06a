"""An entry's fix as plain-text steps: the numbered list under the body's `## Fix`, Markdown stripped.

What the JSON API and the `classify` command give for each match. Plain Python, like kb_files.
"""

from __future__ import annotations

import re

_FIX_SECTION = re.compile(r"^## Fix[ \t]*\n(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)
_STEP_START = re.compile(r"^\d+\.[ \t]+", re.MULTILINE)
_CONTINUATION = re.compile(r"^(?:[ \t]+|$)")

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_CODE = re.compile(r"`+([^`]+)`+")
_EMPHASIS = re.compile(r"(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1")
_SET_ASIDE = re.compile(r"\0([0-9]+)\0")  # where a code span waits while the prose is read


def fix_steps(body: str) -> tuple[str, ...]:
    """The steps of the first numbered list under `## Fix`, each as one line of plain text."""
    section = _FIX_SECTION.search(body)
    if section is None:
        return ()
    steps: list[list[str]] = []
    for line in section.group(1).splitlines():
        if _STEP_START.match(line):
            steps.append([_STEP_START.sub("", line, count=1)])
        elif steps and line.strip() and _CONTINUATION.match(line):
            steps[-1].append(line.strip())
        elif steps and line.strip():  # a paragraph after the list: the steps are over
            break
    return tuple(plain_text(" ".join(lines)) for lines in steps)


def _link_text(match: re.Match[str]) -> str:
    text, url = match.group(1), match.group(2)
    # A link inside the site reads as its words; one to elsewhere keeps its address.
    return text if url.startswith("/") or text == url else f"{text} ({url})"


def plain_text(markdown: str) -> str:
    """Inline Markdown (links, code, emphasis) as the words a reader sees; code is kept as written."""
    code: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        code.append(match.group(1))
        return f"\0{len(code) - 1}\0"

    text = _CODE.sub(set_aside, markdown.replace("\0", ""))
    text = _LINK.sub(_link_text, text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _SET_ASIDE.sub(lambda match: code[int(match.group(1))], text)
    return " ".join(text.split())
