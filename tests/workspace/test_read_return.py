"""Reading returns safely: hostile archives and XML are refused before they can do harm."""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl.xml
import pytest

from tenderkit.rubrics.model import rubric_hash
from tenderkit.scoring.collection import RefusedReturn, ReturnedScores
from tenderkit.scoring.tender import TenderConfig, covered_bidders
from tenderkit.signing import sign
from tenderkit.templates.excel.evaluator_issue import build_issue
from tenderkit.templates.excel.evaluator_payload import IssuedWorkbook
from tenderkit.templates.excel.evaluator_workbook import write_evaluator_workbook
from tenderkit.templates.opc.archive import ZipLimits
from tenderkit.workspace.returns import Expectations, read_return
from tests.support.evaluation import expected_pairs, fill, small_rubric_model, tender

SECRET = b"s" * 32
RUBRIC = small_rubric_model()
CONFIG = TenderConfig.model_validate(tender())


def expected(
    evaluator_id: str, issued_at: str, bidders: Sequence[str] | None = None
) -> IssuedWorkbook | None:
    evaluator = CONFIG.evaluator(evaluator_id)
    if evaluator is None:
        return None
    covered = None if bidders is None else covered_bidders(CONFIG, evaluator, bidders)
    return build_issue(CONFIG, RUBRIC, rubric_hash(RUBRIC), evaluator, issued_at, {}, covered)


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


def test_an_empty_file_is_said_to_be_empty() -> None:
    """A zero-byte return is reported as empty, not as a damaged zip."""
    result = refused(read_return("returns/E2.xlsx", b"", expectations()))
    assert (result.rule, "empty (0 bytes)" in result.message) == ("not-a-workbook", True)


def test_an_encrypted_workbook_is_recognised() -> None:
    """Password-protected workbooks (OLE containers) are named as such, with what to ask for."""
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(4088)
    result = refused(read_return("returns/E2.xlsx", ole, expectations()))
    assert result.rule == "not-a-workbook"
    assert "password-protected" in result.message and "without a password" in result.message


def test_a_word_document_renamed_xlsx_is_named(tmp_path: Path) -> None:
    """A .docx saved under an .xlsx name is reported as a Word document."""
    document = docx.Document()
    document.add_paragraph("My scores: B1 4, B2 3")
    document.save(tmp_path / "scores.docx")
    data = (tmp_path / "scores.docx").read_bytes()
    result = refused(read_return("returns/E2.xlsx", data, expectations()))
    assert result.rule == "not-a-workbook" and "Word document" in result.message


def with_doctype(xml: bytes, before: bytes = b"") -> bytes:
    declaration, _, body = xml.partition(b"?>")
    if not body:
        declaration, body = b"<?xml version='1.0'", xml
    return declaration + b"?>" + before + b'<!DOCTYPE x [<!ENTITY a "a">]>' + body


@pytest.mark.parametrize(
    ("member", "before"),
    [
        ("xl/workbook.xml", b""),
        ("xl/styles.xml", b"<!-- a comment first -->\n<?pi data?>"),
        ("[Content_Types].xml", b""),
        ("xl/_rels/workbook.xml.rels", b""),
    ],
)
def test_a_dtd_in_any_xml_part_is_refused(filled: bytes, member: str, before: bytes) -> None:
    """Parts openpyxl parses with lxml (entities unexpanded) refuse a DTD like worksheets do."""
    original = zipfile.ZipFile(io.BytesIO(filled)).read(member)
    data = rezip(filled, replace={member: with_doctype(original, before)})
    result = refused(read_return("returns/E2.xlsx", data, expectations()))
    assert result.rule == "hostile-file"
    assert f"member {member} declares a DTD" in result.message


def test_a_dtd_in_utf16_xml_is_refused(filled: bytes) -> None:
    """Declaring the DTD in UTF-16 does not hide it."""
    text = zipfile.ZipFile(io.BytesIO(filled)).read("xl/styles.xml").decode("utf-8")
    body = text.split("?>", 1)[-1]
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "a">]>' + body
    data = rezip(filled, replace={"xl/styles.xml": xml.encode("utf-16")})
    assert refused(read_return("returns/E2.xlsx", data, expectations())).rule == "hostile-file"


def test_a_picture_with_its_own_doctype_is_not_refused(filled: bytes) -> None:
    """An SVG picture carrying a DOCTYPE is kept as bytes by openpyxl, so it is no threat."""
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg/>'
    data = rezip(filled, add={"xl/media/image1.svg": svg})
    assert isinstance(read_return("returns/E2.xlsx", data, expectations()), ReturnedScores)


def test_a_padded_prolog_is_refused_unread(filled: bytes) -> None:
    """A part that hides what follows behind a huge comment is refused, not scanned forever."""
    original = zipfile.ZipFile(io.BytesIO(filled)).read("xl/styles.xml")
    padded = b"<!--" + b"x" * (200 * 1024) + b"-->" + original
    data = rezip(filled, replace={"xl/styles.xml": padded})
    result = refused(read_return("returns/E2.xlsx", data, expectations()))
    assert result.rule == "hostile-file" and "before its first element" in result.message


def test_two_members_of_one_name_are_refused(filled: bytes) -> None:
    """Programs differ on which of two same-named parts they read, so the file is refused."""
    source = zipfile.ZipFile(io.BytesIO(filled))
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is asked to write
        with zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                target.writestr(item.filename, source.read(item.filename))
            target.writestr("XL/Worksheets/Sheet2.xml", source.read("xl/worksheets/sheet2.xml"))
    result = refused(read_return("returns/E2.xlsx", out.getvalue(), expectations()))
    assert result.rule == "hostile-file" and "two members named" in result.message
