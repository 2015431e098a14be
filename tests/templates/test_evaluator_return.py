"""Reading returns safely: hostile archives and XML are refused before they can do harm."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl.xml
import pytest

from tenderkit.rubrics.model import rubric_hash
from tenderkit.scoring.collection import RefusedReturn, ReturnedScores
from tenderkit.scoring.tender import TenderConfig
from tenderkit.templates.evaluator_issue import build_issue
from tenderkit.templates.evaluator_payload import IssuedWorkbook, sign
from tenderkit.templates.evaluator_return import Expectations, read_return
from tenderkit.templates.evaluator_workbook import write_evaluator_workbook
from tenderkit.templates.safezip import ZipLimits
from tests.support.evaluation import expected_pairs, fill, small_rubric_model, tender

SECRET = b"s" * 32
RUBRIC = small_rubric_model()
CONFIG = TenderConfig.model_validate(tender())


def expected(evaluator_id: str, issued_at: str) -> IssuedWorkbook | None:
    evaluator = CONFIG.evaluator(evaluator_id)
    if evaluator is None:
        return None
    return build_issue(CONFIG, RUBRIC, rubric_hash(RUBRIC), evaluator, issued_at, {})


def expectations(limits: ZipLimits | None = None) -> Expectations:
    return Expectations(CONFIG.reference, SECRET, expected, limits or ZipLimits())


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """E2's workbook, issued and completed."""
    issue = expected("E2", "2027-03-01T09:00:00Z")
    assert issue is not None
    folder = tmp_path_factory.mktemp("return")
    issued = folder / "issued.xlsx"
    issued.write_bytes(write_evaluator_workbook(issue, sign(issue.canonical(), SECRET)))
    return fill(issued, folder / "E2.xlsx").read_bytes()


def rezip(
    data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(
                item.filename, (replace or {}).get(item.filename, source.read(item.filename))
            )
        for name, body in (add or {}).items():
            target.writestr(name, body)
    return out.getvalue()


def refused(result: ReturnedScores | RefusedReturn) -> RefusedReturn:
    assert isinstance(result, RefusedReturn), result
    return result


def test_openpyxl_parses_through_defusedxml() -> None:
    """defusedxml is installed and openpyxl has switched to it."""
    assert openpyxl.xml.DEFUSEDXML is True


def test_a_valid_return_is_read_by_name(filled: bytes) -> None:
    """A completed return yields its declarations, scores and rationales."""
    result = read_return("returns/E2.xlsx", filled, expectations())
    assert isinstance(result, ReturnedScores)
    assert result.evaluator == "E2"
    assert sorted(result.scores) == sorted(expected_pairs(RUBRIC, tender())["E2"])
    assert result.scores[("B1", "CV1")].entry.value == 3
    assert result.scores[("B1", "CV1")].place.sheet == "Bidder B1"


def test_an_xml_entity_bomb_is_refused(filled: bytes) -> None:
    """Entity declarations inside a worksheet are refused, never expanded."""
    sheet = "xl/worksheets/sheet2.xml"
    original = zipfile.ZipFile(io.BytesIO(filled)).read(sheet)
    doctype = (
        b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    if original.startswith(b"<?xml"):
        declaration, _, body = original.partition(b"?>")
        bomb = declaration + b"?>" + doctype + body
    else:
        bomb = doctype + original
    result = refused(
        read_return("returns/E2.xlsx", rezip(filled, replace={sheet: bomb}), expectations())
    )
    assert result.rule == "hostile-file"
    assert "XML" in result.message


def test_a_highly_compressed_member_is_refused_as_a_zip_bomb(filled: bytes) -> None:
    """A member that unpacks to far more than its packed size is refused before parsing."""
    data = rezip(filled, add={"xl/media/padding.bin": bytes(8 * 1024 * 1024)})
    result = refused(read_return("returns/E2.xlsx", data, expectations()))
    assert result.rule == "hostile-file"
    assert "zip bomb" in result.message and "xl/media/padding.bin" in result.message


def test_too_many_members_are_refused(filled: bytes) -> None:
    """An archive with implausibly many members is refused."""
    result = refused(read_return("returns/E2.xlsx", filled, expectations(ZipLimits(max_members=5))))
    assert result.rule == "hostile-file"
    assert "members" in result.message


def test_too_much_unpacked_content_is_refused(filled: bytes) -> None:
    """An archive declaring more unpacked bytes than the limit is refused."""
    result = refused(
        read_return("returns/E2.xlsx", filled, expectations(ZipLimits(max_unpacked_bytes=10_000)))
    )
    assert "unpacks to" in result.message


def test_an_oversized_file_is_refused_unread(filled: bytes) -> None:
    """A file larger than any plausible return is refused before it is opened."""
    result = refused(
        read_return("returns/E2.xlsx", filled, expectations(ZipLimits(max_file_bytes=1000)))
    )
    assert result.rule == "hostile-file"
    assert "bytes" in result.message


def test_every_refusal_records_the_files_hash(filled: bytes, tmp_path: Path) -> None:
    """Even a refused file is identified by its SHA-256 for the audit trail."""
    result = refused(read_return("returns/x.xlsx", b"junk", expectations()))
    assert result.sha256 is not None and len(result.sha256) == 64
