"""The knowledge base's source files: one Markdown file per entry, with YAML front matter.

Plain Python (no Django), so the content tests and the engine's tests can read the KB without a
database. `parse_*` turns a file into a record, `dump_*` writes a record back in the same format;
`dump(parse(text))` parses to the same record, which the round-trip test relies on. Each record's
fields are described once, on the dataclass (see content_schema); the parser, the dumper, kb_sync,
the admin and docs/CONTENT.md all follow that description.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from classifier import RETRY_CHOICES, EntrySpec, MatcherSpec, ModelInfo

from .code_languages import CODE_LANGUAGES, in_tab_order
from .code_languages import REQUIRED_CODE as REQUIRED_CODE  # where the content tests look for it
from .content_schema import (
    ContentError,
    date,
    describe,
    flag,
    integer,
    iso_date,
    items,
    mapping,
    one_of,
    optional_date,
    optional_int,
    read_front_matter,
    required_str,
    str_list,
    stripped_str,
    text,
    write_front_matter,
    wrong_type,
)
from .fix_steps import fix_steps
from .vocabulary import CATEGORIES, MODEL_KINDS, MODEL_STATUSES

# Readers and writers of the entries' own kinds of field -------------------------------------------


def _category(value: Any, key: str, source: str) -> str:
    category = required_str(value, key, source)
    if category not in CATEGORIES:
        raise ContentError(f"{source}: unknown category '{category}'")
    return category


def _http_code(value: Any, key: str, source: str) -> int | None:
    if value is not None and not (isinstance(value, int) and 100 <= value <= 599):
        raise ContentError(f"{source}: http_code must be an HTTP status code or empty")
    return value


def _docs(value: Any, key: str, source: str) -> list[dict[str, str]]:
    docs = []
    for index, raw in enumerate(items(value, key, source)):
        where = f"{key}[{index + 1}]"
        doc = mapping(raw, where, source)
        docs.append({name: required_str(doc.get(name), f"{where}.{name}", source) for name in ("title", "url")})
    return docs


def _matchers(value: Any, key: str, source: str) -> list[MatcherRecord]:
    if not isinstance(value, list):
        raise wrong_type(value, key, source)
    matchers = []
    for index, raw in enumerate(value):
        where = f"{key}[{index + 1}]"
        if not isinstance(raw, dict) or "pattern" not in raw:
            raise ContentError(f"{source}: matcher {index + 1} needs a 'pattern'")
        weight = raw.get("weight", 1.0)
        if not isinstance(weight, int | float) or isinstance(weight, bool):
            raise wrong_type(weight, f"{where}.weight", source)
        matchers.append(
            MatcherRecord(
                pattern=required_str(raw["pattern"], f"{where}.pattern", source),
                weight=float(weight),
                recognises=text(raw.get("recognises"), f"{where}.recognises", source),
                samples=str_list(raw.get("samples"), f"{where}.samples", source),
            )
        )
    return matchers


def _write_matchers(matchers: list[MatcherRecord]) -> list[dict[str, Any]]:
    return [{k: v for k, v in asdict(m).items() if k != "samples" or v} for m in matchers]


def _code(value: Any, key: str, source: str) -> dict[str, str]:
    code = {str(k): required_str(v, f"{key}.{k}", source) for k, v in mapping(value, key, source).items()}
    unknown = set(code) - set(CODE_LANGUAGES)
    if unknown:
        raise ContentError(f"{source}: unknown code keys {sorted(unknown)}")
    return in_tab_order(code)


def _model_rows(value: Any, key: str, source: str) -> list[ModelRecord]:
    if not isinstance(value, list):
        raise wrong_type(value, key, source)
    rows = [mapping(raw, f"{key}[{index + 1}]", source) for index, raw in enumerate(value)]
    return [_model_record(raw, f"{source}: model {raw.get('id')!r}") for raw in rows]


def _model_record(raw: dict[str, Any], source: str) -> ModelRecord:
    record = ModelRecord(**read_front_matter(ModelRecord, raw, source))
    return record if record.display_name else replace(record, display_name=record.model_id)


def _write_model_rows(models: list[ModelRecord]) -> list[dict[str, Any]]:
    return [write_front_matter(model) for model in models]


# The records ---------------------------------------------------------------------------------------

_SLUG_HELP = "unique, lowercase-with-dashes, also the file name and the URL"
_REVIEWED_HELP = "the date the facts were last checked (YYYY-MM-DD)"
_PUBLISHED_HELP = "`true` (the default) or `false` to hide it from the site"


@dataclass(frozen=True)
class MatcherRecord:
    pattern: str
    weight: float
    recognises: str
    samples: list[str]


@dataclass(frozen=True)
class EntryRecord:
    slug: str = field(metadata=describe(f"{_SLUG_HELP} `/errors/<slug>/`", required_str, required=True))
    title: str = field(
        metadata=describe(
            "what a developer searches for, with the HTTP code and status or reason", required_str, required=True
        )
    )
    category: str = field(
        metadata=describe("one of the categories in `errors_kb/kb_files.py` (`CATEGORIES`)", _category, required=True)
    )
    http_code: int | None = field(
        metadata=describe("the HTTP status, e.g. `429`; empty for client-side errors", _http_code)
    )
    api_status: str = field(
        metadata=describe("the API's status, e.g. `RESOURCE_EXHAUSTED`; empty for client-side errors", text)
    )
    generic: bool = field(
        metadata=describe(
            "`true` for an entry that names a bare status, not a cause (400 `INVALID_ARGUMENT`, 403, 500): "
            "it is the answer only when no specific entry matches; default `false`",
            flag,
            missing=False,
        )
    )
    retry: str = field(
        metadata=describe(
            "whether the same request can succeed later: `yes` (the default: after a pause), `after-reset` "
            "(only once a quota or cap resets) or `no` (not until something is changed)",
            one_of(RETRY_CHOICES),
            missing="yes",
        )
    )
    cause: str = field(
        metadata=describe(
            "the cause in one sentence, ending with a full stop", stripped_str, required=True, section="Explanation"
        )
    )
    body: str = field(
        metadata=describe("Markdown: '## Fix' and numbered steps first.", front_matter=False, section="Explanation")
    )
    published: bool = field(metadata=describe(_PUBLISHED_HELP, flag, missing=True))
    last_reviewed: dt.date = field(metadata=describe(_REVIEWED_HELP, date, write=iso_date, required=True))
    docs: list[dict[str, str]] = field(
        metadata=describe("links to Google's documentation (`title`, `url`)", _docs, section="Explanation")
    )
    related: list[str] = field(
        metadata=describe("slugs of entries a reader may want next", str_list, section="Explanation")
    )
    matchers: list[MatcherRecord] = field(
        metadata=describe("RE2 patterns (below)", _matchers, write=_write_matchers, required=True, own_rows=True)
    )
    examples: list[str] = field(
        metadata=describe(
            "whole pastes (tracebacks, JSON bodies, log lines) that must classify to this entry",
            str_list,
            own_rows=True,
        )
    )
    code: dict[str, str] = field(
        metadata=describe(
            "a sample per code language (below), under the language's key", _code, write=in_tab_order, section="Code"
        )
    )

    def to_spec(self) -> EntrySpec:
        """The entry as the engine takes it: the fields the two share, the matchers as specs and the
        fix's steps as plain text."""
        shared = {f.name: getattr(self, f.name) for f in fields(EntrySpec) if f.name not in ("matchers", "steps")}
        return EntrySpec(
            **shared,
            matchers=tuple(MatcherSpec(m.pattern, m.weight, m.recognises) for m in self.matchers),
            steps=fix_steps(self.body),
        )


@dataclass(frozen=True)
class FaqRecord:
    slug: str = field(metadata=describe(f"{_SLUG_HELP} `/faq/<slug>/`", required_str, required=True))
    title: str = field(metadata=describe("the question, as a reader would ask it", required_str, required=True))
    description: str = field(
        metadata=describe("one sentence under the title, also the page's meta description", stripped_str, required=True)
    )
    position: int = field(
        metadata=describe("its place in the FAQ list, lowest first (default 100)", integer, missing=100)
    )
    published: bool = field(metadata=describe(_PUBLISHED_HELP, flag, missing=True))
    last_reviewed: dt.date = field(metadata=describe(_REVIEWED_HELP, date, write=iso_date, required=True))
    body: str = field(metadata=describe("the Markdown answer", front_matter=False))


@dataclass(frozen=True)
class ModelRecord:
    model_id: str = field(
        metadata=describe("the model ID as the API takes it", required_str, required=True, file_key="id")
    )
    display_name: str = field(metadata=describe("the name people know it by (default: the ID)", text))
    status: str = field(metadata=describe("`current`, `preview` or `retired`", one_of(MODEL_STATUSES), required=True))
    kind: str = field(
        metadata=describe(
            f'what it makes: {", ".join(f"`{kind}`" for kind in MODEL_KINDS)} ("did you mean" offers the same kind)',
            one_of(MODEL_KINDS),
            required=True,
        )
    )
    released: dt.date | None = field(metadata=describe("the release date", optional_date, write=iso_date))
    shutdown_date: dt.date | None = field(
        metadata=describe("the earliest shutdown date Google gives", optional_date, write=iso_date, file_key="shutdown")
    )
    shutdown_latest: dt.date | None = field(
        metadata=describe(
            "the latest shutdown date our sources give, when they disagree: between the two dates the site "
            "says the status is unconfirmed",
            optional_date,
            write=iso_date,
        )
    )
    context_window: int | None = field(metadata=describe("input tokens, where known", optional_int))
    notes: str = field(metadata=describe("what a developer should know about it", text))

    def to_info(self) -> ModelInfo:
        return ModelInfo(
            self.model_id,
            self.status,
            shutdown_date=iso_date(self.shutdown_date) or "",
            shutdown_latest=iso_date(self.shutdown_latest) or "",
            kind=self.kind,
        )


@dataclass(frozen=True)
class ModelCatalogue:
    checked_on: dt.date = field(
        metadata=describe("the day the list was last checked", date, write=iso_date, required=True)
    )
    source: str = field(metadata=describe("where the facts come from", text))
    models: list[ModelRecord] = field(
        metadata=describe("the models", _model_rows, write=_write_model_rows, required=True)
    )


# Files ---------------------------------------------------------------------------------------------


def _split_front_matter(text: str, source: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        raise ContentError(f"{source}: must start with a '---' front matter line")
    end = text.find("\n---\n", 4)
    if end == -1:
        raise ContentError(f"{source}: front matter is not closed by a '---' line")
    meta = _load_yaml(text[4:end], f"{source}: front matter")
    if not isinstance(meta, dict):
        raise ContentError(f"{source}: front matter must be a mapping")
    return meta, text[end + len("\n---\n") :].strip("\n") + "\n"


def _load_yaml(text: str, what: str) -> Any:
    try:
        # libyaml's loader when PyYAML was built with it: the same safe subset, several times faster.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        raise ContentError(f"{what} is not valid YAML: {error}") from error


def parse_entry(text: str, *, source: str = "<entry>") -> EntryRecord:
    meta, body = _split_front_matter(text, source)
    return EntryRecord(**read_front_matter(EntryRecord, meta, source), body=body)


def parse_faq(text: str, *, source: str = "<faq>") -> FaqRecord:
    meta, body = _split_front_matter(text, source)
    return FaqRecord(**read_front_matter(FaqRecord, meta, source), body=body)


def parse_models(text: str, *, source: str = "models.yaml") -> ModelCatalogue:
    data = _load_yaml(text, f"{source}: the file")
    if not isinstance(data, dict):
        raise ContentError(f"{source}: must be a mapping with checked_on, source and models")
    return ModelCatalogue(**read_front_matter(ModelCatalogue, data, source))


class _LiteralDumper(yaml.SafeDumper):
    """Writes multi-line strings as `|` blocks, so patterns and code stay readable in review."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_LiteralDumper.add_representer(str, _represent_str)


def _yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_LiteralDumper, sort_keys=False, allow_unicode=True, width=100)


def dump_page(record: EntryRecord | FaqRecord) -> str:
    """An entry or FAQ page as its file: the front matter, then the Markdown body."""
    return f"---\n{_yaml(write_front_matter(record))}---\n\n{record.body.strip()}\n"


def dump_models(catalogue: ModelCatalogue) -> str:
    return _yaml(write_front_matter(catalogue))


@dataclass(frozen=True)
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
    pages: tuple[tuple[str, Iterable[EntryRecord | FaqRecord]], ...] = (("errors", tree.entries), ("faq", tree.faqs))
    for folder, records in pages:
        (root / folder).mkdir(parents=True, exist_ok=True)
        for record in records:
            path = root / folder / f"{record.slug}.md"
            path.write_text(dump_page(record), encoding="utf-8")
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
