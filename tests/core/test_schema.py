"""The committed JSON Schemas match the models they are generated from."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from tenderkit.schema import SchemaFile
from tenderkit.workspace.schemas import SCHEMAS


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: f"{s.package}/{s.filename}")
def test_committed_schema_matches_its_model(schema: SchemaFile):
    """Each committed schema equals the one generated now (run `python -m tenderkit.workspace.schemas`)."""
    path = schema.path()
    assert path.is_file(), f"{path} is missing; run `python -m tenderkit.workspace.schemas`"
    assert path.read_text(encoding="utf-8") == schema.render(), (
        f"{path} has drifted from {schema.model}; run `python -m tenderkit.workspace.schemas`"
    )


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: f"{s.package}/{s.filename}")
def test_committed_schema_is_a_valid_json_schema(schema: SchemaFile):
    """Each schema is itself valid JSON Schema 2020-12 with a title and id."""
    body = json.loads(schema.render())
    Draft202012Validator.check_schema(body)
    assert body["title"] == schema.title
    assert body["$id"].endswith(schema.filename)
