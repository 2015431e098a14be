"""Builders for specification tests: a small clause library, manifests and their rubric."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.support.builders import clause, version, write_yaml
from tests.support.rubrics import approved

#: The test rubric each manifest publishes unless told otherwise: written beside it.
RUBRIC_FILE = "rubric.yaml"

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
        "rubric": RUBRIC_FILE,
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
    """Write a manifest, and the approved test rubric (tests.support.rubrics) beside it."""
    rubric = path.parent / RUBRIC_FILE
    if not rubric.exists():
        write_yaml(rubric, approved())
    return write_yaml(path, manifest_data(**overrides))
