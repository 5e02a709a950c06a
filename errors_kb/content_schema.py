"""A content record's fields, described once on its dataclass and read by everything else.

Each field of a record dataclass (kb_files) carries a `FileField` in its metadata (`describe`): what it means
(the help the docs' table shows), whether a file must have it, how to read it from YAML and write
it back, and where the admin shows it. The parser, the dumper, kb_sync, the admin and the docs'
field table all walk `dataclasses.fields`, so a new field is declared in one place (plus the
model and its migration). Plain Python, like kb_files: no Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

# Reads a YAML value into the record's type; the key and the file's name are for error messages.
Reader = Callable[[Any, str, str], Any]


class ContentError(ValueError):
    """A content file that cannot be loaded; the message names the file and the problem."""


def _as_is(value: Any, key: str = "", source: str = "") -> Any:
    return value


@dataclass(frozen=True)
class FileField:
    help: str
    read: Reader = _as_is
    write: Callable[[Any], Any] = _as_is
    required: bool = False
    missing: Any = None  # what an optional field reads as when the file leaves it out
    file_key: str = ""  # the key in the file, when it is not the attribute's name
    front_matter: bool = True  # False for the Markdown body, which follows the front matter
    own_rows: bool = False  # kept in rows of its own model (matchers, examples), not in a column
    section: str = ""  # the admin fieldset it sits in; "" for the first, untitled one


_METADATA_KEY = "content_file"


def describe(help: str, read: Reader = _as_is, **options: Any) -> dict[str, FileField]:
    """A dataclass field's metadata for the content files: `field(metadata=describe(...))`;
    `options` are FileField's."""
    return {_METADATA_KEY: FileField(help, read, **options)}


def described_fields(record_type: type) -> list[tuple[str, FileField]]:
    """The record's fields with their descriptions, in declaration order (the files' key order)."""
    return [(f.name, f.metadata[_METADATA_KEY]) for f in fields(record_type) if _METADATA_KEY in f.metadata]


def column_names(record_type: type) -> list[str]:
    """The fields a database row holds in columns of the same names."""
    return [name for name, spec in described_fields(record_type) if not spec.own_rows]


def _front_matter_fields(record_type: type) -> list[tuple[str, str, FileField]]:
    return [(name, spec.file_key or name, spec) for name, spec in described_fields(record_type) if spec.front_matter]


def read_front_matter(record_type: type, meta: Mapping[str, Any], source: str) -> dict[str, Any]:
    """The record's front-matter fields read from a YAML mapping, by attribute name."""
    described = _front_matter_fields(record_type)
    unknown = set(meta) - {key for _, key, _ in described}
    if unknown:
        # YAML keys need not be strings (`1: x`), and a number does not sort with a string.
        raise ContentError(f"{source}: unknown fields {sorted(unknown, key=str)}")
    values: dict[str, Any] = {}
    for name, key, spec in described:
        if key in meta:
            values[name] = spec.read(meta[key], key, source)
        elif spec.required:
            raise ContentError(f"{source}: missing field '{key}'")
        else:
            values[name] = spec.read(spec.missing, key, source)
    return values


def write_front_matter(record: Any) -> dict[str, Any]:
    """The record's front-matter fields as the YAML mapping a file holds, in declaration order."""
    return {key: spec.write(getattr(record, name)) for name, key, spec in _front_matter_fields(type(record))}


def field_table(record_type: type) -> str:
    """The Markdown table of a record's front-matter fields that docs/CONTENT.md shows."""
    rows = [
        f"| `{key}` | {'yes' if spec.required else 'no'} | {spec.help} |"
        for _, key, spec in _front_matter_fields(record_type)
    ]
    return "\n".join(["| field | required | what |", "|---|---|---|", *rows]) + "\n"


# Readers and writers shared by the records ---------------------------------------------------------


def wrong_type(value: Any, key: str, source: str) -> ContentError:
    return ContentError(f"{source}: field '{key}' has the wrong type ({type(value).__name__})")


def required_str(value: Any, key: str, source: str) -> str:
    if not isinstance(value, str):
        raise wrong_type(value, key, source)
    return value


def stripped_str(value: Any, key: str, source: str) -> str:
    return required_str(value, key, source).strip()


def text(value: Any, key: str, source: str) -> str:
    return "" if value is None else required_str(value, key, source)


def flag(value: Any, key: str, source: str) -> bool:
    # Not bool(value): a quoted 'false' is a string, and any string would read as true.
    if not isinstance(value, bool):
        raise wrong_type(value, key, source)
    return value


def one_of(choices: tuple[str, ...]) -> Reader:
    """A reader for a field that takes one of `choices`."""

    def read(value: Any, key: str, source: str) -> str:
        if isinstance(value, bool):  # YAML 1.1 reads an unquoted yes or no as a boolean
            value = "yes" if value else "no"
        if value not in choices:
            raise ContentError(f"{source}: {key} must be one of {', '.join(choices)}, not {value!r}")
        return str(value)

    return read


def integer(value: Any, key: str, source: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):  # bool is an int to Python, not to a reader
        raise wrong_type(value, key, source)
    return value


def optional_int(value: Any, key: str, source: str) -> int | None:
    return None if value is None else integer(value, key, source) or None


def items(value: Any, key: str, source: str) -> list[Any]:
    """A YAML list, or an empty one for a field left empty; a bare string is not read as its characters."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise wrong_type(value, key, source)
    return value


def str_list(value: Any, key: str, source: str) -> list[str]:
    return [required_str(item, f"{key}[{index + 1}]", source) for index, item in enumerate(items(value, key, source))]


def mapping(value: Any, key: str, source: str) -> dict[Any, Any]:
    """A YAML mapping, or an empty one for a field left empty."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise wrong_type(value, key, source)
    return value


def date(value: Any, key: str, source: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise wrong_type(value, key, source)
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ContentError(f"{source}: field '{key}' must be a date (YYYY-MM-DD)") from error


def optional_date(value: Any, key: str, source: str) -> dt.date | None:
    return date(value, key, source) if value else None


def iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
