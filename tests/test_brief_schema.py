"""The JSON brief follows its documented, versioned schema (docs/brief-schema.json)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from newsprism.brief import render_json
from newsprism.brief.schema import brief_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "docs" / "brief-schema.json"


def test_the_committed_schema_is_the_one_the_code_writes() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == brief_schema(), "run: python -m newsprism.brief.schema > " + str(
        SCHEMA_FILE.relative_to(SCHEMA_FILE.parents[1])
    )
    assert "1.3" in committed["description"]


def test_the_sample_brief_validates_and_a_broken_one_does_not(analysis) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    data = json.loads(render_json(analysis.brief))
    validator.validate(data)
    assert data["schema_version"] == "1.3"
    broken = json.loads(json.dumps(data))
    broken["corroborated"][0]["independent_sources"] = "many"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)
    del broken["sources"]
    assert not validator.is_valid(broken)
