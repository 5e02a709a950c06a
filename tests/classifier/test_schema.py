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
