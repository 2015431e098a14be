"""Tender workspaces built in code, and returns filled in with openpyxl by defined names."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import Result
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from ruamel.yaml import YAML

from tenderkit.rubrics.model import Rubric
from tenderkit.workspace.init import init_workspace
from tenderkit.workspace.issue import issue_workbooks
from tenderkit.workspace.tender import open_tender
from tests.support.builders import write_yaml
from tests.support.rubrics import NAMED_0_5, approved, criterion

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


#: Where a workspace built by `make_small_workspace` keeps its rubric (tender.yaml names it).
SMALL_RUBRIC_FILE = "rubric.yaml"


def small_rubric() -> dict[str, Any]:
    """An approved rubric for the workbook mechanics: four domains, 0–5 throughout.

    Domains hold different numbers of criteria (2, 2, 1, 2) so that counts which happen to
    work for equal domains cannot pass by accident. It is not the bundled rubric: tests of
    how workbooks are issued and read do not change when the published content does.
    """
    return approved(
        id="small-rubric",
        scale="five",
        scales={"five": copy.deepcopy(NAMED_0_5)},
        domains=[
            {
                "id": "culture-values",
                "weight": 25,
                "criteria": [criterion("CV1", 60, threshold=2), criterion("CV2", 40)],
            },
            {
                "id": "actions-activities",
                "weight": 25,
                "criteria": [criterion("AA1", 50), criterion("AA2", 50)],
            },
            {"id": "leadership-management", "weight": 25, "criteria": [criterion("LM1", 100)]},
            {
                "id": "policies-procedures",
                "weight": 25,
                "criteria": [criterion("PP1", 50), criterion("PP2", 50)],
            },
        ],
    )


def small_rubric_model() -> Rubric:
    return Rubric.model_validate(small_rubric())


def small_tender(**overrides: Any) -> dict[str, Any]:
    """`tender()` scored against `small_rubric()`, kept in the workspace as rubric.yaml."""
    return tender(**({"rubric": SMALL_RUBRIC_FILE} | overrides))


def expected_pairs(rubric: Rubric, body: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Per evaluator of a tender.yaml body, the (bidder, criterion) pairs they should score.

    Worked out here from the rubric's domains and each evaluator's `domains`, in the order
    collection reports them (bidder, then criterion in rubric order), for tests to compare
    against what the tool issued and collected.
    """
    pairs: dict[str, list[tuple[str, str]]] = {}
    for evaluator in body["evaluators"]:
        wanted = evaluator.get("domains")
        criteria = [c.id for d, c in rubric.criteria() if wanted is None or d.id in wanted]
        pairs[evaluator["id"]] = [(b["id"], c) for b in body["bidders"] for c in criteria]
    return pairs


def yaml_text(data: Any) -> str:
    yaml = YAML()
    yaml.default_flow_style = False
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def make_workspace(root: Path, body: Mapping[str, Any] | None = None) -> Path:
    init_workspace(root, NOW, tender_text=yaml_text(dict(body or tender())))
    return root


def make_small_workspace(root: Path, body: Mapping[str, Any] | None = None) -> Path:
    """A workspace scored against `small_rubric()` (written beside tender.yaml)."""
    make_workspace(root, body or small_tender())
    write_yaml(root / SMALL_RUBRIC_FILE, small_rubric())
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


def rewrite_members(
    data: bytes,
    edits: Mapping[str, Callable[[bytes], bytes]] | None = None,
    add: Mapping[str, bytes] | None = None,
) -> bytes:
    """The .xlsx archive data with members edited (name -> function of the old bytes) or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            edit = (edits or {}).get(item.filename)
            target.writestr(item.filename, edit(body) if edit else body)
        for name, body in (add or {}).items():
            target.writestr(name, body)
    return out.getvalue()


def point_name(path: Path, name: str, target: str) -> None:
    """Re-point the workbook-level defined name in path's workbook.xml at target, as text."""

    def edit(xml: bytes) -> bytes:
        pattern = rf'(<definedName[^>]*name="{re.escape(name)}"[^>]*>)[^<]*'
        changed, count = re.subn(pattern, lambda m: m.group(1) + target, xml.decode("utf-8"))
        assert count == 1, f"{name} is defined {count} times"
        return changed.encode("utf-8")

    path.write_bytes(rewrite_members(path.read_bytes(), {"xl/workbook.xml": edit}))


def assert_problem(result: Result, rule: str, *place: str) -> str:
    """Collection exited 1 with one error line and no traceback, and printed a problem line
    for rule naming every place (file, sheet, cell, defined name); that line is returned."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: "), result.stderr
    lines = [line for line in result.stdout.splitlines() if f"[{rule}]" in line]
    assert lines, result.stdout
    assert all(p in lines[0] for p in place), lines[0]
    return lines[0]
