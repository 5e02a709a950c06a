"""The JSON form of the engine's results and its schema come from the same dataclass fields."""

from __future__ import annotations

import dataclasses

import jsonschema_rs
import pytest

from classifier import Candidate, Classification, Facts, MatchedLine, classify, json_schema
from tests.classifier.test_engine import PER_MINUTE_BODY, SNAPSHOT


def test_facts_schema_names_every_field_and_nothing_else():
    schema = json_schema(Facts)

    assert list(schema["properties"]) == [field.name for field in dataclasses.fields(Facts)]
    assert schema["required"] == list(schema["properties"])
    assert schema["additionalProperties"] is False
    assert list(Facts().to_dict()) == list(schema["properties"])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("http_code", {"type": ["integer", "null"]}),
        ("retry_delay_seconds", {"type": ["number", "null"]}),
        ("clients", {"type": "array", "items": {"type": "string"}}),
        ("quota_period", {"enum": ["minute", "day", None]}),
    ],
)
def test_facts_schema_types_follow_the_annotations(name, expected):
    assert json_schema(Facts)["properties"][name] == expected


def test_a_candidate_keeps_its_raw_score_out_of_the_json_and_the_schema():
    assert "score" not in json_schema(Candidate)["properties"]
    assert "score" not in classify(SNAPSHOT, PER_MINUTE_BODY).matches[0].to_dict()


def test_a_line_schema_carries_its_bounds_and_description():
    schema = json_schema(MatchedLine)["properties"]

    assert schema["number"] == {"type": "integer", "minimum": 1}
    assert schema["text"]["description"] == "The line, with keys and tokens redacted."
    assert schema["spans"]["items"] == {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}


@pytest.mark.parametrize("paste", [PER_MINUTE_BODY, "nothing to see", 'ApiError: {"error":{"code":503}}'])
def test_what_the_engine_answers_matches_its_schema(paste):
    jsonschema_rs.validate(json_schema(Classification), classify(SNAPSHOT, paste).to_dict())


def generic_json(value):
    """The JSON form read field by field from the values themselves, as to_json did before it read
    the annotations: what the faster conversion must still give."""
    if dataclasses.is_dataclass(value):
        return {
            field.name: generic_json(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.metadata.get("in_json", True)
        }
    if isinstance(value, tuple | list):
        return [generic_json(item) for item in value]
    return value


@pytest.mark.parametrize("paste", [PER_MINUTE_BODY, "nothing to see", 'ApiError: {"error":{"code":503}}'])
def test_the_json_form_is_what_a_walk_of_the_values_gives(paste):
    classification = classify(SNAPSHOT, paste)
    json = classification.to_dict()

    assert json == generic_json(classification)
    assert repr(json) == repr(generic_json(classification)), "lists, not tuples, all the way down"
