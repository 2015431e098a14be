"""Tender workspaces built in code, and returns filled in with openpyxl by defined names."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from ruamel.yaml import YAML

from tenderkit.cli.evaluation import issue_workbooks
from tenderkit.cli.init_cmd import init_workspace
from tenderkit.cli.workspace import open_tender

ISSUED_AT = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2027, 3, 1, 9, 5, tzinfo=dt.UTC)
RATIONALE = "The bid shows staff-defined values reviewed yearly, with survey evidence."


def tender(**overrides: Any) -> dict[str, Any]:
    """A tender.yaml body: two bidders, E1 scores everything, E2 only culture and values."""
    body: dict[str, Any] = {
        "title": "Community nursing services",
        "reference": "ICB-2027-014",
        "regime": "procurement-act-2023",
        "rubric": "workplace-compassion@1.0.0",
        "weights": {"quality": 60, "price": 40},
        "price": {"formula": "lowest-over-bid"},
        "tie_break": "higher-quality",
        "thresholds": "exclude",
        "moderation": {"spread_threshold": 2},
        "bidders": [
            {"id": "B1", "name": "Example Care Ltd"},
            {"id": "B2", "name": "Sample Health CIC"},
        ],
        "evaluators": [
            {"id": "E1", "name": "Evaluator One"},
            {"id": "E2", "name": "Evaluator Two", "domains": ["culture-values"]},
        ],
    }
    body.update(overrides)
    return body


def yaml_text(data: Any) -> str:
    yaml = YAML()
    yaml.default_flow_style = False
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def make_workspace(root: Path, body: Mapping[str, Any] | None = None) -> Path:
    init_workspace(root, NOW, tender_text=yaml_text(dict(body or tender())))
    return root


def write_tender(root: Path, body: Mapping[str, Any]) -> None:
    (root / "tender.yaml").write_text(yaml_text(dict(body)), encoding="utf-8")


def issue(root: Path, issued_at: dt.datetime = ISSUED_AT, **options: Any) -> None:
    issue_workbooks(open_tender(root), issued_at, NOW, **options)


def named_cell(book: Workbook, name: str) -> Cell:
    """The cell a workbook-level defined name points at."""
    destinations = list(book.defined_names[name].destinations)
    assert len(destinations) == 1, f"{name} points at {destinations}"
    sheet, ref = destinations[0]
    cell = book[sheet][ref.replace("$", "")]
    assert isinstance(cell, Cell)
    return cell


def names_with_prefix(book: Workbook, prefix: str) -> list[str]:
    return sorted(n for n in book.defined_names if n.startswith(prefix + "."))


def fill(
    issued: Path,
    target: Path,
    *,
    score: object = 3,
    rationale: object = RATIONALE,
    declaration: object = "No conflict",
    values: Mapping[str, object] | None = None,
) -> Path:
    """Complete an issued workbook as an evaluator would, then apply values by defined name.

    A value of None empties the cell. Cells are found only through their defined names.
    """
    book = openpyxl.load_workbook(issued)
    for name in names_with_prefix(book, "COI"):
        named_cell(book, name).value = declaration
    for name in names_with_prefix(book, "S"):
        named_cell(book, name).value = score
    for name in names_with_prefix(book, "R"):
        named_cell(book, name).value = rationale
    for name, value in (values or {}).items():
        named_cell(book, name).value = value
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


def fill_returns(root: Path, **kwargs: Any) -> list[Path]:
    """Every issued workbook completed and dropped into returns/ under its own name."""
    return [
        fill(p, root / "returns" / p.name, **kwargs)
        for p in sorted((root / "issued").glob("*.xlsx"))
    ]
