"""Builders for small clause libraries written in code: a taxonomy, clauses and versions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

TAXONOMY: dict[str, Any] = {
    "domains": [
        {"id": "culture-values", "title": "Culture and values", "prefix": "CV"},
        {"id": "leadership-management", "title": "Leadership and management", "prefix": "LM"},
    ],
    "stages": [
        {"id": "procure-contract", "title": "Procuring and contracting"},
        {"id": "monitor-evaluate", "title": "Monitoring and evaluating"},
        {"id": "strategic-planning", "title": "Strategic planning"},
    ],
    "kinds": [
        {"id": "requirement", "title": "Requirement"},
        {"id": "kpi", "title": "Key performance indicator"},
        {"id": "reporting", "title": "Reporting"},
        {"id": "evidence", "title": "Evidence"},
    ],
}


def version(number: str = "1.0.0", status: str = "approved", **fields: Any) -> dict[str, Any]:
    """A clause version as it would be written in YAML, with sensible defaults."""
    body: dict[str, Any] = {
        "version": number,
        "status": status,
        "obligation": "must",
        "text": "The Provider must review staff wellbeing every {{ months }} months.",
        "parameters": {
            "months": {
                "type": "integer",
                "default": 6,
                "min": 1,
                "max": 12,
                "description": "Interval.",
            }
        },
        "evidence": ["The latest wellbeing review."],
    }
    if status != "draft":
        body |= {"effective": "2025-04-01", "approver": "Head of Contracts"}
    body.update(fields)
    return body


def clause(
    clause_id: str = "WC-CV-001", *versions: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    """A clause as it would be written in YAML; one approved 1.0.0 unless versions are given."""
    body: dict[str, Any] = {
        "id": clause_id,
        "title": "Wellbeing reviews",
        "domain": "culture-values",
        "stage": "procure-contract",
        "kind": "requirement",
        "versions": list(versions) or [version()],
    }
    body.update(fields)
    return body


def write_yaml(path: Path, data: Any) -> Path:
    """Dump data as block-style YAML to path, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    yaml = YAML()
    yaml.default_flow_style = False
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    return path


LibraryFactory = Callable[..., Path]


def write_library(root: Path, *clauses: dict[str, Any], lock: bool = True, **meta: Any) -> Path:
    """Write a library folder from clause dicts at root; returns root. Lock hashes are
    recorded for approved versions unless `lock=False`."""
    write_yaml(root / "library.yaml", {"name": "Test library", "release": "1", **meta})
    write_yaml(root / "taxonomy.yaml", TAXONOMY)
    for item in clauses:
        write_yaml(root / item["domain"] / f"{item['id']}.yaml", item)
    if lock:
        from tenderkit.clauses.library import scan_library
        from tenderkit.clauses.model import LOCKED_STATUSES, version_hash

        library, _ = scan_library(root)
        for c in library.clauses.values():
            for v in c.versions:
                if v.status in LOCKED_STATUSES:
                    library.lock.record(f"{c.id}@{v.version}", version_hash(c, v))
        library.lock.save()
    return root
