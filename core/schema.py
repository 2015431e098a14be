"""JSON Schemas generated from the pydantic models, committed so editors can validate files.

`python -m tenderkit.schema` rewrites them; a test fails when a committed schema has
drifted from its model.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import BaseModel


@dataclass(frozen=True)
class SchemaFile:
    package: str  # the part whose schemas/ folder holds the file
    filename: str
    model: str  # "module:Class"
    title: str

    def model_class(self) -> type[BaseModel]:
        module, _, name = self.model.partition(":")
        cls = getattr(importlib.import_module(module), name)
        assert isinstance(cls, type) and issubclass(cls, BaseModel)
        return cls

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


#: Every committed schema; later parts add theirs here.
SCHEMAS: list[SchemaFile] = [
    SchemaFile(
        "tenderkit.clauses",
        "clause.schema.json",
        "tenderkit.clauses.model:Clause",
        "tenderkit clause file",
    ),
    SchemaFile(
        "tenderkit.clauses",
        "taxonomy.schema.json",
        "tenderkit.clauses.taxonomy:Taxonomy",
        "tenderkit clause taxonomy",
    ),
    SchemaFile(
        "tenderkit.clauses",
        "library.schema.json",
        "tenderkit.clauses.library:LibraryMeta",
        "tenderkit clause library metadata",
    ),
    SchemaFile(
        "tenderkit.clauses",
        "manifest.schema.json",
        "tenderkit.clauses.manifest:SpecManifest",
        "tenderkit service specification manifest",
    ),
    SchemaFile(
        "tenderkit.rubrics",
        "rubric.schema.json",
        "tenderkit.rubrics.model:Rubric",
        "tenderkit rubric file",
    ),
    SchemaFile(
        "tenderkit.scoring",
        "tender.schema.json",
        "tenderkit.scoring.tender:TenderConfig",
        "tenderkit tender workspace (tender.yaml)",
    ),
]


def write_all() -> list[Path]:
    written = []
    for item in SCHEMAS:
        path = item.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item.render(), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for p in write_all():
        print(f"wrote {p}")
