"""Every JSON Schema tenderkit commits, generated from the models of each part.

`python -m tenderkit.workspace.schemas` rewrites them all. The list lives here, in the layer
that may import every part, so no import is hidden in a string.
"""

from __future__ import annotations

from tenderkit.clauses.library import LibraryMeta
from tenderkit.clauses.manifest import SpecManifest
from tenderkit.clauses.model import Clause
from tenderkit.clauses.taxonomy import Taxonomy
from tenderkit.rubrics.model import Rubric
from tenderkit.schema import SchemaFile, write_all
from tenderkit.scoring.contract import ContractConfig
from tenderkit.scoring.monitoring_file import MonitoringFile
from tenderkit.scoring.tender import TenderConfig

#: Every committed schema; add a part's schemas here.
SCHEMAS: list[SchemaFile] = [
    SchemaFile(
        "tenderkit.clauses",
        "clause.schema.json",
        Clause,
        "tenderkit clause file",
    ),
    SchemaFile(
        "tenderkit.clauses",
        "taxonomy.schema.json",
        Taxonomy,
        "tenderkit clause taxonomy",
    ),
    SchemaFile(
        "tenderkit.clauses",
        "library.schema.json",
        LibraryMeta,
        "tenderkit clause library metadata",
    ),
    SchemaFile(
        "tenderkit.clauses",
        "manifest.schema.json",
        SpecManifest,
        "tenderkit service specification manifest",
    ),
    SchemaFile(
        "tenderkit.rubrics",
        "rubric.schema.json",
        Rubric,
        "tenderkit rubric file",
    ),
    SchemaFile(
        "tenderkit.scoring",
        "tender.schema.json",
        TenderConfig,
        "tenderkit tender workspace (tender.yaml)",
    ),
    SchemaFile(
        "tenderkit.scoring",
        "contract.schema.json",
        ContractConfig,
        "tenderkit contract workspace (contract.yaml)",
    ),
    SchemaFile(
        "tenderkit.scoring",
        "monitoring.schema.json",
        MonitoringFile,
        "tenderkit contract monitoring result (out/monitoring.json)",
    ),
]


if __name__ == "__main__":  # pragma: no cover
    for p in write_all(SCHEMAS):
        print(f"wrote {p}")
