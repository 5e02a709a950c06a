"""The knowledge base's source files: one Markdown file per entry, with YAML front matter.

Plain Python (no Django), so the content tests and the engine's tests can read the KB without a
database. `parse_*` turns a file into a record, `dump_*` writes a record back in the same format;
`dump(parse(text))` parses to the same record, which the round-trip test relies on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from classifier import EntrySpec, MatcherSpec, ModelInfo

CATEGORIES: dict[str, str] = {
    "api_key_invalid": "API key invalid or missing",
    "permission_denied": "Permission denied",
    "quota_exceeded": "Quota or rate limit exceeded",
    "payment_required": "Payment required",
    "safety_blocked": "Blocked by safety filters",
    "recitation_blocked": "Blocked for recitation",
    "empty_response": "Empty response",
    "model_not_found": "Model not found",
    "streaming": "Streaming misuse",
    "location_unsupported": "Location not supported",
    "invalid_argument": "Invalid argument",
    "server_error": "Server error",
    "request_cancelled": "Request cancelled",
    "vertex_auth": "Vertex AI authentication",
    "sdk_migration": "SDK migration",
}

# The code samples every entry carries, in the order the site shows them. JavaScript is optional.
CODE_LANGUAGES: dict[str, str] = {
    "google-genai": "python",
    "google-generativeai": "python",
    "rest": "bash",
    "javascript": "javascript",
}
REQUIRED_CODE = ("google-genai", "google-generativeai", "rest")

ENTRY_FIELDS = (
    "slug",
    "title",
    "category",
    "http_code",
    "api_status",
    "cause",
    "published",
    "last_reviewed",
    "docs",
    "related",
    "matchers",
    "examples",
    "code",
)
FAQ_FIELDS = ("slug", "title", "description", "position", "published", "last_reviewed")


class ContentError(ValueError):
    """A content file that cannot be loaded; the message names the file and the problem."""


@dataclass
class MatcherRecord:
    pattern: str
    weight: float
    recognises: str
    samples: list[str] = field(default_factory=list)


@dataclass
class EntryRecord:
    slug: str
    title: str
    category: str
    http_code: int | None
    api_status: str
    cause: str
    published: bool
    last_reviewed: dt.date
    docs: list[dict[str, str]]
    related: list[str]
    matchers: list[MatcherRecord]
    examples: list[str]
    code: dict[str, str]
    body: str

    def to_spec(self) -> EntrySpec:
        return EntrySpec(
            slug=self.slug,
            category=self.category,
            title=self.title,
            http_code=self.http_code,
            api_status=self.api_status,
            matchers=tuple(MatcherSpec(m.pattern, m.weight, m.recognises) for m in self.matchers),
        )


@dataclass
class FaqRecord:
    slug: str
    title: str
    description: str
    position: int
    published: bool
    last_reviewed: dt.date
    body: str


@dataclass
class ModelRecord:
    model_id: str
    display_name: str
    status: str
    released: dt.date | None
    shutdown_date: dt.date | None
    context_window: int | None
    notes: str

    def to_info(self) -> ModelInfo:
        return ModelInfo(self.model_id, self.status, self.shutdown_date.isoformat() if self.shutdown_date else "")


@dataclass
class ModelCatalogue:
    checked_on: dt.date
    source: str
    models: list[ModelRecord]


def _split_front_matter(text: str, source: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        raise ContentError(f"{source}: must start with a '---' front matter line")
    end = text.find("\n---\n", 4)
    if end == -1:
        raise ContentError(f"{source}: front matter is not closed by a '---' line")
    try:
        meta = yaml.safe_load(text[4:end])
    except yaml.YAMLError as error:
        raise ContentError(f"{source}: front matter is not valid YAML: {error}") from error
    if not isinstance(meta, dict):
        raise ContentError(f"{source}: front matter must be a mapping")
    return meta, text[end + len("\n---\n") :].strip("\n") + "\n"


def _require(meta: dict[str, Any], name: str, kind: type | tuple[type, ...], source: str) -> Any:
    if name not in meta:
        raise ContentError(f"{source}: missing field '{name}'")
    value = meta[name]
    if not isinstance(value, kind):
        raise ContentError(f"{source}: field '{name}' has the wrong type ({type(value).__name__})")
    return value


def _date(value: Any, name: str, source: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise ContentError(f"{source}: field '{name}' must be a date (YYYY-MM-DD)") from error


def parse_entry(text: str, *, source: str = "<entry>") -> EntryRecord:
    meta, body = _split_front_matter(text, source)
    unknown = set(meta) - set(ENTRY_FIELDS)
    if unknown:
        raise ContentError(f"{source}: unknown fields {sorted(unknown)}")
    category = _require(meta, "category", str, source)
    if category not in CATEGORIES:
        raise ContentError(f"{source}: unknown category '{category}'")
    http_code = meta.get("http_code")
    if http_code is not None and not (isinstance(http_code, int) and 100 <= http_code <= 599):
        raise ContentError(f"{source}: http_code must be an HTTP status code or empty")
    matchers = []
    for index, raw in enumerate(_require(meta, "matchers", list, source)):
        if not isinstance(raw, dict) or "pattern" not in raw:
            raise ContentError(f"{source}: matcher {index + 1} needs a 'pattern'")
        matchers.append(
            MatcherRecord(
                pattern=str(raw["pattern"]),
                weight=float(raw.get("weight", 1.0)),
                recognises=str(raw.get("recognises", "")),
                samples=[str(sample) for sample in raw.get("samples") or []],
            )
        )
    code = {str(k): str(v) for k, v in (meta.get("code") or {}).items()}
    unknown_code = set(code) - set(CODE_LANGUAGES)
    if unknown_code:
        raise ContentError(f"{source}: unknown code keys {sorted(unknown_code)}")
    return EntryRecord(
        slug=_require(meta, "slug", str, source),
        title=_require(meta, "title", str, source),
        category=category,
        http_code=http_code,
        api_status=str(meta.get("api_status") or ""),
        cause=_require(meta, "cause", str, source).strip(),
        published=bool(meta.get("published", True)),
        last_reviewed=_date(_require(meta, "last_reviewed", (str, dt.date), source), "last_reviewed", source),
        docs=[{"title": str(d["title"]), "url": str(d["url"])} for d in meta.get("docs") or []],
        related=[str(slug) for slug in meta.get("related") or []],
        matchers=matchers,
        examples=[str(example) for example in meta.get("examples") or []],
        code=code,
        body=body,
    )


def parse_faq(text: str, *, source: str = "<faq>") -> FaqRecord:
    meta, body = _split_front_matter(text, source)
    unknown = set(meta) - set(FAQ_FIELDS)
    if unknown:
        raise ContentError(f"{source}: unknown fields {sorted(unknown)}")
    return FaqRecord(
        slug=_require(meta, "slug", str, source),
        title=_require(meta, "title", str, source),
        description=_require(meta, "description", str, source).strip(),
        position=int(meta.get("position", 100)),
        published=bool(meta.get("published", True)),
        last_reviewed=_date(_require(meta, "last_reviewed", (str, dt.date), source), "last_reviewed", source),
        body=body,
    )


def parse_models(text: str, *, source: str = "models.yaml") -> ModelCatalogue:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ContentError(f"{source}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise ContentError(f"{source}: must be a mapping with checked_on, source and models")
    models = []
    for raw in _require(data, "models", list, source):
        status = raw.get("status")
        if status not in {"current", "preview", "retired"}:
            raise ContentError(f"{source}: model {raw.get('id')!r} has unknown status {status!r}")
        models.append(
            ModelRecord(
                model_id=str(raw["id"]),
                display_name=str(raw.get("display_name") or raw["id"]),
                status=status,
                released=_date(raw["released"], "released", source) if raw.get("released") else None,
                shutdown_date=_date(raw["shutdown"], "shutdown", source) if raw.get("shutdown") else None,
                context_window=int(raw["context_window"]) if raw.get("context_window") else None,
                notes=str(raw.get("notes") or ""),
            )
        )
    return ModelCatalogue(
        checked_on=_date(_require(data, "checked_on", (str, dt.date), source), "checked_on", source),
        source=str(data.get("source") or ""),
        models=models,
    )


class _LiteralDumper(yaml.SafeDumper):
    """Writes multi-line strings as `|` blocks, so patterns and code stay readable in review."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_LiteralDumper.add_representer(str, _represent_str)


def _front_matter(meta: dict[str, Any], body: str) -> str:
    dumped = yaml.dump(meta, Dumper=_LiteralDumper, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{dumped}---\n\n{body.strip()}\n"


def dump_entry(entry: EntryRecord) -> str:
    meta: dict[str, Any] = {
        "slug": entry.slug,
        "title": entry.title,
        "category": entry.category,
        "http_code": entry.http_code,
        "api_status": entry.api_status,
        "cause": entry.cause,
        "published": entry.published,
        "last_reviewed": entry.last_reviewed.isoformat(),
        "docs": entry.docs,
        "related": entry.related,
        "matchers": [{k: v for k, v in asdict(m).items() if k != "samples" or v} for m in entry.matchers],
        "examples": entry.examples,
        "code": {key: entry.code[key] for key in CODE_LANGUAGES if entry.code.get(key)},
    }
    return _front_matter(meta, entry.body)


def dump_faq(faq: FaqRecord) -> str:
    meta = {
        "slug": faq.slug,
        "title": faq.title,
        "description": faq.description,
        "position": faq.position,
        "published": faq.published,
        "last_reviewed": faq.last_reviewed.isoformat(),
    }
    return _front_matter(meta, faq.body)


def dump_models(catalogue: ModelCatalogue) -> str:
    data = {
        "checked_on": catalogue.checked_on.isoformat(),
        "source": catalogue.source,
        "models": [
            {
                "id": m.model_id,
                "display_name": m.display_name,
                "status": m.status,
                "released": m.released.isoformat() if m.released else None,
                "shutdown": m.shutdown_date.isoformat() if m.shutdown_date else None,
                "context_window": m.context_window,
                "notes": m.notes,
            }
            for m in catalogue.models
        ],
    }
    return yaml.dump(data, Dumper=_LiteralDumper, sort_keys=False, allow_unicode=True, width=100)


@dataclass
class ContentTree:
    """Everything under the content directory, parsed."""

    entries: list[EntryRecord]
    faqs: list[FaqRecord]
    models: ModelCatalogue | None


def read_tree(root: Path) -> ContentTree:
    """Parse `root/errors/*.md`, `root/faq/*.md` and `root/models.yaml`. Raises ContentError."""
    entries = [parse_entry(p.read_text(encoding="utf-8"), source=str(p)) for p in sorted(root.glob("errors/*.md"))]
    faqs = [parse_faq(p.read_text(encoding="utf-8"), source=str(p)) for p in sorted(root.glob("faq/*.md"))]
    models_file = root / "models.yaml"
    models = (
        parse_models(models_file.read_text(encoding="utf-8"), source=str(models_file)) if models_file.exists() else None
    )
    _check_unique((e.slug for e in entries), "error entry")
    _check_unique((f.slug for f in faqs), "FAQ page")
    return ContentTree(entries=entries, faqs=faqs, models=models)


def write_tree(tree: ContentTree, root: Path) -> list[Path]:
    """Write a content tree in the source format; returns the files written."""
    written = []
    for folder, records, dump in (("errors", tree.entries, dump_entry), ("faq", tree.faqs, dump_faq)):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for record in records:
            path = root / folder / f"{record.slug}.md"
            path.write_text(dump(record), encoding="utf-8")
            written.append(path)
    if tree.models is not None:
        path = root / "models.yaml"
        path.write_text(dump_models(tree.models), encoding="utf-8")
        written.append(path)
    return written


def _check_unique(slugs: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for slug in slugs:
        if slug in seen:
            raise ContentError(f"two {what} files share the slug '{slug}'")
        seen.add(slug)
