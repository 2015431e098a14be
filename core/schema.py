"""JSON Schemas generated from the pydantic models, committed so editors can validate files.

A `SchemaFile` names a model class and where its schema is committed. The list of every
committed schema is kept by the layer that sees every part (`tenderkit.workspace.schemas`,
`python -m tenderkit.workspace.schemas` rewrites them); a test fails when a committed
schema has drifted from its model.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import BaseModel


@dataclass(frozen=True)
class SchemaFile:
    package: str  # the part whose schemas/ folder holds the file
    filename: str
    model: type[BaseModel]
    title: str

    def model_class(self) -> type[BaseModel]:
        return self.model

    def path(self) -> Path:
        return Path(str(resources.files(self.package))) / "schemas" / self.filename

    def render(self) -> str:
        schema = self.model_class().model_json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://tenderkit.invalid/schemas/{self.filename}",
            "title": self.title,
            **{k: v for k, v in schema.items() if k != "title"},
        }
        return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_all(schemas: Iterable[SchemaFile]) -> list[Path]:
    """Write each schema to its committed path; returns the paths written."""
    written = []
    for item in schemas:
        path = item.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item.render(), encoding="utf-8")
        written.append(path)
    return written
