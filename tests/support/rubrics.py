"""Rubric dicts built in code, as they would be written in YAML, for tests to vary."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.support.builders import clause, version, write_library, write_yaml

NAMED_0_5: dict[str, Any] = {
    "kind": "named",
    "title": "Evidence scale",
    "points": [
        {"score": n, "label": label, "descriptor": f"Evidence that is {label.lower()}."}
        for n, label in enumerate(
            ["Unacceptable", "Poor", "Weak", "Satisfactory", "Good", "Excellent"]
        )
    ],
}


def criterion(criterion_id: str, weight: float, **fields: Any) -> dict[str, Any]:
    """A criterion with a question and evidence that name no particular initiative."""
    body: dict[str, Any] = {
        "id": criterion_id,
        "title": f"Criterion {criterion_id}",
        "weight": weight,
        "question": "How do staff of all grades shape the way the service supports them?",
        "evidence": "Staff survey engagement over time and a case study in staff's words.",
        "clauses": [],
    }
    body.update(fields)
    return body


def rubric(**fields: Any) -> dict[str, Any]:
    """A valid two-domain rubric (60/40) on the test taxonomy; fields override the top level."""
    body: dict[str, Any] = {
        "id": "test-rubric",
        "version": "1.0.0",
        "status": "draft",
        "title": "Test rubric",
        "scale": "five",
        "scales": {
            "five": copy.deepcopy(NAMED_0_5),
            "sixty": {"kind": "range", "min": 0, "max": 60, "guidance": "Marks out of 60."},
        },
        "domains": [
            {
                "id": "culture-values",
                "weight": 60,
                "criteria": [
                    criterion("CV1", 70, clauses=["WC-CV-001"], threshold=2, word_limit=500),
                    criterion("CV2", 30),
                ],
            },
            {
                "id": "leadership-management",
                "weight": 40,
                "criteria": [
                    criterion("LM1", 50, clauses=["WC-LM-001"]),
                    criterion("LM2", 50, scale="sixty", threshold=30),
                ],
            },
        ],
    }
    body.update(fields)
    return body


def approved(**fields: Any) -> dict[str, Any]:
    """The test rubric with a complete approval record."""
    record = {"status": "approved", "effective": "2026-01-01", "approver": "Head of Procurement"}
    return rubric(**(record | fields))


def write_clause_library(root: Path) -> Path:
    """Clauses at root: WC-CV-001 and WC-LM-001 approved, WC-CV-002 a draft only."""
    return write_library(
        root,
        clause("WC-CV-001"),
        clause("WC-CV-002", version(status="draft")),
        clause("WC-LM-001", domain="leadership-management"),
    )


def write_rubric(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    """Write a rubric dict as YAML into folder, named ID-VERSION.yaml unless name is given."""
    filename = name or f"{data.get('id', 'rubric')}-{data.get('version', '0')}.yaml"
    return write_yaml(folder / filename, data)
