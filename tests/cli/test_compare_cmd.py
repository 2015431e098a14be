"""`tender compare`: through both workbooks to results.json and comparison.xlsx, and every
bad input refused with its place while earlier outputs stay as they were."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from tenderkit.cli.app import cli
from tenderkit.hashing import file_sha256
from tenderkit.templates.excel.names import excel_name
from tenderkit.workspace.moderation import read_moderation
from tenderkit.workspace.tender import open_tender
from tests.support.comparison import named_values
from tests.support.evaluation import small_tender
from tests.support.moderation import collected_workspace, fill_moderation, moderate

#: B1 is given 3 everywhere; B2 4 everywhere but 2 on LM1 (a quarter of the rubric).
B2_CONSENSUS = {excel_name("C", "B2", c): 4 for c in ("CV1", "CV2", "AA1", "AA2", "PP1", "PP2")}
B2_CONSENSUS[excel_name("C", "B2", "LM1")] = 2
PRICES = "bidder,price\nB1,100000\nB2,125000.00\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def moderated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Scores collected, the moderation workbook issued and completed by defined names."""
    root = collected_workspace(tmp_path_factory.mktemp("moderated") / "tender")
    fill_moderation(moderate(root), consensus=3, values=B2_CONSENSUS)
    (root / "prices.csv").write_text(PRICES, encoding="utf-8")
    return root


@pytest.fixture
def root(moderated_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(moderated_template, tmp_path / "tender"))


@pytest.fixture
def compared(root: Path) -> Path:
    """The workspace after one good comparison."""
    result = run("compare", str(root))
    assert result.exit_code == 0, result.output
    return root


def results(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "out" / "results.json").read_text("utf-8"))
    return data


def bid(document: dict[str, Any], bidder: str) -> dict[str, Any]:
    found: dict[str, Any] = next(b for b in document["bidders"] if b["id"] == bidder)
    return found


def outputs(root: Path) -> dict[str, bytes]:
    names = ("out/results.json", "out/comparison.xlsx", "out/audit.log")
    return {n: (root / n).read_bytes() for n in names if (root / n).exists()}


def assert_refused(result: Result, *places: str) -> list[str]:
    """Exit 1, one error line, one stdout line per problem, each place named; no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: comparison refused"), result.stderr
    assert "were not changed" in errors[0]
    problems = result.stdout.strip().splitlines()
    for place in places:
        assert any(place in line for line in problems), (place, problems)
    return problems


# --- the round trip -------------------------------------------------------------------


def test_the_award_follows_the_published_method(compared: Path) -> None:
    """Worked by hand: B1 quality 60 × 3/5 = 36, price lowest so 40, total 76; B2 quality
    60 × (4/5 × 75 + 2/5 × 25) / 100 = 42, price 100000/125000 × 40 = 32, total 74."""
    document = results(compared)
    b1, b2 = bid(document, "B1"), bid(document, "B2")
    assert (b1["quality"], b1["price_score"], b1["total"], b1["rank"]) == (36, 40, 76, 1)
    assert (b2["quality"], b2["price_score"], b2["total"], b2["rank"]) == (42, 32, 74, 2)
    assert document["winner"] == "B1"
    assert document["sensitivity"]["margin"] == 2
    assert document["weights"] == {"quality": 60, "price": 40}


def test_the_evaluators_scores_and_notes_are_carried_into_the_results(compared: Path) -> None:
    """Individual scores are kept beside the consensus (E2 scores only culture and values)."""
    b1 = bid(results(compared), "B1")
    cv1 = next(c for c in b1["criteria"] if c["id"] == "CV1")
    lm1 = next(c for c in b1["criteria"] if c["id"] == "LM1")
    assert cv1["scores"] == {"E1": 1, "E2": 4} and cv1["consensus"] == 3
    assert lm1["scores"] == {"E1": 3}
    assert cv1["note"].startswith("The bid evidences values")


def test_the_inputs_are_listed_with_the_hashes_of_the_files_read(compared: Path) -> None:
    inputs = results(compared)["inputs"]
    assert [i["file"] for i in inputs] == [
        "tender.yaml",
        "tender.lock",
        "out/collected.json",
        "moderation.xlsx",
        "prices.csv",
    ]
    for item in inputs:
        assert item["sha256"] == file_sha256((compared / item["file"]).read_bytes())


def test_the_workbook_holds_the_same_figures_as_results_json(compared: Path) -> None:
    """Read back by defined name, every total in comparison.xlsx is the one in results.json."""
    cached = named_values(compared / "out" / "comparison.xlsx")
    for entry in results(compared)["bidders"]:
        assert cached[excel_name("Total", entry["id"])] == entry["total"]
        assert cached[excel_name("Quality", entry["id"])] == entry["quality"]
        for criterion in entry["criteria"]:
            name = excel_name("Weighted", entry["id"], criterion["id"])
            assert cached[name] == criterion["weighted"]


def test_the_summary_names_the_winner_the_margin_and_the_closest_flip(root: Path) -> None:
    result = run("compare", str(root))
    assert result.exit_code == 0, result.output
    assert (
        " 1. B1 Example Care Ltd: total 76.00 (quality 36.00, price score 40.00)" in result.output
    )
    assert "winner: B1 Example Care Ltd, by 2.00 points" in result.output
    flips = results(root)["sensitivity"]["flips"]
    assert flips and flips[0]["bidder"] == "B2"
    assert "closest flip: " in result.output and f"({flips[0]['steps']} step(s))" in result.output
    assert (
        "wrote out/results.json" in result.output and "wrote out/comparison.xlsx" in result.output
    )


def test_note_warnings_are_printed_with_their_cell_and_kept_in_the_results(root: Path) -> None:
    path = root / "moderation.xlsx"
    fill_moderation(path, values={excel_name("N", "B2", "PP1"): "Better than B1 on this point."})
    result = run("compare", str(root))
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "note-compares-bidders" in line]
    assert lines and "sheet 'Moderation'" in lines[0] and "N.B2.PP1" in lines[0]
    warnings = results(root)["note_warnings"]
    assert any(w["rule"] == "note-compares-bidders" and w["cell"] for w in warnings)


def test_the_printed_warnings_are_the_moderation_readers_own_in_its_order(root: Path) -> None:
    """compare places the core's lint of the notes instead of linting them again: what it
    prints is exactly what reading the moderation workbook alone reports."""
    path = root / "moderation.xlsx"
    fill_moderation(
        path,
        values={
            excel_name("N", "B2", "PP1"): "Better than B1 on this point.",
            excel_name("N", "B1", "CV1"): "Agreed.",
        },
    )
    expected = [str(w) for w in read_moderation(open_tender(root)).warnings]
    assert len(expected) == 2
    result = run("compare", str(root))
    assert result.exit_code == 0, result.output
    prefix = "note warning: "
    printed = [
        line[len(prefix) :] for line in result.output.splitlines() if line.startswith(prefix)
    ]
    assert printed == expected


def test_the_comparison_is_in_the_audit_log_and_verify_accounts_for_it(compared: Path) -> None:
    log = [json.loads(line) for line in (compared / "out" / "audit.log").read_text().splitlines()]
    (entry,) = [e for e in log if e["event"] == "comparison"]
    assert entry["results_sha256"] == file_sha256((compared / "out/results.json").read_bytes())
    assert entry["comparison_sha256"] == file_sha256(
        (compared / "out/comparison.xlsx").read_bytes()
    )
    assert entry["winner"] == "B1"
    assert [e["event"] for e in log][-2:] == ["moderation-read", "comparison"]
    assert run("audit", "verify", str(compared)).exit_code == 0


@pytest.mark.parametrize("output", ["out/results.json", "out/comparison.xlsx"])
def test_audit_verify_detects_an_edited_output(compared: Path, output: str) -> None:
    path = compared / output
    path.write_bytes(path.read_bytes().replace(b"B1", b"B2", 1))
    result = run("audit", "verify", str(compared))
    assert result.exit_code == 1
    assert output in result.stderr and "not the one" in result.stderr


def test_a_second_run_replaces_the_outputs_with_the_new_decision(compared: Path) -> None:
    (compared / "prices.csv").write_text("bidder,price\nB1,200000\nB2,125000\n")
    assert run("compare", str(compared)).exit_code == 0
    assert results(compared)["winner"] == "B2"


# --- price weight 0 and the sealed prices ----------------------------------------------


def quality_only(tmp_path: Path) -> Path:
    body = small_tender(weights={"quality": 100, "price": 0})
    root = collected_workspace(tmp_path / "tender", body)
    fill_moderation(moderate(root), consensus=3, values=B2_CONSENSUS)
    return root


def test_a_quality_only_award_needs_no_prices(tmp_path: Path) -> None:
    root = quality_only(tmp_path)
    result = run("compare", str(root))
    assert result.exit_code == 0, result.output
    document = results(root)
    assert document["winner"] == "B2"
    assert bid(document, "B2")["price"] is None
    assert "prices.csv" not in [i["file"] for i in document["inputs"]]


def test_a_price_file_is_not_opened_when_price_plays_no_part(tmp_path: Path) -> None:
    """Sealed prices stay sealed: a prices.csv present is neither read nor listed, and the
    output says so (even a malformed one is no obstacle)."""
    root = quality_only(tmp_path)
    (root / "prices.csv").write_text("not,a,price,list\n")
    result = run("compare", str(root))
    assert result.exit_code == 0, result.output
    assert "note: prices.csv was not opened: price is weighted 0" in result.output
    assert "prices.csv" not in [i["file"] for i in results(root)["inputs"]]


# --- bad input: refused, every problem named, nothing written ----------------------------

BAD_PRICES = {
    "an unknown bidder": ("bidder,price\nB1,1\nB2,2\nB9,3\n", ["prices.csv: row 4"]),
    "a missing bidder": ("bidder,price\nB1,1\n", ["no row for bidder B2"]),
    "a duplicate row": ("bidder,price\nB1,1\nB2,2\nB1,3\n", ["prices.csv: row 4"]),
    "a negative price": ("bidder,price\nB1,-1\nB2,2\n", ["prices.csv: row 2", "negative"]),
    "a zero price": ("bidder,price\nB1,0\nB2,2\n", ["prices.csv: row 2", "above 0"]),
    "a non-numeric price": ("bidder,price\nB1,tbc\nB2,2\n", ["row 2", "not a number"]),
    "a thousands separator": (
        'bidder,price\nB1,"100,000"\nB2,2\n',
        ["row 2", "thousands separator", "125000.50"],
    ),
    "a currency sign": ("bidder,price\nB1,£100000\nB2,2\n", ["row 2", "currency sign"]),
    "no header": ("B1,1\nB2,2\n", ["prices.csv: row 1", "header `bidder,price`"]),
    "every problem at once": (
        "bidder,price\nB1,£1\nB9,2\n",
        ["row 2", "row 3", "no row for bidder B2"],
    ),
}


@pytest.mark.parametrize(("text", "places"), BAD_PRICES.values(), ids=BAD_PRICES.keys())
def test_bad_prices_are_refused_and_earlier_outputs_stay(
    compared: Path, text: str, places: list[str]
) -> None:
    before = outputs(compared)
    (compared / "prices.csv").write_text(text, encoding="utf-8")
    problems = assert_refused(run("compare", str(compared)), *places)
    assert all(line.startswith("prices.csv") for line in problems)
    assert outputs(compared) == before


def test_a_missing_price_file_is_refused(compared: Path) -> None:
    before = outputs(compared)
    (compared / "prices.csv").unlink()
    assert_refused(run("compare", str(compared)), "prices.csv: [prices-file] the file is missing")
    assert outputs(compared) == before


def test_a_tampered_moderation_workbook_is_refused_and_earlier_outputs_stay(
    compared: Path,
) -> None:
    """An evaluator's score edited in the moderation workbook is named by sheet and cell."""
    before = outputs(compared)
    book = openpyxl.load_workbook(compared / "moderation.xlsx")
    ((sheet, ref),) = list(book.defined_names["TXT.B1.CV1"].destinations)
    book[sheet][ref.replace("$", "")][0][3].value = 3  # E1's score, issued as 1
    book.save(compared / "moderation.xlsx")
    assert_refused(run("compare", str(compared)), "sheet 'Moderation' cell D5")
    assert outputs(compared) == before


def test_a_moderation_workbook_from_another_tender_is_refused(
    compared: Path, tmp_path: Path
) -> None:
    before = outputs(compared)
    other = collected_workspace(tmp_path / "other", small_tender(reference="ICB-2027-099"))
    shutil.copy(fill_moderation(moderate(other)), compared / "moderation.xlsx")
    assert_refused(run("compare", str(compared)), "issued for tender ICB-2027-099")
    assert outputs(compared) == before


def test_consensus_off_the_scale_and_a_formula_are_listed_with_price_problems(
    compared: Path,
) -> None:
    """Problems in both input files are reported together, each with its place."""
    before = outputs(compared)
    fill_moderation(
        compared / "moderation.xlsx",
        values={excel_name("C", "B1", "CV2"): 7, excel_name("C", "B2", "AA1"): "=2+2"},
    )
    (compared / "prices.csv").write_text("bidder,price\nB1,1\nB2,$2\n")
    problems = assert_refused(run("compare", str(compared)), "C.B1.CV2", "C.B2.AA1", "row 3")
    assert len(problems) == 3
    assert outputs(compared) == before


def test_comparing_before_moderation_names_the_step(tmp_path: Path) -> None:
    root = collected_workspace(tmp_path / "tender")
    (root / "prices.csv").write_text(PRICES)
    assert_refused(run("compare", str(root)), "moderation.xlsx")
    assert not (root / "out" / "results.json").exists()


def test_price_per_quality_point_ranks_by_price_over_quality(tmp_path: Path) -> None:
    """Quality 100, price 0: B1 100000 / 60 points beats B2 125000 / 70 points."""
    body = small_tender(
        weights={"quality": 100, "price": 0}, price={"formula": "price-per-quality-point"}
    )
    root = collected_workspace(tmp_path / "tender", body)
    fill_moderation(moderate(root), consensus=3, values=B2_CONSENSUS)
    (root / "prices.csv").write_text(PRICES)
    result = run("compare", str(root))
    assert result.exit_code == 0, result.output
    document = results(root)
    assert document["basis"] == "price-per-quality-point" and document["winner"] == "B1"
    b1, b2 = bid(document, "B1"), bid(document, "B2")
    assert b1["price_per_quality_point"] == pytest.approx(100000 / 60)
    assert b2["price_per_quality_point"] == pytest.approx(125000 / 70)
    assert b1["price_score"] is None
    assert "price per quality point 1666.67" in result.output


def test_price_per_quality_point_needs_every_price(tmp_path: Path) -> None:
    body = small_tender(
        weights={"quality": 100, "price": 0}, price={"formula": "price-per-quality-point"}
    )
    root = collected_workspace(tmp_path / "tender", body)
    fill_moderation(moderate(root), consensus=3)
    assert_refused(run("compare", str(root)), "prices.csv: [prices-file] the file is missing")


def test_audit_verify_notices_a_log_cut_after_the_comparison(compared: Path) -> None:
    """Cutting the comparison's entries off the log leaves results.json unaccounted for."""
    log = compared / "out" / "audit.log"
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:-2]))
    result = run("audit", "verify", str(compared))
    assert result.exit_code == 1
    assert "out/results.json" in result.stderr and "no comparison" in result.stderr


def test_a_tie_for_first_is_reported_and_no_winner_named(tmp_path: Path) -> None:
    """Equal scores, equal prices and no tie-break: the panel is told, nothing is decided."""
    root = collected_workspace(tmp_path / "tender", small_tender(tie_break="none"))
    fill_moderation(moderate(root), consensus=3)
    (root / "prices.csv").write_text("bidder,price\nB1,100000\nB2,100000.00\n")
    result = run("compare", str(root))
    assert result.exit_code == 0, result.output
    assert "no winner: first place is tied between B1, B2" in result.output
    document = results(root)
    assert document["winner"] is None
    assert [(b["rank"], b["tied"]) for b in document["bidders"]] == [(1, True), (1, True)]
