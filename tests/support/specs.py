"""Builders for specification tests: a small clause library and manifests written in code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.support.builders import clause, version, write_yaml

SERVICE = {"type": "string", "description": "Name of the commissioned service."}
MONTHS = {
    "type": "integer",
    "default": 6,
    "min": 1,
    "max": 12,
    "unit": "months",
    "description": "Longest interval between reviews.",
}
TARGET = {
    "type": "number",
    "min": 1,
    "max": 5,
    "description": "Staff survey engagement score to reach.",
}


def spec_clauses() -> list[dict[str, Any]]:
    """Two domains: values clauses (one with history, one draft-only) and leadership clauses."""
    values_text = (
        "The Provider must review the values of {{ service_name }} every {{ months }} months."
    )
    return [
        clause(
            "WC-CV-001",
            version("1.0.0", "superseded", text="Old text for {{ service_name }}.",
                    parameters={"service_name": SERVICE}),
            version("2.0.0", text=values_text,
                    parameters={"service_name": SERVICE, "months": MONTHS},
                    evidence=["The values statement.", "The date of the last review."],
                    guidance="Ask for the outcome, not a method.",
                    examples=["A workshop where staff write the values together."]),
            title="Staff-owned values",
        ),
        clause(
            "WC-CV-002",
            version("1.0.0", text="The Provider must report sickness absence for {{ service_name }}.",
                    parameters={"service_name": SERVICE}),
            title="Sickness absence reporting",
            kind="kpi",
        ),
        clause("WC-CV-003", version("1.0.0", "draft"), title="A clause still in draft"),
        clause(
            "WC-LM-001",
            version("1.0.0"),
            version("1.1.0", "withdrawn"),
            title="Listening leaders",
            domain="leadership-management",
        ),
        clause(
            "WC-LM-002",
            version("1.0.0", text="Staff engagement must reach at least {{ target }}.",
                    parameters={"target": TARGET}),
            title="Engagement target",
            domain="leadership-management",
            kind="kpi",
        ),
    ]  # fmt: skip


def manifest_data(**overrides: Any) -> dict[str, Any]:
    """A valid manifest for the spec library; keyword arguments replace top-level fields."""
    data: dict[str, Any] = {
        "title": "Workplace compassion requirements - community nursing",
        "reference": "ICB-2027-014/SPEC/01",
        "commissioner": "NHS Example Integrated Care Board",
        "author": "Head of Commissioning",
        "version": "0.3",
        "status": "draft for market engagement",
        "date": "2027-01-15",
        "regime": "procurement-act-2023",
        "rubric": "workplace-compassion@1",
        "weights": {"quality": 60, "price": 40},
        "parameters": {"service_name": "Community Nursing Service", "target": 3.85},
        "clauses": [
            {"id": "WC-CV-001", "version": "2.0.0", "parameters": {"months": 3}},
            {"domain": "culture-values"},
            {"domain": "leadership-management"},
        ],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def write_manifest(path: Path, **overrides: Any) -> Path:
    return write_yaml(path, manifest_data(**overrides))


def write_library(root: Path, clauses: list[dict[str, Any]]) -> Path:
    """What the `make_library` fixture writes, callable from module-scoped fixtures."""
    from tenderkit.clauses.library import scan_library
    from tenderkit.clauses.model import LOCKED_STATUSES, version_hash

    from tests.support.builders import TAXONOMY

    write_yaml(root / "library.yaml", {"name": "Test library", "release": "1"})
    write_yaml(root / "taxonomy.yaml", TAXONOMY)
    for item in clauses:
        write_yaml(root / item["domain"] / f"{item['id']}.yaml", item)
    library, _ = scan_library(root)
    for c in library.clauses.values():
        for v in c.versions:
            if v.status in LOCKED_STATUSES:
                library.lock.record(f"{c.id}@{v.version}", version_hash(c, v))
    library.lock.save()
    return root
