"""The contract-monitoring part of `tender demo`: a year of synthetic provider returns.

A contract workspace made from the demo's specification manifest, four quarterly returns
issued, filled with made-up figures (every commentary and case study says SYNTHETIC DEMO
RETURN: nothing here is a real provider's performance), collected into monitoring.json,
the dashboard and the report. The figures are chosen to show every status: targets met
and missed, a run of periods not met, and a group too small to report. Times are fixed.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from tenderkit import fsio
from tenderkit.errors import IntegrityError
from tenderkit.scoring.contract import measure_key
from tenderkit.templates.excel.monitoring_issue import build_return_issue, format_issued_at
from tenderkit.templates.excel.workbook_fill import fill_named_cells
from tenderkit.workspace.contract import CONTRACT_FILE, OpenContract, init_contract, open_contract
from tenderkit.workspace.demo.folder import replace_demo_folder
from tenderkit.workspace.monitor import collect_monitoring, issue_period, period_of

DEMO_FOLDER = "monitoring"
SYNTHETIC = "SYNTHETIC DEMO RETURN"
PROVIDER = "Northfield Community Care Ltd (demonstration)"
START = dt.date(2027, 4, 1)
PERIODS = ("2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4")
CREATED_AT = dt.datetime(2027, 3, 20, 9, 0, tzinfo=dt.UTC)
AS_OF = dt.date(2028, 5, 15)

#: Baselines agreed before the contract: survey results and HR rates from before the start.
BASELINES = {
    "WC-CV-004.recognition": 45.0,
    "WC-CV-008.inclusion-gap": 1.2,
    "WC-LM-004.bullying": 18.0,
    "WC-LM-008.manager-interest": 62.0,
    "WC-MR-001.engagement": 6.8,
    "WC-MR-002.stress": 38.0,
    "WC-PP-005.stress-absence": 2.4,
    "WC-PP-005.absence": 5.1,
    "WC-PP-009.turnover": 14.0,
    "WC-PP-009.early-leavers": 22.0,
}

#: (numerator, denominator) per measure and quarter; None withholds a group too small to
#: report (the denominator is still given). A measure without a ratio gives its value.
Figures = dict[str, tuple[float | None, float] | float]
RETURNS: dict[str, Figures] = {
    "2027-Q1": {
        "WC-AA-004.participation": (38, 420),
        "WC-AA-005.pulse": (1188, 180),
        "WC-PP-005.stress-absence": (2375.0, 95000.0),
        "WC-PP-005.absence": (4750.0, 95000.0),
        "WC-PP-009.turnover": (52.82, 380.0),
        "WC-PP-009.early-leavers": (8, 40),
    },
    "2027-Q2": {
        "WC-AA-004.participation": (55, 420),
        "WC-AA-005.pulse": (1170, 180),
        "WC-PP-005.stress-absence": (2280.0, 95000.0),
        "WC-PP-005.absence": (4940.0, 95000.0),
        "WC-PP-009.turnover": (51.68, 380.0),
        "WC-PP-009.early-leavers": (None, 9),
    },
    "2027-Q3": {
        "WC-AA-004.participation": (60, 420),
        "WC-AA-005.pulse": (1206, 180),
        "WC-PP-005.stress-absence": (2185.0, 95000.0),
        "WC-PP-005.absence": (4845.0, 95000.0),
        "WC-PP-009.turnover": (50.92, 380.0),
        "WC-PP-009.early-leavers": (7, 36),
    },
    "2027-Q4": {
        "WC-AA-004.participation": (52, 420),
        "WC-PP-005.stress-absence": (2090.0, 95000.0),
        "WC-PP-005.absence": (4655.0, 95000.0),
        "WC-PP-009.turnover": (50.54, 380.0),
        "WC-PP-009.early-leavers": (6, 30),
        "WC-CV-004.recognition": (290, 600),
        "WC-CV-008.inclusion-gap": 1.1,
        "WC-LM-004.bullying": (98, 600),
        "WC-LM-008.manager-interest": (375, 600),
        "WC-MR-001.engagement": (4200.0, 600),
        "WC-MR-002.stress": (222, 600),
    },
}

CASE_STUDY = (
    f"{SYNTHETIC}: not a real account. Staff on two district nursing teams said handovers "
    "now leave time to talk about difficult visits; the change came from ideas staff raised "
    "and tried themselves."
)


def _value(unit: str, numerator: float, denominator: float) -> float:
    return (
        round(100 * numerator / denominator, 1)
        if unit == "percent"
        else round(numerator / denominator, 2)
    )


def _fill(contract: OpenContract, label: str) -> bytes:
    period = period_of(contract, label)
    path = contract.workspace.issued_return(period.label)
    issued_at = _issued_at(period.label)
    issue = build_return_issue(contract.config, contract.hash, period, format_issued_at(issued_at))
    figures = RETURNS[label]
    values: dict[str, str | int | float | None] = {}
    for block in issue.blocks:
        values[block.commentary.name] = (
            f"{SYNTHETIC}: not a real report. Commentary for {block.clause} in {label}."
        )
        for m in block.measures:
            figure = figures[m.key]
            if isinstance(figure, tuple):
                numerator, denominator = figure
                assert m.numerator is not None and m.denominator is not None
                values[m.denominator.name] = denominator
                if numerator is not None:
                    values[m.numerator.name] = numerator
                    values[m.value.name] = _value(m.unit, numerator, denominator)
            else:
                values[m.value.name] = figure
    first = issue.case_studies[0]
    values[first.title.name] = f"{SYNTHETIC}: time to talk at handover ({label})"
    values[first.account.name] = CASE_STUDY
    return fill_named_cells(path.read_bytes(), values)


def _issued_at(label: str) -> dt.datetime:
    index = PERIODS.index(label)
    return dt.datetime(2027, 6, 20, 9, 0, tzinfo=dt.UTC) + dt.timedelta(days=91 * index)


def contract_monitoring(out: Path) -> list[Path]:
    """A demo contract workspace in OUT/monitoring: a year of synthetic returns collected.

    A re-run replaces an earlier demo workspace there; any other folder is left alone.
    """
    return replace_demo_folder(out / DEMO_FOLDER, _build, guarded=[CONTRACT_FILE])


def _build(root: Path) -> list[Path]:
    source = resources.files("tenderkit.templates") / "assets" / "example-manifest.yaml"
    manifest = root / "spec-manifest.yaml"
    fsio.write_bytes(manifest, source.read_bytes())
    made, _ = init_contract(root, manifest, PROVIDER, START, CREATED_AT, baselines=BASELINES)
    contract = open_contract(root)
    files = [manifest, *made]
    for label in PERIODS:
        outcome = issue_period(contract, label, _issued_at(label), _issued_at(label))
        target = contract.workspace.returns_dir / f"{label}.xlsx"
        fsio.write_bytes(target, _fill(contract, label))
        files += [outcome.path, target]
    result = collect_monitoring(contract, AS_OF, dt.datetime(2028, 5, 15, 17, 0, tzinfo=dt.UTC))
    if not result.monitoring.clean:
        raise IntegrityError(f"the demo monitoring has problems: {result.monitoring.problems[0]}")
    keys = {measure_key(c, m) for c, m in contract.config.measures()}
    missing = keys - {k for figures in RETURNS.values() for k in figures}
    if missing:
        raise IntegrityError(f"the demo returns leave out {', '.join(sorted(missing))}")
    return [*files, *result.written]
