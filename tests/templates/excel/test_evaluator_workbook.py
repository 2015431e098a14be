"""The evaluator workbook as written: sheets, names, drop-downs, protection, text as text."""

from __future__ import annotations

import base64
import io
import json
import textwrap
import zlib
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from tenderkit.rubrics.model import Rubric, rubric_hash
from tenderkit.scoring.tender import TenderConfig
from tenderkit.signing import sign, signature_matches
from tenderkit.templates.excel.evaluator_issue import META_NAME, build_issue
from tenderkit.templates.excel.evaluator_layout import (
    BIDDER_WIDTHS,
    COL_TEXT,
    INSTRUCTIONS_SHEET,
    RATIONALE_LIMIT,
    PayloadTooLarge,
    criterion_block,
    metadata_rows,
    normalise_grid,
    payload_from_rows,
    rationale_height,
)
from tenderkit.templates.excel.evaluator_payload import IssuedWorkbook
from tenderkit.templates.excel.evaluator_workbook import (
    BIDDER_PRINT_SCALE,
    INPUT_FILL,
    write_evaluator_workbook,
)
from tenderkit.templates.excel.xlsx import CHARS_PER_WIDTH, LINE_POINTS
from tests.support.evaluation import expected_pairs, named_cell, small_rubric_model, tender

SECRET = b"k" * 32
RUBRIC = small_rubric_model()
HOSTILE = [
    {"id": "B1", "name": '=HYPERLINK("http://example.invalid","click")'},
    {"id": "B2", "name": "+44 20 7946 0000"},
    {"id": "acme-care", "name": "@SUM(1)"},
]


def issue_for(evaluator: int = 0, rubric: Rubric = RUBRIC, **overrides: Any) -> IssuedWorkbook:
    config = TenderConfig.model_validate(tender(bidders=HOSTILE, **overrides))
    return build_issue(
        config,
        rubric,
        rubric_hash(rubric),
        config.evaluators[evaluator],
        "2027-03-01T09:00:00Z",
        {"culture-values": "Culture and values"},
    )


def open_issued(issue: IssuedWorkbook) -> tuple[bytes, Workbook]:
    data = write_evaluator_workbook(issue, sign(issue.canonical(), SECRET))
    return data, openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def written() -> tuple[IssuedWorkbook, bytes, Workbook]:
    issue = issue_for()
    data, book = open_issued(issue)
    return issue, data, book


def test_sheets_come_in_reading_order_with_metadata_very_hidden(
    written: tuple[IssuedWorkbook, bytes, Workbook],
) -> None:
    """Instructions, declarations, one sheet per bidder, then the very hidden metadata."""
    _, _, book = written
    assert book.sheetnames == [
        "Instructions",
        "Declarations",
        "Bidder B1",
        "Bidder B2",
        "Bidder acme-care",
        "tenderkit",
    ]
    assert book["tenderkit"].sheet_state == "veryHidden"
    assert all(book[s].sheet_state == "visible" for s in book.sheetnames[:-1])
    assert book.active is not None and book.active.title == INSTRUCTIONS_SHEET
    assert all(ws.protection.sheet for ws in book.worksheets)


def test_every_read_back_cell_is_a_workbook_level_name(
    written: tuple[IssuedWorkbook, bytes, Workbook],
) -> None:
    """Each payload name is defined at workbook level and points where the payload says."""
    issue, _, book = written
    for name in issue.names():
        assert name in book.defined_names, name
    targets = {p.score.name: p.score.target for p in issue.allocation}
    last = RUBRIC.criteria()[-1][1].id
    name = f"S.acme_002Dcare.{last}"
    assert book.defined_names[name].attr_text == targets[name]
    assert META_NAME in book.defined_names
    expected = expected_pairs(RUBRIC, tender(bidders=HOSTILE))["E1"]
    assert [(p.bidder, p.criterion) for p in issue.allocation] == expected


def test_score_cells_are_unlocked_shaded_drop_downs_of_the_scale(
    written: tuple[IssuedWorkbook, bytes, Workbook],
) -> None:
    """Every score cell is unlocked, shaded and restricted to 0–5 by a list validation."""
    issue, _, book = written
    for pair in issue.allocation:
        cell = named_cell(book, pair.score.name)
        assert cell.protection.locked is False
        assert cell.fill.fgColor.rgb.endswith(INPUT_FILL.lstrip("#"))
        validations = [
            dv for dv in cell.parent.data_validations.dataValidation if cell.coordinate in dv.sqref
        ]
        assert [(dv.type, dv.formula1) for dv in validations] == [("list", '"0,1,2,3,4,5"')]
        assert named_cell(book, pair.rationale.name).protection.locked is False


def test_declarations_offer_exactly_the_two_choices(
    written: tuple[IssuedWorkbook, bytes, Workbook],
) -> None:
    """Each conflict-of-interest cell is a drop-down of 'No conflict' and 'Conflict'."""
    issue, _, book = written
    for bidder in issue.bidders:
        cell = named_cell(book, bidder.declaration.name)
        assert cell.protection.locked is False
        (dv,) = [
            dv for dv in cell.parent.data_validations.dataValidation if cell.coordinate in dv.sqref
        ]
        assert dv.formula1 == '"No conflict,Conflict"'


def test_protected_text_is_locked_and_matches_the_block(
    written: tuple[IssuedWorkbook, bytes, Workbook],
) -> None:
    """The question, evidence and descriptors sit locked at their text name, as issued."""
    issue, _, book = written
    pair = issue.allocation[0]
    sheet, ref = next(iter(book.defined_names[pair.text.name].destinations))
    rows = list(book[sheet][ref.replace("$", "")])
    assert all(c.protection.locked for row in rows for c in row)
    assert normalise_grid([[c.value for c in row] for row in rows]) == criterion_block(
        issue.criterion(pair.criterion)
    )


def test_bidder_names_that_look_like_formulas_stay_text(
    written: tuple[IssuedWorkbook, bytes, Workbook],
) -> None:
    """=HYPERLINK(...), +44... and @SUM are written as text, quote-prefixed, never as formulas."""
    _, _, book = written
    sheet = book["Declarations"]
    names = {row[0].value: row[1] for row in sheet.iter_rows(min_row=5, max_row=7)}
    for bidder in HOSTILE:
        cell = names[bidder["id"]]
        assert cell.value == bidder["name"]
        assert cell.data_type == "s"
        assert cell.quotePrefix is True
    title = book["Bidder B1"]["A1"]
    assert title.data_type == "s" and title.value.startswith("B1: =HYPERLINK")


def test_layout_freezes_headers_and_sizes_columns(
    written: tuple[IssuedWorkbook, bytes, Workbook],
) -> None:
    """Bidder sheets keep their heading rows frozen and a wide, wrapped text column."""
    _, _, book = written
    sheet = book["Bidder B1"]
    assert sheet.freeze_panes == "A4"
    assert sheet.column_dimensions["C"].width > 90
    question = sheet["C6"]
    assert question.alignment.wrap_text is True
    assert sheet.row_dimensions[6].height > 15


def test_the_same_payload_gives_the_same_bytes(
    written: tuple[IssuedWorkbook, bytes, Workbook],
) -> None:
    """Writing again with the same issue time and signature reproduces the file exactly."""
    issue, data, _ = written
    assert write_evaluator_workbook(issue, sign(issue.canonical(), SECRET)) == data


def test_metadata_carries_the_signed_payload(
    written: tuple[IssuedWorkbook, bytes, Workbook],
) -> None:
    """The hidden sheet holds the canonical payload and an HMAC that verifies with the secret."""
    issue, _, book = written
    rows = [(str(a.value), str(b.value)) for a, b in book["tenderkit"].iter_rows(max_col=2)]
    assert ("issued at", "2027-03-01T09:00:00Z") in rows
    assert ("evaluator", "E1") in rows
    stored = payload_from_rows(rows)
    assert stored is not None
    canonical, signature = stored
    assert canonical == issue.canonical()
    assert signature_matches(canonical, signature, SECRET)
    assert not signature_matches(canonical, signature, b"x" * 32)
    assert (
        book.properties.created is not None
        and book.properties.created.isoformat() == "2027-03-01T09:00:00"
    )


def test_a_long_payload_is_split_over_rows_and_joined_back() -> None:
    """Payloads beyond one cell's capacity are split in order and reassembled exactly."""
    payload = "x" * 70_000
    rows = metadata_rows([("format", "f")], payload, "abc")
    assert [k for k, _ in rows if k.startswith("payload")] == [
        "payload 1/3",
        "payload 2/3",
        "payload 3/3",
    ]
    assert payload_from_rows(rows) == (payload, "abc")
    assert payload_from_rows([(k, v) for k, v in rows if k != "payload 2/3"]) is None


def _with_payload(rows: list[tuple[str, str]], stored: str) -> list[tuple[str, str]]:
    """rows with their payload chunks replaced by stored, in one chunk."""
    kept = [(k, v) for k, v in rows if not k.startswith("payload ")]
    return [*kept, ("payload 1/1", stored)]


def test_a_compressed_payload_is_read_back_exactly_by_a_bounded_reader() -> None:
    """Compressed, a payload takes fewer rows and reads back as the same text; a reader that
    gives no bound (evaluator and provider returns) does not take it as ours."""
    payload = json.dumps({"lines": [f"rationale {i} é" for i in range(20_000)]})
    rows = metadata_rows([("format", "f")], payload, "abc", compress=True)
    plain = metadata_rows([("format", "f")], payload, "abc")
    assert ("encoding", "zlib+base64") in rows
    assert len(rows) < len(plain)
    assert payload_from_rows(rows, unpacked_limit=len(payload.encode())) == (payload, "abc")
    assert payload_from_rows(rows) is None
    assert payload_from_rows(plain, unpacked_limit=10) == (payload, "abc")  # no encoding row


@pytest.mark.parametrize(
    "stored",
    [
        "not base64 at all!",
        base64.b64encode(b"not zlib").decode(),
        base64.b64encode(zlib.compress(b'{"a": 1}')[:-4]).decode(),  # cut short
        base64.b64encode(zlib.compress(b'{"a": 1}') + b"tail").decode(),  # something after it
        base64.b64encode(zlib.compress("é".encode("latin-1"))).decode(),  # not UTF-8
    ],
)
def test_a_compressed_payload_that_does_not_decode_is_not_ours(stored: str) -> None:
    """Text that is not base64 of one whole zlib stream of UTF-8 is refused, not guessed at."""
    rows = metadata_rows([("format", "f")], "{}", "abc", compress=True)
    assert payload_from_rows(_with_payload(rows, stored), unpacked_limit=1000) is None


def test_an_unknown_payload_encoding_is_not_ours() -> None:
    """Only zlib+base64 is read; any other encoding row means the rows are not ours."""
    rows = metadata_rows([("format", "f")], "{}", "abc", compress=True)
    other = [(k, "gzip" if k == "encoding" else v) for k, v in rows]
    assert payload_from_rows(other, unpacked_limit=1000) is None


def test_a_compressed_payload_that_unpacks_past_the_bound_is_refused_unread() -> None:
    """A zlib bomb (50 MB of zeros in about 50 kB) is refused after unpacking at most the
    bound and one byte, never the whole of it."""
    bomb = base64.b64encode(zlib.compress(b"0" * 50_000_000, 9)).decode()
    assert len(bomb) < 100_000
    rows = _with_payload(metadata_rows([("format", "f")], "{}", "abc", compress=True), bomb)
    with pytest.raises(PayloadTooLarge, match="more than 1,000,000 bytes"):
        payload_from_rows(rows, unpacked_limit=1_000_000)


def test_an_evaluator_limited_to_a_domain_gets_only_its_criteria() -> None:
    """E2 (culture and values only) gets that domain's criteria for every bidder, nothing else."""
    issue = issue_for(evaluator=1)
    culture = [c.id for d, c in RUBRIC.criteria() if d.id == "culture-values"]
    assert culture and len(culture) < len(RUBRIC.criteria())
    assert [c.id for c in issue.criteria] == culture
    assert [(p.bidder, p.criterion) for p in issue.allocation] == expected_pairs(
        RUBRIC, tender(bidders=HOSTILE)
    )["E2"]
    assert issue.criteria[0].domain_title == "Culture and values"


def test_a_fine_grained_range_scale_gets_a_bounded_number_validation() -> None:
    """A 0–100 scale in half points is too long for a list; the cell is bounded 0 to 100 instead."""
    body = RUBRIC.model_dump(mode="json")
    body["scales"]["marks"] = {"kind": "range", "min": 0, "max": 100, "half_points": True}
    body["domains"][0]["criteria"][0]["scale"] = "marks"
    rubric = Rubric.model_validate(body)
    issue = issue_for(rubric=rubric)
    _, book = open_issued(issue)
    cell = named_cell(book, "S.B1.CV1")
    (dv,) = [
        dv for dv in cell.parent.data_validations.dataValidation if cell.coordinate in dv.sqref
    ]
    assert (dv.type, dv.operator or "between", dv.formula1, dv.formula2) == (
        "decimal",
        "between",
        "0",
        "100",
    )
    block = criterion_block(issue.criterion("CV1"))
    assert block[-1][:2] == ["Range", "0–100"]


def test_the_issue_time_reads_as_people_write_it() -> None:
    """An ISO stamp becomes "1 March 2027, 09:00 UTC", from any offset."""
    from tenderkit.templates.excel.evaluator_layout import readable_moment

    assert readable_moment("2027-03-01T09:00:00Z") == "1 March 2027, 09:00 UTC"
    assert readable_moment("2027-03-01T10:30:00+01:00") == "1 March 2027, 09:30 UTC"


def test_each_criterion_starts_a_printed_page_of_its_own(
    written: tuple[IssuedWorkbook, bytes, Workbook],
) -> None:
    """Bidder sheets break before every criterion after the first and are scaled, not fitted
    (a sheet fitted to pages ignores its breaks); the instructions show the readable time."""
    from tenderkit.templates.excel.evaluator_layout import block_rows, readable_moment

    issue, _, book = written
    starts = [rows.first for rows in block_rows(issue.criteria)]
    for bidder in issue.bidders:
        ws = book[bidder.sheet]
        assert [b.id for b in ws.row_breaks.brk] == starts[1:]
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.scale == BIDDER_PRINT_SCALE
    texts = [c.value for row in book["Instructions"].iter_rows() for c in row if c.value]
    assert f"Issued: {readable_moment(issue.issued_at)}" in texts


def test_rationale_cells_take_at_most_the_limit_and_are_sized_for_it(
    written: tuple[IssuedWorkbook, bytes, Workbook],
) -> None:
    """Each rationale cell refuses text over RATIONALE_LIMIT characters, and its row is as
    tall as a rationale of that length needs, so the row's fixed height cannot clip it."""
    issue, _, book = written
    height = rationale_height(
        RATIONALE_LIMIT,
        BIDDER_WIDTHS[COL_TEXT],
        chars_per_width=CHARS_PER_WIDTH,
        line_points=LINE_POINTS,
    )
    for pair in issue.allocation:
        cell = named_cell(book, pair.rationale.name)
        (dv,) = [
            dv for dv in cell.parent.data_validations.dataValidation if cell.coordinate in dv.sqref
        ]
        assert (dv.type, dv.operator, dv.formula1) == ("textLength", "lessThanOrEqual", "1000")
        assert dv.showErrorMessage is True
        assert dv.errorStyle in (None, "stop")  # absent means stop in OOXML
        # Written in whole pixels (0.75 pt).
        assert cell.parent.row_dimensions[cell.row].height == pytest.approx(height, abs=0.75)


def test_a_rationale_at_the_limit_wraps_within_its_row_height() -> None:
    """Wrapped at the estimator's characters per line, running text of RATIONALE_LIMIT
    characters needs no more lines than the rationale row holds."""
    per_line = int(BIDDER_WIDTHS[COL_TEXT] * CHARS_PER_WIDTH)
    words = ("accountability", "of", "organisational", "staff", "responsibilities", "a")
    text = " ".join(words[i % len(words)] for i in range(RATIONALE_LIMIT))[:RATIONALE_LIMIT]
    lines = len(textwrap.wrap(text, per_line))
    height = rationale_height(
        RATIONALE_LIMIT,
        BIDDER_WIDTHS[COL_TEXT],
        chars_per_width=CHARS_PER_WIDTH,
        line_points=LINE_POINTS,
    )
    assert lines * LINE_POINTS + 3 <= height
    assert (
        rationale_height(
            2 * RATIONALE_LIMIT, 95, chars_per_width=CHARS_PER_WIDTH, line_points=LINE_POINTS
        )
        > height
    )
