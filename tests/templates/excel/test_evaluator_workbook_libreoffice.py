"""A real client reads the evaluator workbook: LibreOffice renders it and keeps its drop-downs."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from defusedxml import ElementTree

from tenderkit.rubrics.scale import allowed_scores
from tenderkit.templates.excel.evaluator_layout import RATIONALE_LIMIT
from tenderkit.workspace.collect import collect_returns
from tenderkit.workspace.tender import open_tender
from tests.support.evaluation import (
    NOW,
    expected_pairs,
    fill,
    fill_returns,
    issue,
    make_workspace,
    named_cell,
    names_with_prefix,
    tender,
)
from tests.support.libreoffice import convert, pdf_pages, pdf_text

pytestmark = pytest.mark.libreoffice

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example tender on the bundled rubric: real question and descriptor text to render."""
    root = make_workspace(tmp_path_factory.mktemp("lo") / "tender")
    issue(root)
    return root


@pytest.fixture(scope="module")
def pdf(workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert(workspace / "issued" / "E1.xlsx", "pdf", tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def ods_content(workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> ElementTree.Element:
    ods = convert(workspace / "issued" / "E1.xlsx", "ods", tmp_path_factory.mktemp("ods"))
    return ElementTree.fromstring(zipfile.ZipFile(ods).read("content.xml"))


def test_libreoffice_renders_the_visible_sheets(pdf: Path) -> None:
    """The PDF shows instructions, declarations and bidder sheets, but not the hidden metadata."""
    text = pdf_text(pdf)
    assert "Evaluation workbook: Community nursing services" in text
    assert "Conflict of interest declarations" in text
    assert "B1: Example Care Ltd" in text and "B2: Sample Health CIC" in text
    assert "Your score" in text and "Unacceptable" in text and "Excellent" in text
    assert "hmac-sha256" not in text and "payload 1/" not in text
    assert pdf_pages(pdf) >= 4


def test_each_criterion_prints_on_its_own_page_across_one_page_width(pdf: Path) -> None:
    """Every bidder-sheet page holds exactly one criterion with its score and rationale rows,
    and no page holds only the overflow of a too-wide sheet."""
    pages = pdf_text(pdf).split("\f")
    bidder_pages = [p for p in pages if "on the Declarations sheet first" in p]
    assert bidder_pages, "no bidder sheet printed"
    for page in bidder_pages:
        assert page.count("Your score") == 1 and "Rationale" in page
        assert len(re.findall(r" · weight \S+ of the quality score", page)) == 1


def test_score_and_declaration_drop_downs_survive_in_ods(
    workspace: Path, ods_content: ElementTree.Element
) -> None:
    """LibreOffice keeps a list validation on every score and declaration cell."""
    rubric = open_tender(workspace).rubric
    zero_to_five = {
        c.id
        for _, c in rubric.criteria()
        if allowed_scores(rubric.scale_for(c)) == [0, 1, 2, 3, 4, 5]
    }
    e1 = expected_pairs(rubric, tender())["E1"]
    assert zero_to_five, "the test looks for the 0–5 drop-down"
    validations = {
        v.get(f"{{{TABLE}}}name"): v.get(f"{{{TABLE}}}condition")
        for v in ods_content.iter(f"{{{TABLE}}}content-validation")
    }
    score_lists = {n for n, c in validations.items() if c and '"0";"1";"2";"3";"4";"5"' in c}
    choice_lists = {n for n, c in validations.items() if c and '"No conflict";"Conflict"' in c}
    assert score_lists and choice_lists
    cells = [
        c
        for c in ods_content.iter(f"{{{TABLE}}}table-cell")
        if c.get(f"{{{TABLE}}}content-validation-name")
    ]
    repeats = [int(c.get(f"{{{TABLE}}}number-columns-repeated", "1")) for c in cells]
    scored = sum(
        r
        for c, r in zip(cells, repeats, strict=True)
        if c.get(f"{{{TABLE}}}content-validation-name") in score_lists
    )
    declared = sum(
        r
        for c, r in zip(cells, repeats, strict=True)
        if c.get(f"{{{TABLE}}}content-validation-name") in choice_lists
    )
    assert (scored, declared) == (
        len([p for p in e1 if p[1] in zero_to_five]),
        len(tender()["bidders"]),
    )
    names = {r.get(f"{{{TABLE}}}name") for r in ods_content.iter(f"{{{TABLE}}}named-range")}
    (first_bidder, first), (last_bidder, last) = e1[0], e1[-1]
    assert {
        f"S.{first_bidder}.{first}",
        f"R.{last_bidder}.{last}",
        f"COI.{last_bidder}",
        f"TXT.{last_bidder}.{last}",
        "TK.META",
    } <= names


def test_a_return_saved_by_libreoffice_is_collected(workspace: Path, tmp_path: Path) -> None:
    """An evaluator who fills the workbook and saves it in LibreOffice gets every score counted,
    and the drop-downs are still there in the saved file."""
    root = Path(shutil.copytree(workspace, tmp_path / "tender"))
    fill_returns(root)
    filled = fill(root / "issued" / "E1.xlsx", tmp_path / "E1.xlsx", score=5)
    saved = convert(filled, "xlsx:Calc MS Excel 2007 XML", tmp_path / "saved")
    shutil.copy(saved, root / "returns" / "E1.xlsx")
    book = openpyxl.load_workbook(saved)
    sheet = book["Bidder B1"]
    assert any(
        dv.type == "list" and dv.formula1 == '"0,1,2,3,4,5"'
        for dv in sheet.data_validations.dataValidation
    )
    outcome = collect_returns(open_tender(root), NOW)
    assert outcome.collection.complete, [str(p) for p in outcome.collection.problems]
    assert {s.score for s in outcome.collection.scores if s.evaluator == "E1"} == {5.0}


#: Ordinary evaluator prose, repeated to the rationale's full length.
PROSE = (
    "The bid describes how staff at every level shaped the organisation's values, with "
    "survey results over two years showing engagement rising and stress-related absence "
    "falling; leaders' involvement is evidenced by named forums and minutes, although the "
    "case studies say less about how the change came about for night staff. "
)


def longest_rationale(ending: str, paragraphs: int = 10) -> str:
    """A rationale of exactly RATIONALE_LIMIT characters, closing with ending, written as
    points on lines of their own: each line break leaves the rest of its line empty, so it
    needs more lines than the same characters run on (the 96-point row this replaced held
    running text of this length in LibreOffice, but clipped these ten points).
    """
    head = (PROSE * (RATIONALE_LIMIT // len(PROSE) + 1))[: RATIONALE_LIMIT - len(ending) - 1]
    text = list(f"{head} {ending}")
    for k in range(1, paragraphs):
        space = "".join(text).index(" ", k * RATIONALE_LIMIT // paragraphs)
        text[space] = "\n"
    return "".join(text)


@pytest.fixture(scope="module")
def full(workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """E1's workbook with every rationale filled to the limit (found by its defined name),
    each closing with words of its own, printed to PDF by LibreOffice."""
    book = openpyxl.load_workbook(workspace / "issued" / "E1.xlsx")
    endings: dict[str, str] = {}
    for index, name in enumerate(names_with_prefix(book, "R")):
        endings[name] = f"closing remark {index} ends here"
        named_cell(book, name).value = longest_rationale(endings[name])
    assert {len(named_cell(book, n).value) for n in endings} == {RATIONALE_LIMIT}
    filled = tmp_path_factory.mktemp("full") / "E1.xlsx"
    book.save(filled)
    return convert(filled, "pdf", tmp_path_factory.mktemp("full-pdf")), endings


def test_a_rationale_of_the_longest_allowed_length_prints_whole(
    full: tuple[Path, dict[str, str]],
) -> None:
    """The last words of every full-length rationale are in the printed PDF: none is clipped."""
    pdf, endings = full
    printed = " ".join(pdf_text(pdf).split())
    assert [name for name, ending in endings.items() if ending not in printed] == []


def test_a_full_rationale_still_prints_with_its_criterion_on_one_page(
    workspace: Path, full: tuple[Path, dict[str, str]]
) -> None:
    """Filled to the limit, each criterion's scale, score and whole rationale share one page."""
    pdf, _ = full
    pairs = expected_pairs(open_tender(workspace).rubric, tender())["E1"]
    bidder_pages = [p for p in pdf_text(pdf).split("\f") if "on the Declarations sheet first" in p]
    assert len(bidder_pages) == len(pairs)
    for page in bidder_pages:
        assert page.count("Your score") == 1
        assert " ".join(page.split()).count("ends here") == 1
