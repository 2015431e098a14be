"""The demo's year of contract monitoring: synthetic, labelled, and every output from monitoring.json."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tenderkit.templates.word.audit import audit
from tenderkit.templates.word.package import read_word_package
from tenderkit.templates.word.properties import read_custom_properties
from tenderkit.workspace.demo.journey import STEPS
from tenderkit.workspace.demo.monitoring import SYNTHETIC, contract_monitoring
from tenderkit.workspace.monitor import render_outputs
from tests.conftest import DemoRun


@pytest.fixture
def demo(demo_run: DemoRun) -> Path:
    """The monitoring folder the shared `tender demo` run wrote with its last step."""
    return demo_run.out / "monitoring"


def test_contract_monitoring_is_the_last_step_of_the_demo() -> None:
    assert STEPS[-1] is contract_monitoring


def test_every_return_says_it_is_synthetic(demo: Path) -> None:
    returns = sorted((demo / "returns").glob("*.xlsx"))
    assert [p.stem for p in returns] == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
    for path in returns:
        book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
        commentary = [n for n in book.defined_names if n.startswith("KC.")]
        assert commentary
        for defined in commentary:
            sheet, ref = next(iter(book.defined_names[defined].destinations))
            assert str(book[sheet][ref.replace("$", "")].value).startswith(SYNTHETIC)


def test_the_demo_year_shows_targets_met_and_missed_a_run_and_a_suppressed_group(
    demo: Path,
) -> None:
    data = json.loads((demo / "out" / "monitoring.json").read_text(encoding="utf-8"))
    statuses = {p["status"] for m in data["measures"] for p in m["periods"]}
    assert {"met", "not-met", "suppressed"} <= statuses
    turnover = next(m for m in data["measures"] if m["key"] == "WC-PP-009.turnover")
    assert turnover["not_met_in_a_row"] == 4
    assert data["problems"] == []
    assert all(c["account"].startswith(SYNTHETIC) for c in data["case_studies"])


def test_the_dashboard_and_report_are_generated_from_monitoring_json_alone(demo: Path) -> None:
    text = (demo / "out" / "monitoring.json").read_text(encoding="utf-8")
    dashboard, report = render_outputs(text)
    assert dashboard == (demo / "out" / "dashboard.xlsx").read_bytes()
    assert report == (demo / "out" / "monitoring-report.docx").read_bytes()


def test_the_dashboard_has_one_chart_per_measure_and_colours_statuses(demo: Path) -> None:
    data = json.loads((demo / "out" / "monitoring.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(demo / "out" / "dashboard.xlsx") as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        summary = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert len(charts) == len(data["measures"])
    assert summary.count("<cfRule") == 5  # one rule per status


def test_the_report_is_accessible_and_carries_its_provenance(demo: Path) -> None:
    path = demo / "out" / "monitoring-report.docx"
    assert audit(path) == []
    props = read_custom_properties(read_word_package(path))
    data = json.loads((demo / "out" / "monitoring.json").read_text(encoding="utf-8"))
    assert props["tenderkit.contract_hash"] == data["contract"]["contract_hash"]
    assert props["tenderkit.latest_period"] == "2027-Q4"
    assert "WC-MR-001@3.0.0" in props["tenderkit.clauses.1"]
