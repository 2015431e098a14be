"""A year of contract monitoring through the real files: a specification built on the bundled
library, a contract workspace made from it, four quarterly returns issued, filled by defined
names with openpyxl as a provider would, and collected."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tenderkit.cli.app import cli
from tenderkit.templates.excel.names import excel_name
from tenderkit.templates.excel.workbook_fill import fill_named_cells
from tenderkit.workspace.specification import build_example_specification

START = "2027-04-01"
QUARTERS = ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
AS_OF = "2028-06-01"

#: Figures per quarter: (numerator, denominator) for participation (WC-AA-004, no agreed
#: baseline), turnover (WC-PP-009, agreed baseline 14.0) and, in Q4 only, engagement
#: (WC-MR-001, annual survey, agreed baseline 6.8).
PARTICIPATION = {
    "2027-Q1": (42, 420),
    "2027-Q2": (50, 420),
    "2027-Q3": (48, 420),
    "2027-Q4": (59, 420),
}
TURNOVER = {
    "2027-Q1": (53.2, 380.0),
    "2027-Q2": (51.3, 380.0),
    "2027-Q3": (51.0, 380.0),
    "2027-Q4": (49.0, 380.0),
}
ENGAGEMENT = (4170.0, 600)


def name(prefix: str, clause: str, measure: str | None = None) -> str:
    return excel_name(prefix, clause, *([measure] if measure else []))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    """A contract workspace with the four quarters of the first contract year issued."""
    build_example_specification(tmp_path)
    root = tmp_path / "contract"
    code, out = run(
        "monitor", "init", str(root),
        "--manifest", str(tmp_path / "spec-manifest.yaml"),
        "--spec", str(tmp_path / "service-specification.docx"),
        "--provider", "Example Care Ltd",
        "--start", START,
        "--baseline", "WC-PP-009.turnover=14",
        "--baseline", "WC-MR-001.engagement=6.8",
    )  # fmt: skip
    assert code == 0, out
    for quarter in QUARTERS:
        code, out = run(
            "monitor",
            "issue",
            str(root),
            "--period",
            quarter,
            "--issued-at",
            "2027-06-01T09:00:00Z",
        )
        assert code == 0, out
    return root


def fill(root: Path, quarter: str, **extra: str | int | float | None) -> Path:
    """The provider's return for quarter, with the figures above, in returns/."""
    values: dict[str, str | int | float | None] = {}
    for clause, measure, figures in (
        ("WC-AA-004", "participation", PARTICIPATION),
        ("WC-PP-009", "turnover", TURNOVER),
    ):
        num, den = figures[quarter]
        values[name("KN", clause, measure)] = num
        values[name("KD", clause, measure)] = den
        values[name("K", clause, measure)] = round(100 * num / den, 1)
    if quarter == "2027-Q4":
        num, den = ENGAGEMENT
        values[name("KN", "WC-MR-001", "engagement")] = num
        values[name("KD", "WC-MR-001", "engagement")] = den
        values[name("K", "WC-MR-001", "engagement")] = round(num / den, 2)
    values[name("KC", "WC-AA-004")] = "Participation rose after staff chose the topics."
    values[excel_name("CST", "1")] = f"Case study {quarter}"
    values[excel_name("CS", "1")] = "Staff say handovers now leave time to talk."
    values.update(extra)
    target = root / "returns" / f"{quarter}.xlsx"
    target.write_bytes(fill_named_cells((root / "issued" / f"{quarter}.xlsx").read_bytes(), values))
    return target


def expected_rows() -> dict[str, list[tuple[str, float | None, str]]]:
    """(period, target, status) worked out here, independently of the scoring core."""
    part = {q: round(100 * n / d, 1) for q, (n, d) in PARTICIPATION.items()}
    base = part["2027-Q1"]  # no agreed baseline: Q1 (month 3) is the baseline
    part_rows = []
    for i, q in enumerate(QUARTERS):
        month = 3 * (i + 1)
        target = base + 10 * (month - 3) / (24 - 3)  # +10 points by month 24
        part_rows.append((q, target, "met" if part[q] >= target else "not-met"))
    turn = {q: round(100 * n / d, 1) for q, (n, d) in TURNOVER.items()}
    turn_rows = []
    for i, q in enumerate(QUARTERS):
        target = 14.0 - 2 * (3 * (i + 1)) / 24  # -2 points by month 24 from month 0
        turn_rows.append((q, target, "met" if turn[q] <= target else "not-met"))
    engagement = round(ENGAGEMENT[0] / ENGAGEMENT[1], 2)
    target = 6.8 + 0.3 * 12 / 24
    return {
        "WC-AA-004.participation": part_rows,
        "WC-PP-009.turnover": turn_rows,
        "WC-MR-001.engagement": [("2027-Q4", target, "met" if engagement >= target else "not-met")],
    }


def test_four_quarterly_returns_give_the_statuses_worked_out_from_the_targets(
    contract: Path,
) -> None:
    for quarter in QUARTERS:
        fill(contract, quarter)
    code, out = run("monitor", "collect", str(contract), "--as-of", AS_OF)
    assert code == 0, out
    data = json.loads((contract / "out" / "monitoring.json").read_text(encoding="utf-8"))
    measures = {m["key"]: m for m in data["measures"]}
    for key, rows in expected_rows().items():
        got = [(p["period"], p["target"], p["status"]) for p in measures[key]["periods"]]
        assert [(p, s) for p, _, s in got] == [(p, s) for p, _, s in rows], key
        # monitoring.json gives targets to four decimal places.
        assert [t for _, t, _ in got] == pytest.approx([t for _, t, _ in rows], abs=1e-4), key
        statuses = [s for _, _, s in rows]
        run_length = len(statuses) - len(
            "".join("x" if s == "met" else "-" for s in statuses).rstrip("-")
        )
        assert measures[key]["not_met_in_a_row"] == run_length, key
    # The figures include misses at the end of the year, so the run is not trivially 0.
    assert measures["WC-AA-004.participation"]["not_met_in_a_row"] > 0
    # Measures the provider left blank are missing, not silently dropped.
    assert {p["status"] for p in measures["WC-PP-005.absence"]["periods"]} == {"missing"}
    assert [c["title"] for c in data["case_studies"]] == [f"Case study {q}" for q in QUARTERS]
    assert (contract / "out" / "dashboard.xlsx").exists()
    assert (contract / "out" / "monitoring-report.docx").exists()


def test_the_return_workbook_shows_each_due_measure_with_its_definition_and_target(
    contract: Path,
) -> None:
    book = openpyxl.load_workbook(io.BytesIO((contract / "issued" / "2027-Q4.xlsx").read_bytes()))
    names = set(book.defined_names)
    assert {name("K", "WC-MR-001", "engagement"), name("KN", "WC-MR-001", "engagement")} <= names
    assert name("K", "WC-AA-005", "pulse") not in names  # not due in the survey quarter
    sheet = book["Return"]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "Respondents who answer the engagement questions" in text
    assert "6.8 (agreed)" in text
    assert "for 2027-Q4: at least 6.95" in text


def test_a_later_period_is_late_once_its_deadline_passes_without_a_return(
    contract: Path,
) -> None:
    fill(contract, "2027-Q1")
    code, out = run("monitor", "collect", str(contract), "--as-of", "2027-11-15")
    assert code == 0, out
    data = json.loads((contract / "out" / "monitoring.json").read_text(encoding="utf-8"))
    rows = next(m for m in data["measures"] if m["key"] == "WC-AA-004.participation")["periods"]
    assert [(p["period"], p["status"]) for p in rows] == [("2027-Q1", "met"), ("2027-Q2", "late")]
    assert data["awaiting"] == ["2027-Q3", "2027-Q4"]


def test_the_audit_log_accounts_for_the_contract_its_returns_and_monitoring_json(
    contract: Path,
) -> None:
    fill(contract, "2027-Q1")
    assert run("monitor", "collect", str(contract), "--as-of", AS_OF)[0] == 0
    code, out = run("audit", "verify", str(contract))
    assert code == 0, out
    assert "6 workspace file(s) accounted for" in out  # contract.lock, 4 issued, monitoring.json
    result = contract / "out" / "monitoring.json"
    result.write_text(result.read_text(encoding="utf-8").replace('"met"', '"not-met"'))
    code, out = run("audit", "verify", str(contract))
    assert code == 1
    assert "out/monitoring.json" in out and "is not the one" in out
