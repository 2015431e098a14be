"""A bidder who withdraws, and one added after issue, through issue, collect, moderate and
compare: the other bidders' scores always count, and every change is on the record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from click.testing import CliRunner, Result

from tenderkit.cli.app import cli
from tests.support.evaluation import (
    fill,
    fill_returns,
    make_small_workspace,
    small_tender,
    write_tender,
)
from tests.support.moderation import fill_moderation

AT = "2027-03-01T09:00:00Z"
LATER = "2027-03-08T09:00:00Z"
THREE = [
    {"id": "B1", "name": "Example Care Ltd"},
    {"id": "B2", "name": "Sample Health CIC"},
    {"id": "B3", "name": "Third Provider Ltd"},
]
B4 = {"id": "B4", "name": "Late Entrant Ltd"}
#: E1 scores all 7 criteria of the small rubric, E2 the 2 of culture and values.
E1_CRITERIA, E2_CRITERIA = 7, 2


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def issue(root: Path, *extra: str, at: str = AT) -> Result:
    return run("workbooks", "issue", str(root), "--issued-at", at, *extra)


def body(bidders: list[dict[str, Any]]) -> dict[str, Any]:
    return small_tender(bidders=bidders)


def collected(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "out" / "collected.json").read_text("utf-8"))
    return data


def scored(root: Path) -> set[str]:
    return {s["bidder"] for s in collected(root)["scores"]}


def audit(root: Path) -> list[dict[str, Any]]:
    lines = (root / "out" / "audit.log").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def events(root: Path, name: str) -> list[dict[str, Any]]:
    return [e for e in audit(root) if e.get("event") == name]


def moderate_and_compare(root: Path, bidders: list[str]) -> dict[str, Any]:
    """Moderate (3 everywhere), price every bidder given, compare; the results document."""
    result = run("moderate", str(root))
    assert result.exit_code == 0, result.output
    fill_moderation(root / "moderation.xlsx", consensus=3)
    prices = "".join(f"{b},{100000 + 1000 * i}\n" for i, b in enumerate(bidders))
    (root / "prices.csv").write_text("bidder,price\n" + prices, encoding="utf-8")
    compared = run("compare", str(root))
    assert compared.exit_code == 0, compared.output
    data: dict[str, Any] = json.loads((root / "out" / "results.json").read_text("utf-8"))
    data["_output"] = result.output + compared.output
    return data


def withdraw_b2(root: Path, **extra: str) -> None:
    bidders = [dict(b) for b in THREE]
    bidders[1] |= {"status": "withdrawn", "withdrawn": "2027-03-10"} | extra
    write_tender(root, body(bidders))


# --- a bidder who withdraws ----------------------------------------------------------


@pytest.fixture
def returned_three(tmp_path: Path) -> Path:
    """Three bidders issued to E1 and E2, every workbook completed and returned."""
    root = make_small_workspace(tmp_path / "tender", body(THREE))
    assert issue(root).exit_code == 0
    fill_returns(root, score=4)
    return root


def test_a_withdrawal_leaves_the_other_bidders_scores_counting(returned_three: Path) -> None:
    """Returns issued before B2 withdrew count for B1 and B3; collection is complete."""
    withdraw_b2(returned_three, withdrawal_reason="Bid withdrawn by the provider")
    result = run("collect", str(returned_three))
    assert result.exit_code == 0, result.output
    data = collected(returned_three)
    assert data["complete"] is True
    assert scored(returned_three) == {"B1", "B3"}
    assert len(data["scores"]) == 2 * (E1_CRITERIA + E2_CRITERIA)
    assert [r["status"] for r in data["returns"]] == ["accepted", "accepted"]


def test_the_withdrawn_bidders_scores_are_set_aside_and_recorded(returned_three: Path) -> None:
    """B2's scores are read, not counted, and recorded in collected.json, the report and the log."""
    withdraw_b2(returned_three, withdrawal_reason="Bid withdrawn by the provider")
    assert run("collect", str(returned_three)).exit_code == 0
    (record,) = collected(returned_three)["withdrawn"]
    assert record["bidder"] == "B2" and record["withdrawn"] == "2027-03-10"
    assert record["reason"] == "Bid withdrawn by the provider"
    assert {(a["evaluator"], a["scores_entered"]) for a in record["set_aside"]} == {
        ("E1", E1_CRITERIA),
        ("E2", E2_CRITERIA),
    }
    report = (returned_three / "out" / "collection-report.md").read_text("utf-8")
    assert "## Set aside: bidders who withdrew" in report
    assert "B2 (Sample Health CIC) withdrew on 2027-03-10 (Bid withdrawn by the provider)" in report
    logged = events(returned_three, "scores-set-aside")
    assert {(e["evaluator"], e["bidder"], e["reason"]) for e in logged} == {
        ("E1", "B2", "bidder withdrew"),
        ("E2", "B2", "bidder withdrew"),
    }
    assert run("audit", "verify", str(returned_three)).exit_code == 0


def test_moderation_and_comparison_run_without_the_withdrawn_bidder(
    returned_three: Path,
) -> None:
    """No moderation row, price or rank for B2; the comparison records that B2 withdrew."""
    withdraw_b2(returned_three)
    assert run("collect", str(returned_three)).exit_code == 0
    # The sealed prices still hold B2's row: it is noted, not used.
    results = moderate_and_compare(returned_three, ["B1", "B2", "B3"])
    assert [b["id"] for b in results["bidders"]] == ["B1", "B3"]
    assert results["withdrawn"] == [
        {"id": "B2", "name": "Sample Health CIC", "withdrawn": "2027-03-10", "reason": None}
    ]
    out = results["_output"]
    assert "bidder B2 (Sample Health CIC) withdrew on 10 March 2027: not moderated" in out
    assert "the price given for bidder B2 is not used: B2 withdrew" in out
    moderation = openpyxl.load_workbook(returned_three / "moderation.xlsx")
    assert not [n for n in moderation.defined_names if n.startswith("C.B2.")]
    comparison = openpyxl.load_workbook(returned_three / "out" / "comparison.xlsx")
    summary = [str(c.value) for row in comparison["Summary"].iter_rows() for c in row if c.value]
    assert "B2 Sample Health CIC, withdrew on 2027-03-10" in summary


def test_the_evaluation_report_says_who_withdrew_and_when(returned_three: Path) -> None:
    """The evaluation report has a paragraph for B2: the date and the scores set aside."""
    withdraw_b2(returned_three, withdrawal_reason="Bid withdrawn by the provider")
    assert run("collect", str(returned_three)).exit_code == 0
    moderate_and_compare(returned_three, ["B1", "B3"])
    result = run("report", str(returned_three))
    assert result.exit_code == 0, result.output
    text = "\n".join(
        p.text
        for p in docx.Document(str(returned_three / "out" / "evaluation-report.docx")).paragraphs
    )
    assert "Bidders who withdrew" in text
    assert (
        "B2 (Sample Health CIC) withdrew on 10 March 2027 (Bid withdrawn by the provider); "
        "the bid was not moderated, scored or ranked. 9 score(s) entered for the bid by E1, E2 "
        "were set aside and not counted."
    ) in text
    summaries = run("summaries", str(returned_three), "--notice-date", "2027-04-06")
    assert summaries.exit_code == 0, summaries.output
    assert sorted(p.name for p in (returned_three / "out" / "summaries").iterdir()) == [
        "B1.docx",
        "B3.docx",
    ]
    assert "no summary for B2 (Sample Health CIC): the bidder withdrew on 2027-03-10" in (
        summaries.output
    )


def test_a_bidder_withdrawn_before_issue_is_never_issued(tmp_path: Path) -> None:
    """A withdrawn bidder gets no sheet or names in a fresh workbook, and is not expected."""
    bidders = [dict(b) for b in THREE]
    bidders[1] |= {"status": "withdrawn", "withdrawn": "2027-02-20"}
    root = make_small_workspace(tmp_path / "tender", body(bidders))
    assert issue(root).exit_code == 0
    book = openpyxl.load_workbook(root / "issued" / "E1.xlsx")
    assert "Bidder B2" not in book.sheetnames
    assert not [n for n in book.defined_names if ".B2." in n or n == "COI.B2"]
    fill_returns(root)
    assert run("collect", str(root)).exit_code == 0
    assert scored(root) == {"B1", "B3"}
    assert collected(root)["withdrawn"][0]["set_aside"] == []


def test_a_withdrawn_bidder_needs_the_date_they_withdrew(tmp_path: Path) -> None:
    """status: withdrawn without a date is refused at the bidder's line in tender.yaml."""
    bidders = [dict(b) for b in THREE]
    bidders[1]["status"] = "withdrawn"
    root = make_small_workspace(tmp_path / "tender", body(bidders))
    result = issue(root)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    assert "tender.yaml:" in line and "bidders[1].withdrawn" in line
    assert "needs the date they withdrew" in line


def test_a_withdrawal_date_needs_the_withdrawn_status(tmp_path: Path) -> None:
    """A date given for an active bidder is refused with its YAML path."""
    bidders = [dict(b) for b in THREE]
    bidders[2]["withdrawn"] = "2027-03-10"
    root = make_small_workspace(tmp_path / "tender", body(bidders))
    result = issue(root)
    assert result.exit_code == 1
    assert "bidders[2].withdrawn" in result.stderr and "status is active" in result.stderr


# --- a bidder added after issue ------------------------------------------------------


@pytest.fixture
def issued_three(tmp_path: Path) -> Path:
    root = make_small_workspace(tmp_path / "tender", body(THREE))
    assert issue(root).exit_code == 0
    return root


def add_b4(root: Path) -> None:
    write_tender(root, body([*THREE, B4]))


def test_a_late_bidder_gets_a_supplementary_workbook_per_evaluator(issued_three: Path) -> None:
    """--bidder B4 writes issued/E1.B4.xlsx and E2.B4.xlsx for B4 alone, each recorded."""
    originals = {p.name: p.read_bytes() for p in (issued_three / "issued").iterdir()}
    add_b4(issued_three)
    result = issue(issued_three, "--bidder", "B4", at=LATER)
    assert result.exit_code == 0, result.output
    assert "issued issued/E1.B4.xlsx (supplementary, bidder B4 only)" in result.output
    assert sorted(p.name for p in (issued_three / "issued").iterdir()) == [
        "E1.B4.xlsx",
        "E1.xlsx",
        "E2.B4.xlsx",
        "E2.xlsx",
    ]
    for name, data in originals.items():
        assert (issued_three / "issued" / name).read_bytes() == data
    book = openpyxl.load_workbook(issued_three / "issued" / "E1.B4.xlsx")
    assert [s for s in book.sheetnames if s.startswith("Bidder")] == ["Bidder B4"]
    assert sorted(n for n in book.defined_names if n.startswith("COI.")) == ["COI.B4"]
    logged = [e for e in events(issued_three, "workbook-issued") if e["supplementary_for"]]
    assert [(e["evaluator"], e["file"], e["supplementary_for"]) for e in logged] == [
        ("E1", "issued/E1.B4.xlsx", "B4"),
        ("E2", "issued/E2.B4.xlsx", "B4"),
    ]
    assert run("audit", "verify", str(issued_three)).exit_code == 0


def test_original_and_supplementary_returns_merge_through_to_the_comparison(
    issued_three: Path,
) -> None:
    """All four bidders are collected, moderated and ranked from original + supplement."""
    add_b4(issued_three)
    assert issue(issued_three, "--bidder", "B4", at=LATER).exit_code == 0
    fill_returns(issued_three, score=4)
    result = run("collect", str(issued_three))
    assert result.exit_code == 0, result.output
    data = collected(issued_three)
    assert data["complete"] is True and scored(issued_three) == {"B1", "B2", "B3", "B4"}
    assert {s["source"]["file"] for s in data["scores"] if s["bidder"] == "B4"} == {
        "returns/E1.B4.xlsx",
        "returns/E2.B4.xlsx",
    }
    assert len(data["scores"]) == 4 * (E1_CRITERIA + E2_CRITERIA)
    assert {t["id"]: (t["expected"], t["accepted"]) for t in data["evaluators"]} == {
        "E1": (4 * E1_CRITERIA, 4 * E1_CRITERIA),
        "E2": (4 * E2_CRITERIA, 4 * E2_CRITERIA),
    }
    results = moderate_and_compare(issued_three, ["B1", "B2", "B3", "B4"])
    assert sorted(b["id"] for b in results["bidders"]) == ["B1", "B2", "B3", "B4"]


def test_a_supplement_not_yet_returned_leaves_only_the_late_bidder_missing(
    issued_three: Path,
) -> None:
    """The originals count; B4's scores are named as missing, evaluator by evaluator."""
    add_b4(issued_three)
    assert issue(issued_three, "--bidder", "B4", at=LATER).exit_code == 0
    for name in ("E1.xlsx", "E2.xlsx"):
        fill(issued_three / "issued" / name, issued_three / "returns" / name)
    result = run("collect", str(issued_three))
    assert result.exit_code == 1
    assert scored(issued_three) == {"B1", "B2", "B3"}
    missing = [p for p in collected(issued_three)["problems"] if p["rule"] == "bidder-not-returned"]
    assert [p["message"].split(";")[0] for p in missing] == [
        "no accepted return from evaluator E1 (Evaluator One) covers bidder B4",
        "no accepted return from evaluator E2 (Evaluator Two) covers bidder B4",
    ]


def test_a_bidder_scored_twice_by_one_evaluator_counts_in_neither_workbook(
    issued_three: Path,
) -> None:
    """E1's reissued workbook (with B4) and their supplement both score B4: a clear finding."""
    add_b4(issued_three)
    assert issue(issued_three, "--bidder", "B4", at=LATER).exit_code == 0
    assert issue(issued_three, "--evaluator", "E1", "--reissue", at=LATER).exit_code == 0
    fill_returns(issued_three)
    result = run("collect", str(issued_three))
    assert result.exit_code == 1
    twice = [p for p in collected(issued_three)["problems"] if p["rule"] == "scored-twice"]
    assert {p["file"] for p in twice} == {"returns/E1.xlsx", "returns/E1.B4.xlsx"}
    assert "evaluator E1 scored bidder B4 in two workbooks" in twice[0]["message"]
    e1_b4 = [s for s in collected(issued_three)["scores"] if s["bidder"] == "B4"]
    assert {s["evaluator"] for s in e1_b4} == {"E2"}
    assert {s["bidder"] for s in collected(issued_three)["scores"] if s["evaluator"] == "E1"} == {
        "B1",
        "B2",
        "B3",
    }


# --- what is refused -----------------------------------------------------------------


def error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    return line


def test_a_plain_issue_after_a_late_bidder_refuses_and_points_to_bidder(
    issued_three: Path,
) -> None:
    """Nothing is reissued behind the evaluators' backs: the plain issue names --bidder B4."""
    add_b4(issued_three)
    line = error_line(issue(issued_three))
    assert "bidder B4 was added to tender.yaml after workbooks were issued to E1, E2" in line
    assert "--bidder B4" in line
    assert not (issued_three / "issued" / "E1.B4.xlsx").exists()
    assert issue(issued_three, "--bidder", "B4").exit_code == 0
    again = issue(issued_three)
    assert again.exit_code == 0, again.output
    assert "kept issued/E1.xlsx" in again.output


def test_a_supplement_for_an_unknown_bidder_is_refused(issued_three: Path) -> None:
    line = error_line(issue(issued_three, "--bidder", "B9"))
    assert "no bidder B9 in tender.yaml (known: B1, B2, B3)" in line


def test_a_supplement_for_a_bidder_already_issued_is_refused(issued_three: Path) -> None:
    line = error_line(issue(issued_three, "--bidder", "B1"))
    assert "bidder B1 is already in the workbooks issued to E1, E2" in line
    assert sorted(p.name for p in (issued_three / "issued").iterdir()) == ["E1.xlsx", "E2.xlsx"]


def test_a_supplement_before_any_issue_is_refused(tmp_path: Path) -> None:
    root = make_small_workspace(tmp_path / "tender", body(THREE))
    line = error_line(issue(root, "--bidder", "B1"))
    assert "no workbooks have been issued from this workspace yet" in line


def test_a_supplement_for_a_withdrawn_bidder_is_refused(issued_three: Path) -> None:
    bidders = [*THREE, B4 | {"status": "withdrawn", "withdrawn": "2027-03-09"}]
    write_tender(issued_three, body(bidders))
    line = error_line(issue(issued_three, "--bidder", "B4"))
    assert "bidder B4 withdrew on 2027-03-09" in line and "bidders[3].status" in line


def test_a_bidder_replaced_after_issue_still_invalidates_the_returns(
    returned_three: Path,
) -> None:
    """Removing B2 from tender.yaml (not withdrawing it) refuses the returns that cover it."""
    write_tender(returned_three, body([THREE[0], THREE[2], {"id": "B5", "name": "Other Ltd"}]))
    result = run("collect", str(returned_three))
    assert result.exit_code == 1
    refused = [
        p for p in collected(returned_three)["problems"] if p["rule"] == "issued-for-other-setup"
    ]
    assert {p["file"] for p in refused} == {"returns/E1.xlsx", "returns/E2.xlsx"}
    assert "bidder B2 is no longer in tender.yaml" in refused[0]["message"]
    assert scored(returned_three) == set()


def test_a_bidder_moved_to_another_lot_after_issue_invalidates_the_returns(
    tmp_path: Path,
) -> None:
    """With allocation by lot, B2 moved out of E2's lot refuses E2's return, which covers B2;
    E3, now allocated B2, has not been issued them."""
    bidders = [THREE[0] | {"lot": "L1"}, THREE[1] | {"lot": "L1"}, THREE[2] | {"lot": "L2"}]
    evaluators = [
        {"id": "E1", "name": "Evaluator One"},
        {"id": "E2", "name": "Evaluator Two", "domains": ["culture-values"], "lots": ["L1"]},
        {"id": "E3", "name": "Evaluator Three", "domains": ["culture-values"], "lots": ["L2"]},
    ]
    root = make_small_workspace(
        tmp_path / "tender", small_tender(bidders=bidders, evaluators=evaluators)
    )
    assert issue(root).exit_code == 0
    fill_returns(root)
    bidders[1] = bidders[1] | {"lot": "L2"}
    write_tender(root, small_tender(bidders=bidders, evaluators=evaluators))
    result = run("collect", str(root))
    assert result.exit_code == 1
    problems = collected(root)["problems"]
    refused = [p for p in problems if p["rule"] == "issued-for-other-setup"]
    assert [p["file"] for p in refused] == ["returns/E2.xlsx"]
    assert (
        "bidder B2 is no longer in tender.yaml, or no longer allocated to E2"
        in (refused[0]["message"])
    )
    assert any(
        p["rule"] == "bidder-not-returned"
        and "E3 (Evaluator Three) covers bidder B2" in p["message"]
        for p in problems
    )


def test_an_evaluator_whose_only_bidder_withdrew_is_not_issued_a_workbook(
    tmp_path: Path,
) -> None:
    """E2, allocated B2 alone, gets no empty workbook once B2 has withdrawn."""
    bidders = [dict(b) for b in THREE]
    bidders[1] |= {"status": "withdrawn", "withdrawn": "2027-02-20"}
    evaluators = [
        {"id": "E1", "name": "Evaluator One"},
        {"id": "E2", "name": "Evaluator Two", "bidders": ["B2"]},
    ]
    root = make_small_workspace(
        tmp_path / "tender", small_tender(bidders=bidders, evaluators=evaluators)
    )
    result = issue(root)
    assert result.exit_code == 0, result.output
    assert "skipped E2: every bidder allocated to them withdrew" in result.output
    assert sorted(p.name for p in (root / "issued").iterdir()) == ["E1.xlsx"]
    fill_returns(root)
    assert run("collect", str(root)).exit_code == 0
