"""Issuing the moderation workbook and reading the panel's consensus back from it."""

from __future__ import annotations

import base64
import json
import shutil
import zlib
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import Cell

from tenderkit.errors import InputError, IntegrityError, NotFoundError
from tenderkit.scoring.moderation import moderation_row
from tenderkit.workspace.collect import collect_returns
from tenderkit.workspace.moderate import issue_moderation
from tenderkit.workspace.moderation import (
    ModerationInvalid,
    ModerationTampered,
    read_moderation,
)
from tenderkit.workspace.tender import open_tender
from tests.support.evaluation import (
    ISSUED_AT,
    NOW,
    fill,
    issue,
    make_small_workspace,
    point_name,
    small_tender,
)
from tests.support.moderation import (
    FLAGGED_PAIR,
    NOTE,
    collected_workspace,
    edit_moderation_payload,
    fill_moderation,
    moderate,
)

LATER = NOW.replace(day=16)


@pytest.fixture(scope="module")
def collected_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return collected_workspace(tmp_path_factory.mktemp("collected") / "tender")


@pytest.fixture
def root(collected_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(collected_template, tmp_path / "tender"))


def log_events(root: Path, event: str) -> list[dict[str, object]]:
    lines = (root / "out" / "audit.log").read_text(encoding="utf-8").splitlines()
    return [e for e in map(json.loads, lines) if e["event"] == event]


def locked(path: Path, name: str, column: int) -> tuple[openpyxl.Workbook, Cell]:
    """The workbook and the column-th cell (0-based) of the locked range name marks."""
    book = openpyxl.load_workbook(path)
    ((sheet, ref),) = list(book.defined_names[name].destinations)
    cells = book[sheet][ref.replace("$", "")]
    return book, cells[0][column]


# --- issuing -----------------------------------------------------------------------------


def test_a_round_trip_gives_the_consensus_notes_and_their_cells(root: Path) -> None:
    """Issued from collected scores, filled by defined name, read back with every place."""
    path = moderate(root)
    fill_moderation(path, values={"C.B1.CV1": 2, "C.B2.PP2": 4})
    record = read_moderation(open_tender(root))
    assert record.consensus[FLAGGED_PAIR] == 2.0
    assert record.consensus[("B2", "PP2")] == 4.0
    assert len(record.consensus) == 2 * 7 and len(record.notes) == 2 * 7
    assert record.notes[FLAGGED_PAIR] == NOTE
    assert record.scores[FLAGGED_PAIR] == {"E1": 1.0, "E2": 4.0}
    assert record.scores[("B1", "AA1")] == {"E1": 3.0}
    place = record.consensus_places[FLAGGED_PAIR]
    book = openpyxl.load_workbook(path)
    assert place.name == "C.B1.CV1"
    assert book[place.sheet][place.cell].value == 2
    note = record.note_places[FLAGGED_PAIR]
    assert book[note.sheet][note.cell].value == NOTE
    assert record.note_cells()[FLAGGED_PAIR] == (note.sheet, note.cell)
    assert record.warnings == ()


def test_rows_carry_the_scoring_cores_summary(root: Path) -> None:
    """Mean, spread and flag of each row are what scoring.moderation computes from the scores."""
    fill_moderation(moderate(root))
    record = read_moderation(open_tender(root))
    by_pair = {(r.bidder, r.criterion): r for r in record.rows}
    assert by_pair[FLAGGED_PAIR] == moderation_row(
        "B1", "CV1", {"E1": 1, "E2": 4}, spread_threshold=2
    )
    assert by_pair[FLAGGED_PAIR].flagged
    assert not by_pair[("B2", "CV1")].flagged


def test_the_issue_is_recorded_in_the_audit_log(root: Path) -> None:
    issued = issue_moderation(open_tender(root), ISSUED_AT, NOW)
    (event,) = log_events(root, "moderation-issued")
    collected = log_events(root, "collection")[-1]
    assert event["file"] == "moderation.xlsx"
    assert event["sha256"] == issued.sha256
    assert event["hmac_sha256"] == issued.signature
    assert event["collected_sha256"] == collected["sha256"]
    assert event["allow_incomplete"] is False and event["superseded"] is None


def test_the_same_issue_time_gives_the_same_bytes(root: Path) -> None:
    first = moderate(root).read_bytes()
    issue_moderation(open_tender(root), ISSUED_AT, LATER, reissue=True)
    assert (root / "moderation.xlsx").read_bytes() == first


def test_an_existing_moderation_workbook_is_never_overwritten(root: Path) -> None:
    path = fill_moderation(moderate(root))
    before = path.read_bytes()
    with pytest.raises(InputError, match="never overwritten") as caught:
        moderate(root)
    assert "--reissue" in str(caught.value)
    assert path.read_bytes() == before


def test_a_reissue_keeps_the_old_workbook_beside_it_under_a_dated_name(root: Path) -> None:
    path = fill_moderation(moderate(root))
    completed = path.read_bytes()
    issued = issue_moderation(open_tender(root), ISSUED_AT, LATER, reissue=True)
    kept = root / "moderation-superseded-20270316T090500Z.xlsx"
    assert issued.superseded == kept and kept.read_bytes() == completed
    assert path.read_bytes() != completed
    assert log_events(root, "moderation-issued")[-1]["superseded"] == kept.name


def test_no_collection_is_refused_with_the_command_to_run(tmp_path: Path) -> None:
    root = make_small_workspace(tmp_path / "tender")
    issue(root)
    with pytest.raises(NotFoundError, match="no collected scores") as caught:
        moderate(root)
    assert "tender collect" in str(caught.value)


def test_an_incomplete_collection_is_refused_listing_what_is_missing(root: Path) -> None:
    (root / "returns" / "E2.xlsx").unlink()
    fill(root / "issued" / "E1.xlsx", root / "returns" / "E1.xlsx", values={"S.B2.LM1": None})
    assert not collect_returns(open_tender(root), NOW).collection.complete
    with pytest.raises(InputError, match="collection is incomplete") as caught:
        moderate(root)
    message = str(caught.value)
    assert "[no-return] no accepted return from evaluator E2" in message
    assert "returns/E1.xlsx: sheet 'Bidder B2'" in message and "S.B2.LM1" in message
    assert "--allow-incomplete" in message
    assert not (root / "moderation.xlsx").exists()


def test_allow_incomplete_proceeds_and_the_log_says_so(root: Path) -> None:
    fill(root / "issued" / "E1.xlsx", root / "returns" / "E1.xlsx", values={"S.B2.LM1": None})
    collect_returns(open_tender(root), NOW)
    issued = issue_moderation(open_tender(root), ISSUED_AT, NOW, allow_incomplete=True)
    assert issued.workbook.allow_incomplete
    assert log_events(root, "moderation-issued")[-1]["allow_incomplete"] is True
    line = next(ln for ln in issued.workbook.lines if (ln.bidder, ln.criterion) == ("B2", "LM1"))
    assert line.scores == [] and line.mean is None
    # A row without scores needs a note saying how the panel reached its score.
    fill_moderation(issued.path, values={"N.B2.LM1": None})
    with pytest.raises(ModerationInvalid, match="no evaluator score was collected"):
        read_moderation(open_tender(root))


def test_a_hand_edited_collected_json_is_refused(root: Path) -> None:
    collected = root / "out" / "collected.json"
    collected.write_text(collected.read_text().replace('"score": 1', '"score": 3'))
    with pytest.raises(IntegrityError, match="edited by hand") as caught:
        moderate(root)
    assert "out/collected.json" in str(caught.value)
    assert not (root / "moderation.xlsx").exists()


# --- reading back: every problem at once -----------------------------------------------


def test_missing_and_off_scale_consensus_are_all_listed_with_their_cells(root: Path) -> None:
    path = moderate(root)
    fill_moderation(path, values={"C.B1.CV2": None, "C.B2.AA1": 7, "C.B2.PP1": 2.5})
    with pytest.raises(ModerationInvalid) as caught:
        read_moderation(open_tender(root))
    found = {(f.location.path, f.rule) for f in caught.value.findings}
    assert found == {
        ("C.B1.CV2", "consensus-missing"),
        ("C.B2.AA1", "consensus-outside-scale"),
        ("C.B2.PP1", "consensus-off-step"),
    }
    message = str(caught.value)
    assert message.startswith("moderation.xlsx: 3 problems")
    assert all(f.location.sheet == "Moderation" and f.location.cell for f in caught.value.findings)
    assert "sheet 'Moderation' cell K6: C.B1.CV2: [consensus-missing]" in message


def test_consensus_cells_start_empty_so_an_untouched_workbook_lists_every_row(root: Path) -> None:
    moderate(root)
    with pytest.raises(ModerationInvalid) as caught:
        read_moderation(open_tender(root))
    rules = [f.rule for f in caught.value.findings]
    assert rules.count("consensus-missing") == 14


def test_a_formula_in_an_input_cell_is_refused(root: Path) -> None:
    path = moderate(root)
    fill_moderation(path, values={"C.B1.AA1": "=1+2", "N.B1.AA2": "=A1"})
    with pytest.raises(ModerationInvalid) as caught:
        read_moderation(open_tender(root))
    found = {(f.location.path, f.rule) for f in caught.value.findings}
    assert found == {("C.B1.AA1", "consensus-formula"), ("N.B1.AA2", "note-formula")}


def test_a_note_is_required_where_flagged_or_moved_off_the_rounded_mean(root: Path) -> None:
    """B1 × CV1 is flagged; on CV1 and CV2 the mean 3.5 rounds to 4, so 3 needs a note there;
    B2 × AA1's mean is 3, so 4 needs one; B1 × CV2 at the rounded mean 4 needs none."""
    path = moderate(root)
    fill_moderation(path, note=None, values={"C.B2.AA1": 4, "C.B1.CV2": 4})
    with pytest.raises(ModerationInvalid) as caught:
        read_moderation(open_tender(root))
    found = {f.location.path: f for f in caught.value.findings}
    assert set(found) == {"N.B1.CV1", "N.B2.CV1", "N.B2.CV2", "N.B2.AA1"}
    assert {f.rule for f in found.values()} == {"note-missing"}
    assert "spread by 3" in found["N.B1.CV1"].message
    assert "differs from the rounded mean 3" in found["N.B2.AA1"].message


def test_note_lint_warnings_name_the_notes_cell(root: Path) -> None:
    path = moderate(root)
    compares = "The evidence on staff values is better than what B1 offered in its bid."
    fill_moderation(path, values={"N.B1.CV1": "Agreed.", "N.B2.CV1": compares})
    record = read_moderation(open_tender(root))
    assert {(w.warning.bidder, w.warning.criterion, w.warning.rule) for w in record.warnings} == {
        ("B1", "CV1", "note-no-reason"),
        ("B2", "CV1", "note-compares-bidders"),
    }
    warnings = {(w.warning.bidder, w.warning.criterion): w for w in record.warnings}
    place = record.note_places[FLAGGED_PAIR]
    assert warnings[FLAGGED_PAIR].place == place
    assert f"sheet 'Moderation' cell {place.cell} (N.B1.CV1)" in str(warnings[FLAGGED_PAIR])


# --- reading back: a workbook that is not what was issued ------------------------------


def test_an_edited_evaluator_score_is_tampering(root: Path) -> None:
    path = fill_moderation(moderate(root))
    book, cell = locked(path, "TXT.B1.CV1", 3)  # E1's score
    assert cell.value == 1
    cell.value = 3
    book.save(path)
    with pytest.raises(ModerationTampered) as caught:
        read_moderation(open_tender(root))
    (finding,) = caught.value.findings
    assert finding.location.path == "TXT.B1.CV1"
    assert (finding.location.sheet, finding.location.cell) == ("Moderation", "D5")
    assert "reads '3', issued as '1'" in finding.message


def test_a_score_replaced_by_a_boolean_is_tampering(root: Path) -> None:
    """TRUE equals 1 in Python, but a cell holding TRUE is not the score 1 that was issued:
    the quick value-for-value check must not pass it."""
    path = fill_moderation(moderate(root))
    book, cell = locked(path, "TXT.B1.CV1", 3)  # E1's score
    assert cell.value == 1
    cell.value = True
    book.save(path)
    with pytest.raises(ModerationTampered) as caught:
        read_moderation(open_tender(root))
    (finding,) = caught.value.findings
    assert finding.location.path == "TXT.B1.CV1"
    assert "reads 'TRUE', issued as '1'" in finding.message


def test_an_untouched_number_read_back_as_a_whole_number_is_not_tampering(root: Path) -> None:
    """A score issued as 4.0 and saved by a spreadsheet as 4 is the same score."""
    path = fill_moderation(moderate(root))
    book, cell = locked(path, "TXT.B1.CV1", 3)
    cell.value = int(cell.value)
    book.save(path)
    assert read_moderation(open_tender(root)).consensus


def test_every_tampered_place_is_listed_at_once(root: Path) -> None:
    path = fill_moderation(moderate(root))
    book, cell = locked(path, "RAT.B2.AA1", 0)
    cell.value = "A kinder rationale"
    ((sheet, ref),) = list(book.defined_names["TXT.CV1"].destinations)
    book[sheet][ref.replace("$", "").split(":")[0].replace("A", "C")].value = "Another heading"
    book.save(path)
    with pytest.raises(ModerationTampered) as caught:
        read_moderation(open_tender(root))
    assert {f.location.path for f in caught.value.findings} == {"RAT.B2.AA1", "TXT.CV1"}
    assert "2 problems" in str(caught.value)


def test_an_edited_signed_payload_fails_the_signature(root: Path) -> None:
    path = fill_moderation(moderate(root))
    edit_moderation_payload(path, '"score":1.0', '"score":3.0')
    with pytest.raises(IntegrityError, match="signature"):
        read_moderation(open_tender(root))


def test_a_compressed_payload_that_would_unpack_without_end_is_refused(root: Path) -> None:
    """A payload replaced by a zlib bomb is refused by name, unpacked no further than an
    archive member may be, before any signature or JSON is looked at."""
    path = fill_moderation(moderate(root))
    book = openpyxl.load_workbook(path)
    meta = book["tenderkit"]
    packer = zlib.compressobj(9)
    megabyte = b" " * 1_000_000
    bomb_bytes = b"".join(packer.compress(megabyte) for _ in range(250)) + packer.flush()
    bomb = base64.b64encode(bomb_bytes).decode()  # 250 MB of spaces, past the 200 MiB bound
    pieces = [bomb[i : i + 30_000] for i in range(0, len(bomb), 30_000)]
    rows = [r for r in meta.iter_rows() if str(r[0].value).startswith("payload ")]
    first = rows[0][0].row
    for row in rows:
        row[0].value = row[1].value = None
    for n, piece in enumerate(pieces):
        meta.cell(first + n, 1, f"payload {n + 1}/{len(pieces)}")
        meta.cell(first + n, 2, piece)
    last = max(meta.max_row, first + len(pieces) - 1)
    book.defined_names["TK.META"].attr_text = f"'tenderkit'!$A$1:$B${last}"
    book.save(path)
    with pytest.raises(InputError, match="unpacks to more than") as caught:
        read_moderation(open_tender(root))
    assert caught.value.location is not None and caught.value.location.path == "TK.META"


def test_a_moderation_workbook_from_another_tender_is_refused(root: Path, tmp_path: Path) -> None:
    other = collected_workspace(tmp_path / "other", small_tender(reference="ICB-2027-099"))
    shutil.copy(fill_moderation(moderate(other)), root / "moderation.xlsx")
    with pytest.raises(InputError, match="issued for tender ICB-2027-099, not ICB-2027-014"):
        read_moderation(open_tender(root))


def test_a_workbook_issued_before_scores_were_collected_again_is_refused(root: Path) -> None:
    fill_moderation(moderate(root))
    fill(root / "issued" / "E1.xlsx", root / "returns" / "E1.xlsx", values={"S.B1.CV1": 2})
    collect_returns(open_tender(root), NOW)
    with pytest.raises(IntegrityError, match="collected again") as caught:
        read_moderation(open_tender(root))
    assert "--reissue" in str(caught.value)


def test_a_missing_workbook_names_the_command_to_run(root: Path) -> None:
    with pytest.raises(NotFoundError, match="no moderation workbook") as caught:
        read_moderation(open_tender(root))
    assert "tender moderate" in str(caught.value)


def test_a_consensus_name_moved_onto_the_note_cell_is_tampering(root: Path) -> None:
    path = fill_moderation(moderate(root))
    point_name(path, "C.B1.CV1", "Moderation!$L$5")
    with pytest.raises(ModerationTampered) as caught:
        read_moderation(open_tender(root))
    (finding,) = caught.value.findings
    assert finding.location.path in {"C.B1.CV1", "N.B1.CV1"}
    assert (finding.location.sheet, finding.location.cell) == ("Moderation", "L5")
    assert "also marks" in finding.message


def test_a_file_that_is_not_a_workbook_is_refused_in_one_line(root: Path) -> None:
    (root / "moderation.xlsx").write_text("consensus,notes\n")
    with pytest.raises(InputError, match=r"not an \.xlsx workbook") as caught:
        read_moderation(open_tender(root))
    assert str(caught.value).startswith("moderation.xlsx: ")


def test_an_evaluator_workbook_in_its_place_is_refused(root: Path) -> None:
    """Signed by the same workspace, but not a moderation workbook."""
    shutil.copy(root / "returns" / "E1.xlsx", root / "moderation.xlsx")
    with pytest.raises(InputError, match="not a moderation workbook"):
        read_moderation(open_tender(root))
