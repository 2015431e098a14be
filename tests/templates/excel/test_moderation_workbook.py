"""The moderation workbook as written: rows, the core's numbers, flags, inputs, protection."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from tenderkit.rubrics.model import rubric_hash
from tenderkit.scoring.moderation import moderation_row
from tenderkit.scoring.tender import TenderConfig
from tenderkit.signing import sign
from tenderkit.templates.excel.evaluator_layout import payload_from_rows
from tenderkit.templates.excel.moderation_issue import CollectedScore, build_moderation
from tenderkit.templates.excel.moderation_payload import ModerationWorkbook
from tenderkit.templates.excel.moderation_workbook import write_moderation_workbook
from tests.support.evaluation import named_cell, small_rubric_model, tender

SECRET = b"m" * 32
RUBRIC = small_rubric_model()
HOSTILE = [
    {"id": "B1", "name": '=HYPERLINK("http://example.invalid","click")'},
    {"id": "acme-care", "name": "Acme Care"},
]


def scores() -> list[CollectedScore]:
    """E1 scores everything 3 except B1 × CV1 (1); E2 scores culture and values 4."""
    out = []
    for bidder in ("B1", "acme-care"):
        for _, criterion in RUBRIC.criteria():
            first = 1.0 if (bidder, criterion.id) == ("B1", "CV1") else 3.0
            out.append(CollectedScore("E1", bidder, criterion.id, first, "=E1 rationale"))
            if criterion.id.startswith("CV"):
                out.append(CollectedScore("E2", bidder, criterion.id, 4.0, "E2 rationale"))
    return out


def issue_for(**overrides: Any) -> ModerationWorkbook:
    config = TenderConfig.model_validate(tender(bidders=HOSTILE, **overrides))
    return build_moderation(
        config,
        RUBRIC,
        rubric_hash(RUBRIC),
        scores(),
        collected_sha256="ab" * 32,
        issued_at="2027-03-16T09:00:00Z",
        domain_titles={},
    )


@pytest.fixture(scope="module")
def written() -> tuple[ModerationWorkbook, bytes, Workbook]:
    issue = issue_for()
    data = write_moderation_workbook(issue, sign(issue.canonical(), SECRET))
    return issue, data, openpyxl.load_workbook(io.BytesIO(data))


def test_sheets_come_in_reading_order_with_metadata_very_hidden(
    written: tuple[ModerationWorkbook, bytes, Workbook],
) -> None:
    _, _, book = written
    assert book.sheetnames == ["Instructions", "Moderation", "Criteria", "tenderkit"]
    assert book["tenderkit"].sheet_state == "veryHidden"
    assert all(ws.protection.sheet for ws in book.worksheets)
    assert book.active is not None and book.active.title == "Instructions"


def test_the_instructions_give_the_moderators_rules(
    written: tuple[ModerationWorkbook, bytes, Workbook],
) -> None:
    _, _, book = written
    text = " ".join(
        str(c.value) for row in book["Instructions"].iter_rows() for c in row if c.value
    )
    assert "spread reaches 2 points" in text
    assert "note is required when the row is flagged or when the consensus differs" in text
    assert "never against other bids" in text and "descriptors" in text


def test_each_row_shows_every_score_and_rationale_and_the_cores_summary(
    written: tuple[ModerationWorkbook, bytes, Workbook],
) -> None:
    issue, _, book = written
    ws = book["Moderation"]
    header = [c.value for c in ws[4]]
    assert header[:5] == ["Bidder", "Criterion", "Title", "E1 score", "E2 score"]
    assert header[5:12] == [
        "Mean",
        "Min",
        "Max",
        "Spread",
        "Flagged",
        "Consensus score",
        "Moderation note",
    ]
    assert header[12:] == ["E1 rationale", "E2 rationale"]
    row = moderation_row("B1", "CV1", {"E1": 1, "E2": 4}, spread_threshold=2)
    values = [c.value for c in ws[5]]
    assert values[:5] == ["B1", "CV1", RUBRIC.criteria()[0][1].title, 1, 4]
    assert values[5:10] == [float(row.mean), 1, 4, 3, "yes"]
    assert values[12:] == ["=E1 rationale", "E2 rationale"]
    assert ws.cell(5, 13).data_type == "s"  # a rationale starting with = stays text
    b1_aa1 = [c.value for c in ws[7]]
    assert b1_aa1[1] == "AA1" and b1_aa1[3:10] == [3, None, 3, 3, 3, 0, "no"]
    assert len(issue.lines) == 2 * 7


def test_consensus_and_note_are_empty_unlocked_workbook_level_names(
    written: tuple[ModerationWorkbook, bytes, Workbook],
) -> None:
    issue, _, book = written
    for line in issue.lines:
        for name in (line.consensus.name, line.note.name):
            assert name in book.defined_names  # workbook level, not sheet level
            cell = named_cell(book, name)
            assert cell.value is None and cell.protection.locked is False
    assert {ln.consensus.name for ln in issue.lines} >= {"C.B1.CV1", "C.acme_002Dcare.PP2"}
    assert named_cell(book, "N.B1.CV1").coordinate == "L5"
    assert book["Moderation"]["A5"].protection.locked is True


def test_the_consensus_cell_has_the_criterions_scale_as_a_drop_down(
    written: tuple[ModerationWorkbook, bytes, Workbook],
) -> None:
    _, _, book = written
    validations = book["Moderation"].data_validations.dataValidation
    lists = [dv for dv in validations if dv.type == "list"]
    assert lists and all(dv.formula1 == '"0,1,2,3,4,5"' for dv in lists)
    covered = {str(r) for dv in lists for r in dv.sqref.ranges}
    assert {f"K{r}" for r in range(5, 19)} <= covered


def test_flagged_rows_are_highlighted_filterable_and_panes_frozen(
    written: tuple[ModerationWorkbook, bytes, Workbook],
) -> None:
    _, _, book = written
    ws = book["Moderation"]
    assert ws.auto_filter.ref == "A4:N18"
    assert ws.freeze_panes == "D5"
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert any(r.type == "expression" and '$J5="yes"' in r.formula[0] for r in rules)
    flags = [ws.cell(r, 10).value for r in range(5, 19)]
    assert flags.count("yes") == 1 and flags[0] == "yes"
    assert ws.protection.autoFilter is False  # False = filtering is allowed on the sheet


def test_the_signed_payload_holds_every_score_rationale_and_criterion(
    written: tuple[ModerationWorkbook, bytes, Workbook],
) -> None:
    issue, _, book = written
    meta = book["tenderkit"]
    rows = [(str(a.value or ""), str(b.value or "")) for a, b in meta.iter_rows()]
    # Stored compressed: read only by a reader that bounds what it unpacks.
    assert ("encoding", "zlib+base64") in rows
    assert payload_from_rows(rows) is None
    stored = payload_from_rows(rows, unpacked_limit=10_000_000)
    assert stored is not None
    canonical, signature = stored
    assert canonical == issue.canonical() and signature == sign(canonical, SECRET)
    payload = ModerationWorkbook.model_validate_json(canonical)
    assert payload.collected_sha256 == "ab" * 32
    assert payload.lines[0].scores[0].rationale == "=E1 rationale"
    assert [c.id for c in payload.criteria] == [c.id for _, c in RUBRIC.criteria()]


def test_the_same_payload_gives_the_same_bytes(
    written: tuple[ModerationWorkbook, bytes, Workbook],
) -> None:
    issue, data, _ = written
    assert write_moderation_workbook(issue, sign(issue.canonical(), SECRET)) == data
