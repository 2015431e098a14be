"""Bad input to contract monitoring: one clear line per problem naming file and cell, exit 1,
valid returns still counted, and the last good outputs left exactly as they were."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from tenderkit.signing import sign
from tenderkit.templates.excel.monitoring_issue import build_return_issue, format_issued_at
from tenderkit.templates.excel.monitoring_workbook import write_monitoring_workbook
from tenderkit.workspace.contract import open_contract
from tenderkit.workspace.folder import read_secret
from tenderkit.workspace.monitor import period_of
from tests.workspace.test_monitoring_roundtrip import AS_OF, contract, fill, name, run

__all__ = ["contract"]  # the fixture, shared with the round trip

PARTICIPATION = ("WC-AA-004", "participation")


def cell_of(workbook: Path, defined: str) -> str:
    book = openpyxl.load_workbook(io.BytesIO(workbook.read_bytes()))
    sheet, ref = next(iter(book.defined_names[defined].destinations))
    return f"sheet {sheet!r} cell {ref.replace('$', '')}"


@pytest.fixture
def collected(contract: Path) -> tuple[Path, dict[str, bytes]]:
    """Q1 and Q2 collected cleanly: the outputs a bad return must not replace."""
    fill(contract, "2027-Q1")
    fill(contract, "2027-Q2")
    code, out = run("monitor", "collect", str(contract), "--as-of", AS_OF)
    assert code == 0, out
    outputs = {
        p.name: p.read_bytes() for p in (contract / "out").iterdir() if p.name != "audit.log"
    }
    assert set(outputs) == {"monitoring.json", "dashboard.xlsx", "monitoring-report.docx"}
    return contract, outputs


def assert_refused_and_untouched(contract: Path, outputs: dict[str, bytes], *expected: str) -> str:
    code, out = run("monitor", "collect", str(contract), "--as-of", AS_OF)
    assert code == 1
    for text in expected:
        assert text in out, out
    assert "Traceback" not in out
    for file, data in outputs.items():
        assert (contract / "out" / file).read_bytes() == data, f"{file} was replaced"
    assert (contract / "returns" / "2027-Q1.xlsx").exists()
    return out


def test_a_value_outside_its_definition_is_named_by_file_and_cell(
    collected: tuple[Path, dict[str, bytes]],
) -> None:
    contract, outputs = collected
    bad = fill(contract, "2027-Q3", **{name("K", *PARTICIPATION): 140})
    out = assert_refused_and_untouched(
        contract,
        outputs,
        f"returns/2027-Q3.xlsx: {cell_of(bad, name('K', *PARTICIPATION))}",
        "[out-of-range]",
        "140 is outside the definition: a percentage from 0 to 100",
    )
    assert "returns: 3 accepted, 0 refused" in out  # the valid returns were read and kept


def test_a_numerator_above_its_denominator_is_named_at_the_numerator(
    collected: tuple[Path, dict[str, bytes]],
) -> None:
    contract, outputs = collected
    bad = fill(
        contract,
        "2027-Q3",
        **{name("KN", *PARTICIPATION): 500, name("K", *PARTICIPATION): 100},
    )
    assert_refused_and_untouched(
        contract,
        outputs,
        cell_of(bad, name("KN", *PARTICIPATION)),
        "[numerator-above-denominator]",
        "the numerator 500 is above its denominator 420",
    )


def test_a_count_that_is_not_a_whole_number_is_refused(
    collected: tuple[Path, dict[str, bytes]],
) -> None:
    contract, outputs = collected
    fill(contract, "2027-Q3", **{name("KD", *PARTICIPATION): 420.5})
    assert_refused_and_untouched(contract, outputs, "[not-whole]", "not 420.5")


def test_a_workbook_whose_protected_text_was_changed_is_refused_as_tampered(
    collected: tuple[Path, dict[str, bytes]],
) -> None:
    contract, outputs = collected
    path = fill(contract, "2027-Q3")
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    sheet = book["Return"]
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("10 percentage points"):
                cell.value = "1 percentage point above the baseline, whenever"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    assert_refused_and_untouched(
        contract,
        outputs,
        "returns/2027-Q3.xlsx",
        "[tampered]",
        "the protected text of WC-AA-004 differs from what was issued",
    )


def test_a_workbook_whose_signed_metadata_was_changed_is_refused_as_tampered(
    collected: tuple[Path, dict[str, bytes]],
) -> None:
    contract, outputs = collected
    path = fill(contract, "2027-Q3")
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    meta = book["tenderkit"]
    for row in meta.iter_rows():
        if row[0].value == "payload 1/1":
            row[1].value = str(row[1].value).replace('"2027-Q3"', '"2027-Q4"')
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    assert_refused_and_untouched(
        contract, outputs, "returns/2027-Q3.xlsx", "[tampered]", "signature"
    )


def test_a_return_for_a_period_that_was_not_issued_is_refused(
    collected: tuple[Path, dict[str, bytes]],
) -> None:
    """A 2028-Q1 workbook signed with this workspace's secret (issued from a copy of it)."""
    contract, outputs = collected
    opened = open_contract(contract)
    period = period_of(opened, "2028-Q1")
    stamp = format_issued_at(dt.datetime(2028, 6, 1, tzinfo=dt.UTC))
    issue = build_return_issue(opened.config, opened.hash, period, stamp)
    data = write_monitoring_workbook(issue, sign(issue.canonical(), read_secret(opened.workspace)))
    (contract / "returns" / "next-year.xlsx").write_bytes(data)
    assert_refused_and_untouched(
        contract,
        outputs,
        "returns/next-year.xlsx",
        "[not-issued]",
        "a return for 2028-Q1, which was not issued from this workspace",
    )


def test_a_second_return_for_the_same_period_is_refused(
    collected: tuple[Path, dict[str, bytes]],
) -> None:
    contract, outputs = collected
    (contract / "returns" / "2027-Q1-copy.xlsx").write_bytes(
        (contract / "returns" / "2027-Q1.xlsx").read_bytes()
    )
    assert_refused_and_untouched(
        contract, outputs, "[duplicate-return]", "a second return for 2027-Q1"
    )


@pytest.mark.parametrize(
    ("period", "says"),
    [
        ("2028-Q5", "a contract year has Q1 to Q4"),
        ("Q1", "is not a reporting period"),
        ("2026-Q1", "is before the contract start"),
        ("2028-H1", "this contract reports quarterly"),
    ],
)
def test_a_period_string_that_is_not_a_period_is_refused_when_issuing(
    contract: Path, period: str, says: str
) -> None:
    code, out = run("monitor", "issue", str(contract), "--period", period)
    assert code == 1
    assert says in out and "--period" in out
    assert not (contract / "issued" / f"{period}.xlsx").exists()


def test_an_edited_contract_is_refused_before_anything_is_read(contract: Path) -> None:
    path = contract / "contract.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("amount: 10.0", "amount: 1.0", 1))
    code, out = run("monitor", "collect", str(contract), "--as-of", AS_OF)
    assert code == 1
    assert "contract.yaml no longer matches the contract pinned at init" in out


def test_a_baseline_for_a_measure_the_contract_lacks_is_refused(tmp_path: Path) -> None:
    from tenderkit.workspace.specification import build_example_specification

    build_example_specification(tmp_path)
    code, out = run(
        "monitor", "init", str(tmp_path / "c"),
        "--manifest", str(tmp_path / "spec-manifest.yaml"),
        "--provider", "P", "--start", "2027-04-01",
        "--baseline", "WC-MR-001.happiness=7",
    )  # fmt: skip
    assert code == 1
    assert "no such measure in this contract" in out
    assert not (tmp_path / "c" / "contract.yaml").exists()


def test_a_specification_built_from_another_manifest_is_refused(tmp_path: Path) -> None:
    from tenderkit.workspace.specification import build_example_specification

    build_example_specification(tmp_path)
    manifest = tmp_path / "spec-manifest.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('version: "0.3"', 'version: "0.4"'),
        encoding="utf-8",
    )
    code, out = run(
        "monitor", "init", str(tmp_path / "c"),
        "--manifest", str(manifest),
        "--spec", str(tmp_path / "service-specification.docx"),
        "--provider", "P", "--start", "2027-04-01",
    )  # fmt: skip
    assert code == 1
    assert "the specification was built from another manifest" in out
    assert not (tmp_path / "c" / "contract.yaml").exists()
