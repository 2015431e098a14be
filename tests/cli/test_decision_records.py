"""`tender summaries` and `tender report`: every figure is results.json's, dated from the notice."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from fractions import Fraction
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from tenderkit import __version__
from tenderkit.cli.app import cli
from tenderkit.templates.word.audit import audit
from tenderkit.templates.word.decision_content import points
from tenderkit.templates.word.package import read_word_package
from tenderkit.templates.word.properties import read_custom_properties
from tenderkit.workspace.compare import ComparisonRefused, compare_bids
from tenderkit.workspace.tender import open_tender
from tests.support.cli import assert_one_error_line
from tests.support.results import (
    CONSENSUS,
    CRITERIA,
    PRICES,
    collected_example,
    example_with_results,
    pairs,
    write_results,
)

NOTICE = "2027-04-06"
#: The small rubric's effective weights (domain weight × criterion weight / 100), worked by hand.
WEIGHTS = {"CV1": 15, "CV2": 10, "AA1": 12.5, "AA2": 12.5, "LM1": 25, "PP1": 12.5, "PP2": 12.5}


@pytest.fixture(scope="module")
def compared_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_with_results(tmp_path_factory.mktemp("compared") / "tender")


@pytest.fixture
def root(compared_once: Path, tmp_path: Path) -> Path:
    target = tmp_path / "tender"
    shutil.copytree(compared_once, target)
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def summaries(runner: CliRunner, root: Path, notice: str = NOTICE) -> Result:
    return runner.invoke(cli, ["summaries", str(root), "--notice-date", notice])


def report(runner: CliRunner, root: Path) -> Result:
    return runner.invoke(cli, ["report", str(root)])


def results(root: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((root / "out" / "results.json").read_text("utf-8"))
    return data


def text_of(path: Path) -> str:
    """Every paragraph and table cell of a document, one per line."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def table_with(path: Path, first_header: str, second_header: str) -> list[list[str]]:
    document = docx.Document(str(path))
    for table in document.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows[0][:2] == [first_header, second_header]:
            return rows
    raise AssertionError(f"no table headed {first_header!r}, {second_header!r} in {path.name}")


def bids(root: Path) -> dict[str, dict[str, object]]:
    return {str(b["id"]): b for b in results(root)["bidders"]}  # type: ignore[attr-defined]


def expected_quality(bidder: str) -> Fraction:
    """consensus / 5 × effective weight × quality weight 60 / 100, summed, worked here."""
    return sum(
        (
            Fraction(str(s)) / 5 * Fraction(str(WEIGHTS[c])) * Fraction(60, 100)
            for c, s in zip(CRITERIA, CONSENSUS[bidder], strict=True)
        ),
        Fraction(0),
    )


def test_the_results_agree_with_a_calculation_by_hand(root: Path) -> None:
    """B1 and B2's quality and total are the by-hand figures; B3 fails CV1's threshold."""
    found = bids(root)
    lowest = min(PRICES["B1"], PRICES["B2"])  # B3 is excluded before price is scored
    for bidder in ("B1", "B2"):
        price_score = Fraction(lowest) / Fraction(PRICES[bidder]) * 40
        assert found[bidder]["quality"] == pytest.approx(float(expected_quality(bidder)), abs=1e-9)
        assert found[bidder]["total"] == pytest.approx(
            float(expected_quality(bidder) + price_score), abs=1e-9
        )
    assert [found[b]["rank"] for b in ("B1", "B2", "B3")] == [1, 2, None]
    assert found["B3"]["status"] == "excluded"


def test_each_summary_shows_its_bids_figures_from_the_results(
    root: Path, runner: CliRunner
) -> None:
    """Every consensus score, weighted score, domain figure, total and rank is results.json's."""
    result = summaries(runner, root)
    assert result.exit_code == 0, result.output
    # 3 bids × 7 criteria, 3 of them with a note: the lead is told the other 18 give no reasons.
    assert "note: 18 consensus score(s) have no moderation note" in result.stdout
    found = bids(root)
    for bidder, bid in found.items():
        path = root / "out" / "summaries" / f"{bidder}.docx"
        rows = table_with(path, "Criterion", "Your score")
        by_criterion = {r[0].split()[0]: r for r in rows[1:]}
        for criterion in bid["criteria"]:  # type: ignore[attr-defined]
            row = by_criterion[criterion["id"]]
            assert row[1] == f"{criterion['consensus']:g} of 5"
            assert row[2].startswith(points(criterion["weighted"]) + " of ")
        outcome = {r[0]: r[1] for r in table_with(path, "Figure", "Your bid")[1:]}
        assert outcome["Quality points"] == points(bid["quality"])  # type: ignore[arg-type]
        assert outcome["Total"] == points(bid["total"])  # type: ignore[arg-type]
        assert outcome["Rank"] == ("–" if bid["rank"] is None else str(bid["rank"]))
        assert outcome["Price score"] == points(bid["price_score"])  # type: ignore[arg-type]


def test_an_unsuccessful_bidder_sees_the_winning_bids_figures_beside_its_own(
    root: Path, runner: CliRunner
) -> None:
    """B2's summary carries B1's consensus scores, points and total in their own column."""
    assert summaries(runner, root).exit_code == 0
    found = bids(root)
    path = root / "out" / "summaries" / "B2.docx"
    rows = table_with(path, "Criterion", "Your score")
    assert rows[0][3:] == ["Winning bid: score", "Winning bid: points"]
    winner = {c["id"]: c for c in found["B1"]["criteria"]}  # type: ignore[attr-defined]
    for row in rows[1:]:
        criterion = winner[row[0].split()[0]]
        assert row[3] == f"{criterion['consensus']:g} of 5"
        assert row[4] == points(criterion["weighted"])
    outcome = {r[0]: r[1:] for r in table_with(path, "Figure", "Your bid")[1:]}
    assert outcome["Total"] == [points(found["B2"]["total"]), points(found["B1"]["total"])]  # type: ignore[arg-type]
    text = text_of(path)
    assert "Values are defined with staff" in text  # the winner's reasons, as moderated
    assert "Winning bid" not in text_of(root / "out" / "summaries" / "B1.docx")


def test_an_excluded_bidder_is_told_why(root: Path, runner: CliRunner) -> None:
    """B3's summary gives its status with the threshold reason results.json records."""
    assert summaries(runner, root).exit_code == 0
    reasons = bids(root)["B3"]["reasons"]
    assert reasons
    text = text_of(root / "out" / "summaries" / "B3.docx")
    for reason in reasons:  # type: ignore[attr-defined]
        assert reason in text
    assert "Excluded: " in text


def test_the_price_working_shows_the_formula_with_its_numbers(
    root: Path, runner: CliRunner
) -> None:
    """Lowest-over-bid spelled out for B1: £100,000.00 ÷ £110,000.00 × 40.00 = its price score."""
    assert summaries(runner, root).exit_code == 0
    text = text_of(root / "out" / "summaries" / "B1.docx")
    score = points(bids(root)["B1"]["price_score"])  # type: ignore[arg-type]
    assert f"£100,000.00 ÷ £110,000.00 × 40.00 = {score} points" in text
    assert score == points(float(Fraction(100000, 110000) * 40))


@pytest.mark.parametrize(
    ("notice", "last_day", "contract_from", "skipped"),
    [
        # Tuesday notice: four working days, a weekend, four more.
        ("2027-04-06", "Thursday 15 April 2027", "Friday 16 April 2027", None),
        # Christmas 2026: Christmas Day (Friday), Boxing Day's substitute (Monday 28th),
        # New Year's Day and Scotland's 2 January substitute (Monday 4 January) skipped.
        (
            "2026-12-21",
            "Tuesday 5 January 2027",
            "Wednesday 6 January 2027",
            "Boxing Day (substitute day)",
        ),
        # Easter 2027: Good Friday 26 March and Easter Monday 29 March skipped.
        ("2027-03-24", "Tuesday 6 April 2027", "Wednesday 7 April 2027", "Easter Monday"),
        # St Patrick's Day (Wednesday 17 March 2027) is a holiday in Northern Ireland only,
        # and still not a working day for any tender.
        (
            "2027-03-15",
            "Thursday 25 March 2027",
            "Friday 26 March 2027",
            "St Patrick's Day, Northern Ireland",
        ),
    ],
)
def test_the_standstill_paragraph_gives_the_dates_worked_out_by_hand(
    root: Path,
    runner: CliRunner,
    notice: str,
    last_day: str,
    contract_from: str,
    skipped: str | None,
) -> None:
    """The last day of standstill and the first contract day, counted by hand, are in the text."""
    result = summaries(runner, root, notice)
    assert result.exit_code == 0, result.output
    text = text_of(root / "out" / "summaries" / "B2.docx")
    assert f"It ends at midnight at the end of {last_day}" in text
    assert f"will not enter into the contract before {contract_from}" in text
    assert f"{last_day} | The last day of the mandatory standstill period." in text
    assert f"{contract_from} | The first day the contract may be entered into." in text
    if skipped is not None:
        assert skipped in text
    assert f"last day {last_day}; contract from {contract_from}" in result.stdout


def test_under_the_provider_selection_regime_the_summary_speaks_its_language(
    root: Path, runner: CliRunner
) -> None:
    """Providers, the relevant authority and regulation 12's standstill from the day after."""
    tender_file = root / "tender.yaml"
    tender_file.write_text(
        tender_file.read_text("utf-8").replace(
            "procurement-act-2023", "provider-selection-regime-2023"
        ),
        "utf-8",
    )
    compare_bids(open_tender(root), dt.datetime(2027, 3, 21, 9, tzinfo=dt.UTC))  # anew, under PSR
    assert summaries(runner, root, "2027-04-06").exit_code == 0
    text = text_of(root / "out" / "summaries" / "B2.docx")
    assert "Evaluation summary" in text and "To the provider: " in text
    assert "regulation 12 of the Health Care Services (Provider Selection Regime)" in text
    assert "begins on the day after publication, Wednesday 7 April 2027" in text
    # Eight working days counted from Thursday 8 April: 8, 9, 12, 13, 14, 15, 16, 19.
    assert "before midnight at the end of Monday 19 April 2027" in text
    assert "mandatory standstill" not in text


def test_a_notice_on_a_non_working_day_is_allowed_with_a_warning_saying_why(
    root: Path, runner: CliRunner
) -> None:
    """Christmas Day 2027 (a Saturday) as the notice date warns and still writes."""
    result = summaries(runner, root, "2027-12-27")
    assert result.exit_code == 0, result.output
    assert "warning: " in result.stderr and "Christmas Day (substitute day)" in result.stderr
    assert (root / "out" / "summaries" / "B1.docx").is_file()


def test_the_report_records_every_score_total_and_rank(root: Path, runner: CliRunner) -> None:
    """Individual scores with rationales, consensus and notes, totals and ranks: results.json's."""
    result = report(runner, root)
    assert result.exit_code == 0, result.output
    path = root / "out" / "evaluation-report.docx"
    collected = json.loads((root / "out" / "collected.json").read_text("utf-8"))
    text = text_of(path)
    for s in collected["scores"]:
        assert f"{s['criterion']} | {s['evaluator']} | {s['score']:g} | {s['rationale']}" in text
    ranking = {r[1].split()[0]: r for r in table_with(path, "Rank", "Bidder")[1:]}
    for bidder, bid in bids(root).items():
        row = ranking[bidder]
        assert row[0] == ("–" if bid["rank"] is None else str(bid["rank"]))
        assert row[2] == points(bid["quality"])  # type: ignore[arg-type]
        assert row[5] == points(bid["total"])  # type: ignore[arg-type]
        for c in bid["criteria"]:  # type: ignore[attr-defined]
            if c["note"]:
                assert " ".join(c["note"].split()) in text
    margin = results(root)["sensitivity"]["margin"]  # type: ignore[index]
    assert f"Margin between first and second: {points(margin)}" in text
    assert "Lowering B1's consensus score on CV1 from 3 to 1 (2 steps) would make B2" in text
    assert "workbook-issued" in text and "collection" in text  # the timeline
    assert "E2 | Evaluator Two | culture-values (2 criteria) for every bid" in text


def test_the_reports_charts_have_alt_text_and_their_figures_in_a_table(
    root: Path, runner: CliRunner
) -> None:
    """Two PNG charts, each described with the figures it draws; the audit passes."""
    assert report(runner, root).exit_code == 0
    path = root / "out" / "evaluation-report.docx"
    document = docx.Document(str(path))
    shapes = document.inline_shapes
    assert len(shapes) == 2
    alts = [s._inline.docPr.get("descr") for s in shapes]
    b1 = bids(root)["B1"]
    assert f"B1 Example Care Ltd: total {points(b1['total'])}" in alts[0]  # type: ignore[arg-type]
    assert "widest spread is 2, for B1 on CV1" in alts[1]
    package = read_word_package(path)
    images = [n for n in package.parts if n.startswith("word/media/")]
    assert all(package.parts[n].startswith(b"\x89PNG") for n in images) and len(images) == 2


def test_both_documents_pass_the_audit_and_carry_their_provenance(
    root: Path, runner: CliRunner
) -> None:
    """No accessibility finding; results hash, rubric hash and tool version in custom properties."""
    assert summaries(runner, root).exit_code == 0
    assert report(runner, root).exit_code == 0
    results_hash = hashlib.sha256((root / "out" / "results.json").read_bytes()).hexdigest()
    rubric_hash = results(root)["rubric"]["hash"]  # type: ignore[index]
    paths = [
        *sorted((root / "out" / "summaries").glob("*.docx")),
        root / "out" / "evaluation-report.docx",
    ]
    assert len(paths) == 4
    for path in paths:
        assert audit(path) == [], path.name
        props = read_custom_properties(read_word_package(path))
        assert props["tenderkit.results_hash"] == results_hash
        assert props["tenderkit.rubric_hash"] == rubric_hash
        assert props["tenderkit.tool_version"] == __version__
        core = docx.Document(str(path)).core_properties
        assert core.language == "en-GB" and core.title and core.author


def test_the_same_record_gives_the_same_bytes(root: Path, runner: CliRunner) -> None:
    """Summaries and report written twice, in either order, are byte for byte the same."""
    out = root / "out"

    def snapshot() -> dict[str, bytes]:
        files = [*sorted((out / "summaries").glob("*.docx")), out / "evaluation-report.docx"]
        return {p.name: p.read_bytes() for p in files}

    assert summaries(runner, root).exit_code == 0
    assert report(runner, root).exit_code == 0
    first = snapshot()
    assert report(runner, root).exit_code == 0
    assert summaries(runner, root).exit_code == 0
    assert snapshot() == first
    dated = docx.Document(str(out / "summaries" / "B1.docx")).core_properties.created
    assert dated is not None and dated.date().isoformat() == NOTICE


def test_audit_verify_accounts_for_the_decision_documents(root: Path, runner: CliRunner) -> None:
    """After both commands the log records each document; an edited summary is named."""
    assert summaries(runner, root).exit_code == 0
    assert report(runner, root).exit_code == 0
    verified = runner.invoke(cli, ["audit", "verify", str(root)])
    assert verified.exit_code == 0, verified.output
    # The rubric pin, two issued workbooks, collected.json, three summaries and the report.
    # issued/ (2), collected.json, tender.lock, moderation.xlsx, results.json,
    # comparison.xlsx, the three summaries and the report.
    assert "(11 workspace file(s) accounted for)" in verified.stdout
    summary = root / "out" / "summaries" / "B2.docx"
    summary.write_bytes(summary.read_bytes() + b"\0")
    assert_one_error_line(
        runner.invoke(cli, ["audit", "verify", str(root)]),
        "out/summaries/B2.docx",
        "is not the one out/audit.log last recorded",
    )


def test_a_tampered_audit_log_is_caught_with_its_line_number(root: Path, runner: CliRunner) -> None:
    """An edited line of the log stops both commands before anything is written."""
    log = root / "out" / "audit.log"
    lines = log.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b'"seq":3', b'"seq":3,"note":"edited"')
    log.write_bytes(b"".join(lines))
    for result in (summaries(runner, root), report(runner, root)):
        assert_one_error_line(result, "out/audit.log:4")
    assert not (root / "out" / "summaries").exists()
    assert not (root / "out" / "evaluation-report.docx").exists()


# --- bad input -----------------------------------------------------------------------------


def nothing_written(root: Path) -> bool:
    return (
        not (root / "out" / "summaries").exists()
        and not (root / "out" / "evaluation-report.docx").exists()
    )


def test_before_compare_there_is_nothing_to_write_from(root: Path, runner: CliRunner) -> None:
    (root / "out" / "results.json").unlink()
    for result in (summaries(runner, root), report(runner, root)):
        assert_one_error_line(result, "out/results.json", "no result yet", "tender compare")
    assert nothing_written(root)


@pytest.mark.parametrize("changed", ["prices.csv", "moderation.xlsx", "out/collected.json"])
def test_a_result_older_than_its_inputs_is_refused(
    root: Path, runner: CliRunner, changed: str
) -> None:
    """An input edited after compare makes the result out of date, named in one line."""
    path = root / changed
    path.write_bytes(path.read_bytes() + b"\n")
    for result in (summaries(runner, root), report(runner, root)):
        assert_one_error_line(
            result, "out/results.json", f"{changed} has changed since the result was computed"
        )
    assert nothing_written(root)


def test_a_missing_moderation_note_where_one_is_required_is_refused(
    tmp_path: Path, runner: CliRunner
) -> None:
    """B1's CV1 was flagged (scores 4 and 2): without its note no document is written."""
    with pytest.raises(ComparisonRefused) as refused:
        example_with_results(
            tmp_path / "tender", notes={("B2", "CV2"): "Induction covers the values."}
        )
    assert any("N.B1.CV1" in line for line in refused.value.problems), refused.value.problems
    root = tmp_path / "tender"
    for result in (summaries(runner, root), report(runner, root)):
        assert_one_error_line(result, "out/results.json", "tender compare")
    assert nothing_written(root)


def test_a_results_file_of_another_shape_is_refused_with_its_json_path(
    root: Path, runner: CliRunner
) -> None:
    data = results(root)
    data["bidders"][1]["total"] = "high"  # type: ignore[index]
    (root / "out" / "results.json").write_text(json.dumps(data), "utf-8")
    assert_one_error_line(summaries(runner, root), "out/results.json: bidders[1].total")
    data["format"] = "tenderkit-results/0"
    (root / "out" / "results.json").write_text(json.dumps(data), "utf-8")
    assert_one_error_line(report(runner, root), "out/results.json: format", "tenderkit-results/1")
    assert nothing_written(root)


@pytest.mark.parametrize("notice", ["2027-02-30", "next tuesday", "06/04/2027", "2027-4-6"])
def test_a_notice_date_that_is_not_a_date_is_refused(
    root: Path, runner: CliRunner, notice: str
) -> None:
    assert_one_error_line(summaries(runner, root, notice), "--notice-date", "is not a date")
    assert nothing_written(root)


def test_a_collection_of_another_shape_stops_the_report(root: Path, runner: CliRunner) -> None:
    """The report reads every individual score from collected.json; a damaged one is named.

    The result records collected.json's hash, so it is left out of the inputs here to reach
    the collection's own check.
    """
    data = results(root)
    data["inputs"] = [i for i in data["inputs"] if i["file"] != "out/collected.json"]  # type: ignore[attr-defined]
    (root / "out" / "results.json").write_text(json.dumps(data), "utf-8")
    collected_file = root / "out" / "collected.json"
    collected = json.loads(collected_file.read_text("utf-8"))
    del collected["scores"][2]["rationale"]
    collected_file.write_text(json.dumps(collected), "utf-8")
    assert_one_error_line(report(runner, root), "out/collected.json: scores[2].rationale")
    assert nothing_written(root)


def test_a_result_for_another_tender_or_naming_a_file_outside_is_refused(
    root: Path, runner: CliRunner
) -> None:
    data = results(root)
    data["reference"] = "ICB-2026-001"
    (root / "out" / "results.json").write_text(json.dumps(data), "utf-8")
    assert_one_error_line(
        summaries(runner, root), "out/results.json: reference", "ICB-2026-001", "ICB-2027-014"
    )
    data = results(root)
    data["reference"] = "ICB-2027-014"
    data["inputs"][0]["file"] = "../elsewhere.csv"  # type: ignore[index]
    (root / "out" / "results.json").write_text(json.dumps(data), "utf-8")
    assert_one_error_line(report(runner, root), "inputs[0]", "is not in the workspace")
    assert nothing_written(root)


def test_with_no_single_winner_no_summary_compares_with_a_winning_bid(
    tmp_path: Path, runner: CliRunner
) -> None:
    """B1 and B2 tie on every score and price: each summary says no bid was ranked first."""
    root = collected_example(tmp_path / "tender")
    tied = {**CONSENSUS, "B2": CONSENSUS["B1"]}
    # B2's scores are moved off its evaluators' means, so every one needs a note.
    notes = {pair: "The panel agreed this score on the bid's evidence." for pair in pairs(tied)}
    prices = {"B1": PRICES["B1"], "B2": PRICES["B1"], "B3": PRICES["B3"]}
    write_results(root, pairs(tied), notes, prices)
    assert results(root)["winner"] is None
    assert summaries(runner, root).exit_code == 0
    for bidder in ("B1", "B2"):
        path = root / "out" / "summaries" / f"{bidder}.docx"
        text = text_of(path)
        assert "Winning bid" not in text
        assert "No single bid was ranked first" in text
        assert {r[0]: r[1] for r in table_with(path, "Figure", "Your bid")[1:]}["Status"] == (
            "Ranked, tied"
        )
