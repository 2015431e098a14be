"""Every kind of bad return is reported naming its file and its cell or defined name."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner, Result

from tenderkit.cli.app import cli
from tests.support.evaluation import (
    assert_problem,
    expected_pairs,
    fill,
    issue,
    make_small_workspace,
    named_cell,
    small_rubric_model,
    small_tender,
    write_tender,
)
from tests.support.rubrics import NAMED_0_5

#: Who scores what in the shared workspace, worked out from its rubric and tender.yaml.
EXPECTED = expected_pairs(small_rubric_model(), small_tender())
EVERY_SCORE = sum(len(pairs) for pairs in EXPECTED.values())


def collect(runner: CliRunner, root: Path) -> Result:
    return runner.invoke(cli, ["collect", str(root)])


def with_bad_e1(root: Path, **kwargs: Any) -> Path:
    """E1's valid return replaced by one filled with kwargs."""
    return fill(root / "issued" / "E1.xlsx", root / "returns" / "E1.xlsx", **kwargs)


def problems(root: Path) -> list[dict[str, Any]]:
    return list(json.loads((root / "out" / "collected.json").read_text())["problems"])


def test_a_score_outside_the_scale_is_reported_with_its_cell(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """A score of 7 on the 0–5 scale is reported with file, sheet, cell and defined name."""
    with_bad_e1(returned_workspace, values={"S.B1.CV1": 7})
    line = assert_problem(
        collect(runner, returned_workspace),
        "score-outside-scale",
        "returns/E1.xlsx",
        "S.B1.CV1",
        "'Bidder B1'",
    )
    assert "score 7 is outside the scale 0–5" in line


def test_a_negative_score_is_outside_the_scale(returned_workspace: Path, runner: CliRunner) -> None:
    """A score below the scale minimum is refused like one above it."""
    with_bad_e1(returned_workspace, values={"S.B2.PP2": -1})
    assert_problem(
        collect(runner, returned_workspace), "score-outside-scale", "returns/E1.xlsx", "S.B2.PP2"
    )


def test_a_half_point_on_a_whole_point_scale_is_off_step(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """3.5 lies inside 0–5 but the scale has no half points, so it is reported as off step."""
    with_bad_e1(returned_workspace, values={"S.B1.AA1": 3.5})
    line = assert_problem(
        collect(runner, returned_workspace), "score-off-step", "returns/E1.xlsx", "S.B1.AA1"
    )
    assert "allowed: 0, 1, 2, 3, 4, 5" in line


def test_a_missing_score_is_reported(returned_workspace: Path, runner: CliRunner) -> None:
    """An empty score cell is reported by its defined name and the return is otherwise counted."""
    with_bad_e1(returned_workspace, values={"S.B2.LM1": None})
    assert_problem(
        collect(runner, returned_workspace), "score-missing", "returns/E1.xlsx", "S.B2.LM1"
    )
    data = json.loads((returned_workspace / "out" / "collected.json").read_text())
    assert len(data["scores"]) == EVERY_SCORE - 1
    assert {"id": "E1", "missing": 1}.items() <= data["evaluators"][0].items()


def test_text_in_a_score_cell_is_not_a_number(returned_workspace: Path, runner: CliRunner) -> None:
    """A word typed as a score is reported as not a number."""
    with_bad_e1(returned_workspace, values={"S.B1.CV2": "three"})
    line = assert_problem(collect(runner, returned_workspace), "score-not-a-number", "S.B1.CV2")
    assert "'three'" in line


def test_a_formula_in_a_score_cell_is_refused(returned_workspace: Path, runner: CliRunner) -> None:
    """A score computed by a formula is refused: the evaluator must type the score."""
    with_bad_e1(returned_workspace, values={"S.B1.CV1": "=2+1"})
    line = assert_problem(
        collect(runner, returned_workspace), "score-formula", "returns/E1.xlsx", "S.B1.CV1"
    )
    assert "=2+1" in line


def test_a_number_typed_as_text_counts(returned_workspace: Path, runner: CliRunner) -> None:
    """A score typed into a text-formatted cell ('4') has an unambiguous meaning and counts."""
    with_bad_e1(returned_workspace, values={"S.B1.CV1": " 4 "})
    result = collect(runner, returned_workspace)
    assert result.exit_code == 0, result.output
    scores = json.loads((returned_workspace / "out" / "collected.json").read_text())["scores"]
    assert scores[0]["score"] == 4


def test_a_score_without_a_rationale_does_not_count(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """A score given with an empty rationale cell is reported at the rationale's name."""
    with_bad_e1(returned_workspace, values={"R.B2.AA2": "   "})
    assert_problem(
        collect(runner, returned_workspace), "rationale-missing", "returns/E1.xlsx", "R.B2.AA2"
    )
    scores = json.loads((returned_workspace / "out" / "collected.json").read_text())["scores"]
    assert not [
        s for s in scores if (s["bidder"], s["criterion"], s["evaluator"]) == ("B2", "AA2", "E1")
    ]


def test_a_rationale_read_as_a_formula_is_reported(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """A rationale starting with '=' that became a formula is reported, with how to fix it."""
    with_bad_e1(returned_workspace, values={"R.B1.CV1": "=good evidence"})
    line = assert_problem(collect(runner, returned_workspace), "rationale-formula", "R.B1.CV1")
    assert "apostrophe" in line


def test_a_missing_declaration_holds_back_that_bidders_scores(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """Without a conflict declaration for B1, E1's scores for B1 do not count."""
    with_bad_e1(returned_workspace, values={"COI.B1": None})
    line = assert_problem(
        collect(runner, returned_workspace),
        "declaration-missing",
        "returns/E1.xlsx",
        "COI.B1",
        "'Declarations'",
    )
    held_back = len([p for p in EXPECTED["E1"] if p[0] == "B1"])
    assert held_back > 1
    assert f"{held_back} otherwise valid score(s) for B1 held back" in line
    scores = json.loads((returned_workspace / "out" / "collected.json").read_text())["scores"]
    assert not [s for s in scores if s["evaluator"] == "E1" and s["bidder"] == "B1"]


def test_an_invalid_declaration_is_reported(returned_workspace: Path, runner: CliRunner) -> None:
    """A declaration other than the two choices is refused with the choices named."""
    with_bad_e1(returned_workspace, values={"COI.B2": "maybe"})
    line = assert_problem(collect(runner, returned_workspace), "declaration-invalid", "COI.B2")
    assert "'No conflict' or 'Conflict'" in line


def test_a_declared_conflict_sets_scores_aside_and_is_noted(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """E2 declaring a conflict for B1 sets E2's B1 scores aside; E1 still covers B1, so exit 0."""
    fill(
        returned_workspace / "issued" / "E2.xlsx",
        returned_workspace / "returns" / "E2.xlsx",
        values={"COI.B1": "Conflict"},
    )
    result = collect(runner, returned_workspace)
    assert result.exit_code == 0, result.output
    assert "set aside: E2's scores for B1 (conflict of interest declared)" in result.stdout
    note = next(line for line in result.stdout.splitlines() if "[conflict-declared]" in line)
    assert "returns/E2.xlsx" in note and "COI.B1" in note
    data = json.loads((returned_workspace / "out" / "collected.json").read_text())
    assert data["set_aside"] == [
        {
            "evaluator": "E2",
            "bidder": "B1",
            "reason": "conflict of interest declared",
            "scores_entered": len([p for p in EXPECTED["E2"] if p[0] == "B1"]),
            "source": {
                "file": "returns/E2.xlsx",
                "sha256": data["set_aside"][0]["source"]["sha256"],
            },
        }
    ]
    assert not [s for s in data["scores"] if s["evaluator"] == "E2" and s["bidder"] == "B1"]


def test_a_conflict_leaving_a_criterion_unscored_is_a_problem(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """If the only evaluator allocated a criterion declares a conflict, the gap is a problem."""
    with_bad_e1(returned_workspace, values={"COI.B2": "Conflict"})
    line = assert_problem(
        collect(runner, returned_workspace), "no-unconflicted-evaluator", "returns/"
    )
    assert "AA1" in line and "bidder B2" in line


def test_a_deleted_defined_name_is_reported(returned_workspace: Path, runner: CliRunner) -> None:
    """A score cell whose defined name was removed is reported by that name."""
    path = returned_workspace / "returns" / "E1.xlsx"
    book = openpyxl.load_workbook(path)
    del book.defined_names["S.B1.PP1"]
    book.save(path)
    assert_problem(
        collect(runner, returned_workspace), "name-missing", "returns/E1.xlsx", "S.B1.PP1"
    )


def test_a_moved_score_cell_is_still_found_by_name(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """Parsing follows the names, not positions: a score cell moved elsewhere still counts."""
    path = returned_workspace / "returns" / "E1.xlsx"
    book = openpyxl.load_workbook(path)
    old = named_cell(book, "S.B1.CV1")
    sheet = old.parent
    sheet["F40"] = 5
    old.value = None
    book.defined_names["S.B1.CV1"].attr_text = f"'{sheet.title}'!$F$40"
    book.save(path)
    result = collect(runner, returned_workspace)
    assert result.exit_code == 0, result.output
    scores = json.loads((returned_workspace / "out" / "collected.json").read_text())["scores"]
    assert scores[0]["score"] == 5


def test_a_file_that_is_not_a_workbook_is_refused(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """A text file named .xlsx is refused by name, and the other returns are still collected."""
    (returned_workspace / "returns" / "notes.xlsx").write_text("not a spreadsheet")
    assert_problem(collect(runner, returned_workspace), "not-a-workbook", "returns/notes.xlsx")
    data = json.loads((returned_workspace / "out" / "collected.json").read_text())
    assert len(data["scores"]) == EVERY_SCORE


def test_a_truncated_workbook_is_refused_as_corrupt(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """A return cut short in transit is refused rather than half read."""
    path = returned_workspace / "returns" / "E1.xlsx"
    path.write_bytes(path.read_bytes()[:4000])
    assert_problem(collect(runner, returned_workspace), "not-a-workbook", "returns/E1.xlsx")


def test_a_zip_that_is_not_a_spreadsheet_is_refused(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """A zip archive without a workbook inside is refused as not a workbook."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    (returned_workspace / "returns" / "E3.xlsx").write_bytes(buffer.getvalue())
    assert_problem(collect(runner, returned_workspace), "not-a-workbook", "returns/E3.xlsx")


def test_someone_elses_workbook_is_not_ours(returned_workspace: Path, runner: CliRunner) -> None:
    """A workbook without tenderkit metadata is refused as not one of ours."""
    book = openpyxl.Workbook()
    book.active["A1"] = "Scores: B1 4, B2 3"
    book.save(returned_workspace / "returns" / "my scores.xlsx")
    line = assert_problem(collect(runner, returned_workspace), "not-ours", "returns/my scores.xlsx")
    assert "TK.META" in line


def test_a_workbook_from_another_tender_is_refused(
    returned_workspace: Path, tmp_path: Path, runner: CliRunner
) -> None:
    """A return issued for a different tender reference is refused as the wrong tender."""
    other = make_small_workspace(tmp_path / "other", small_tender(reference="ICB-2027-099"))
    issue(other)
    fill(other / "issued" / "E1.xlsx", returned_workspace / "returns" / "E1-other.xlsx")
    line = assert_problem(
        collect(runner, returned_workspace), "wrong-tender", "returns/E1-other.xlsx"
    )
    assert "ICB-2027-099" in line


def test_edited_hidden_metadata_fails_the_signature(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """Changing the signed payload (here a criterion's text) is detected by the HMAC."""
    path = returned_workspace / "returns" / "E1.xlsx"
    book = openpyxl.load_workbook(path)
    meta = book["tenderkit"]
    for row in meta.iter_rows():
        if str(row[0].value).startswith("payload 1/"):
            payload = str(row[1].value)
            assert "How do staff" in payload
            row[1].value = payload.replace("How do staff", "How do managers")
    book.save(path)
    line = assert_problem(
        collect(runner, returned_workspace), "tampered", "returns/E1.xlsx", "TK.META"
    )
    assert "signature" in line


def test_a_workbook_signed_by_another_workspace_copy_fails(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """A workbook signed with a different secret (same reference) is refused as tampered."""
    secret = returned_workspace / ".tender-secret"
    secret.chmod(0o600)
    lines = secret.read_text().splitlines()
    lines[-1] = "0" * 64
    secret.write_text("\n".join(lines) + "\n")
    assert_problem(collect(runner, returned_workspace), "tampered", "returns/E1.xlsx")


def test_a_changed_descriptor_is_reported_with_its_cell(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """Rewording a scale descriptor on a bidder sheet is caught at the changed cell."""
    path = returned_workspace / "returns" / "E1.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["Bidder B2"]
    satisfactory = NAMED_0_5["points"][3]["descriptor"]
    target = next(c for row in sheet.iter_rows() for c in row if c.value == satisfactory)
    target.value = "Anything at all."
    book.save(path)
    line = assert_problem(
        collect(runner, returned_workspace),
        "tampered",
        "returns/E1.xlsx",
        "TXT.B2.CV1",
        f"cell {target.coordinate}",
    )
    assert "'Anything at all.'" in line


def test_a_changed_bidder_name_on_the_declarations_is_reported(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """Editing the protected bidder list on the declarations sheet is caught."""
    path = returned_workspace / "returns" / "E2.xlsx"
    book = openpyxl.load_workbook(path)
    book["Declarations"]["B5"] = "Somebody Else Ltd"
    book.save(path)
    assert_problem(
        collect(runner, returned_workspace), "tampered", "returns/E2.xlsx", "TXT.DECL", "cell B5"
    )


def test_a_return_from_an_evaluator_no_longer_listed_is_refused(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """A return from an evaluator removed from tender.yaml is refused as an unknown evaluator."""
    write_tender(
        returned_workspace, small_tender(evaluators=[{"id": "E1", "name": "Evaluator One"}])
    )
    line = assert_problem(
        collect(runner, returned_workspace), "unknown-evaluator", "returns/E2.xlsx"
    )
    assert "E2" in line


def test_a_return_issued_before_a_bidder_was_added_counts_and_the_bidder_is_missing(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """After a bidder is added, returns issued without it still count for the bidders they
    cover; the new bidder's scores are reported missing until a supplement comes back."""
    body = small_tender()
    body["bidders"].append({"id": "B3", "name": "Third Provider Ltd"})
    write_tender(returned_workspace, body)
    result = collect(runner, returned_workspace)
    line = assert_problem(result, "bidder-not-returned", "returns/")
    assert "evaluator E1 (Evaluator One) covers bidder B3" in line
    assert "supplementary workbook" in line
    assert "returns: 2 accepted, 0 rejected" in result.stdout


def test_two_different_returns_from_one_evaluator_are_both_refused(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """E1 returning twice with different scores: neither copy counts and both are named."""
    fill(
        returned_workspace / "issued" / "E1.xlsx",
        returned_workspace / "returns" / "E1-corrected.xlsx",
        values={"S.B1.CV1": 5},
    )
    line = assert_problem(collect(runner, returned_workspace), "returned-twice", "returns/E1")
    assert "returns/E1-corrected.xlsx, returns/E1.xlsx" in line
    data = json.loads((returned_workspace / "out" / "collected.json").read_text())
    assert not [s for s in data["scores"] if s["evaluator"] == "E1"]


def test_an_identical_second_copy_is_noted_and_counted_once(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """The same return saved twice is fine: counted once, the copy noted."""
    shutil.copy(
        returned_workspace / "returns" / "E2.xlsx",
        returned_workspace / "returns" / "E2 (copy).xlsx",
    )
    result = collect(runner, returned_workspace)
    assert result.exit_code == 0, result.output
    assert (
        "note: returns/E2.xlsx: [duplicate-identical] identical to returns/E2 (copy).xlsx"
        in result.stdout
    )
    data = json.loads((returned_workspace / "out" / "collected.json").read_text())
    assert len(data["scores"]) == EVERY_SCORE


def test_a_missing_return_is_reported_per_evaluator(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """With E2's return missing, the summary and the problem name E2 and the scores expected."""
    (returned_workspace / "returns" / "E2.xlsx").unlink()
    line = assert_problem(collect(runner, returned_workspace), "no-return", "returns/")
    expected = len(EXPECTED["E2"])
    assert f"evaluator E2 (Evaluator Two); {expected} score(s) expected" in line
    assert f"E2 Evaluator Two: no accepted return ({expected} score(s) expected)" in result_lines(
        returned_workspace, runner
    )


def result_lines(root: Path, runner: CliRunner) -> str:
    return collect(runner, root).stdout


def test_other_files_in_returns_are_noted_not_collected(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """A PDF and an Office lock file in returns/ are noted and ignored."""
    (returned_workspace / "returns" / "cover letter.pdf").write_bytes(b"%PDF-1.4")
    (returned_workspace / "returns" / "~$E1.xlsx").write_bytes(b"\x00lock")
    result = collect(runner, returned_workspace)
    assert result.exit_code == 0, result.output
    assert "note: returns/cover letter.pdf: [ignored] not an .xlsx file" in result.stdout
    assert "note: returns/~$E1.xlsx: [ignored] an Office lock file" in result.stdout


def test_problems_are_also_written_to_collected_json(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """collected.json lists each problem with file, sheet, cell, name and rule."""
    with_bad_e1(returned_workspace, values={"S.B1.CV1": 9})
    collect(runner, returned_workspace)
    (problem,) = problems(returned_workspace)
    assert problem["file"] == "returns/E1.xlsx"
    assert problem["sheet"] == "Bidder B1"
    assert problem["name"] == "S.B1.CV1"
    assert problem["rule"] == "score-outside-scale"
    issued = openpyxl.load_workbook(returned_workspace / "issued" / "E1.xlsx")
    assert problem["cell"] == named_cell(issued, "S.B1.CV1").coordinate


def test_a_corrected_name_does_not_invalidate_returns(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """Renaming an evaluator or bidder after issue is noted; the returns still count."""
    body = small_tender()
    body["bidders"][0]["name"] = "Example Care Limited"
    body["evaluators"][1]["name"] = "Dr Evaluator Two"
    write_tender(returned_workspace, body)
    result = collect(runner, returned_workspace)
    assert result.exit_code == 0, result.output
    assert (
        "[names-changed] issued with evaluator name 'Evaluator Two' (now 'Dr Evaluator Two')"
        in result.stdout
    )
    assert "bidder B1 name 'Example Care Ltd' (now 'Example Care Limited')" in result.stdout
