"""The JSON form of the engine's results and its JSON Schema, both read from the dataclass fields.

`to_json` is what the API sends and `json_schema` is what the OpenAPI document says it sends. Both
walk the same fields with the same types, so the description cannot drift from the answer.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import types
from collections.abc import Callable, Mapping
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

# Field metadata for a field the engine keeps for itself (a raw score, say): not sent, not described.
NOT_IN_JSON: Mapping[str, Any] = {"in_json": False}

_SCALAR_TYPES: Mapping[object, str] = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    type(None): "null",
}


def schema_extra(**keywords: Any) -> Mapping[str, Any]:
    """Field metadata adding JSON Schema keywords (a description, bounds) to what the type says."""
    return {"json_schema": keywords}


@functools.cache
def json_fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    """The fields of dataclass `cls` that its JSON form carries, in declaration order."""
    return tuple(field for field in dataclasses.fields(cls) if field.metadata.get("in_json", True))


def to_json(value: Any) -> Any:
    """`value` as JSON-ready Python: dataclasses as objects of their JSON fields, tuples as lists."""
    kind: type = type(value)
    if kind in _SCALAR_TYPES:  # most values are
        return value
    return _converter(kind)(value)


# The answer's JSON is written on every request, so each type's conversion is worked out once, from
# the same annotations that json_schema describes: a field typed as a scalar is copied as it is, a
# tuple of scalars becomes a list, and only dataclasses and tuples of them are walked.
@functools.cache
def _converter(kind: type) -> Callable[[Any], Any]:
    if dataclasses.is_dataclass(kind):
        return _dataclass_converter(kind)
    if issubclass(kind, tuple | list):
        return lambda value: [to_json(item) for item in value]
    return _unchanged


def _dataclass_converter(cls: type) -> Callable[[Any], dict[str, Any]]:
    hints = get_type_hints(cls)
    names = tuple(field.name for field in json_fields(cls))
    converted = tuple(
        (name, convert_field)
        for name in names
        if (convert_field := _annotation_converter(hints[name])) is not _unchanged
    )

    def convert(value: Any) -> dict[str, Any]:
        json = {name: getattr(value, name) for name in names}
        for name, convert_field in converted:
            json[name] = convert_field(json[name])
        return json

    return convert


def _annotation_converter(annotation: Any) -> Callable[[Any], Any]:
    """How a value of this type becomes JSON-ready: `_unchanged` for scalars, so the caller skips it."""
    origin, arguments = get_origin(annotation), get_args(annotation)
    if origin is Literal or annotation in _SCALAR_TYPES:
        return _unchanged
    if origin is Union or origin is types.UnionType:
        options = {_annotation_converter(argument) for argument in arguments}
        return _unchanged if options == {_unchanged} else to_json
    if origin is tuple or origin is list:
        items = {_annotation_converter(argument) for argument in arguments if argument is not Ellipsis}
        if items == {_unchanged}:
            return list
        if len(items) == 1:
            (convert_item,) = items
            return lambda value: [convert_item(item) for item in value]
    return to_json


def _unchanged(value: Any) -> Any:
    return value


class JsonObject:
    """A dataclass whose JSON form is `to_json` of it."""

    __slots__ = ()  # so that a subclass declared with slots=True keeps no __dict__

    def to_dict(self) -> dict[str, Any]:
        json: dict[str, Any] = to_json(self)
        return json


def json_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema of `to_json` for instances of dataclass `cls`: every field present, no others."""
    hints = get_type_hints(cls)
    properties = {
        field.name: {**_type_schema(hints[field.name]), **field.metadata.get("json_schema", {})}
        for field in json_fields(cls)
    }
    schema: dict[str, Any] = {"type": "object"}
    description = _own_docstring(cls)
    if description:
        schema["description"] = description
    schema.update(required=list(properties), properties=properties, additionalProperties=False)
    return schema


def _own_docstring(cls: type) -> str:
    """The class's docstring, or "" for the signature that `dataclass` writes when there is none."""
    doc = inspect.cleandoc(cls.__doc__ or "")
    if doc.startswith(f"{cls.__name__}("):
        return ""
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in doc.split("\n\n"))


def _type_schema(annotation: Any) -> dict[str, Any]:
    origin, arguments = get_origin(annotation), get_args(annotation)
    if origin is Union or origin is types.UnionType:
        return _union_schema([_type_schema(argument) for argument in arguments])
    if origin is Literal:
        return {"enum": list(arguments)}
    if origin is tuple and arguments[-1:] != (Ellipsis,):
        (item,) = set(arguments)  # a fixed-length tuple of one type, such as a (start, end) span
        return {"type": "array", "items": _type_schema(item), "minItems": len(arguments), "maxItems": len(arguments)}
    if origin is tuple or origin is list:
        return {"type": "array", "items": _type_schema(arguments[0])}
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return json_schema(annotation)
    if annotation in _SCALAR_TYPES:
        return {"type": _SCALAR_TYPES[annotation]}
    raise TypeError(f"no JSON Schema for {annotation!r}")


def _union_schema(options: list[dict[str, Any]]) -> dict[str, Any]:
    """`int | None` reads {"type": ["integer", "null"]}, a Literal or None one enum, anything else anyOf."""
    if all(option.keys() == {"type"} for option in options):
        return {"type": [option["type"] for option in options]}
    if all(option.keys() == {"enum"} or option == {"type": "null"} for option in options):
        return {"enum": [value for option in options for value in option.get("enum", [None])]}
    return {"anyOf": options}
