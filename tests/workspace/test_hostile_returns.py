"""Damaged and hostile returns: each is refused as a finding naming the file, in bounded
time and in words that are the same on every run; none raises."""

from __future__ import annotations

import resource
import time

import pytest
from openpyxl.worksheet.formula import ArrayFormula

from tenderkit.rubrics.scale import NamedScale
from tenderkit.scoring.collection import RefusedReturn, ReturnedScores
from tenderkit.scoring.entries import Entry, judge_rationale, judge_score
from tenderkit.templates.excel.part_scan import PartLimits, scan_parts
from tenderkit.templates.opc.archive import HostileFile
from tenderkit.workspace.returns import read_return
from tests.support import hostile as h
from tests.support.rubrics import NAMED_0_5

FILE = "returns/E2.xlsx"


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return h.valid_return(tmp_path_factory.mktemp("valid"))


def read(data: bytes) -> ReturnedScores | RefusedReturn:
    return read_return(FILE, data, h.expectations())


def refused(data: bytes) -> RefusedReturn:
    result = read(data)
    assert isinstance(result, RefusedReturn), result
    assert result.file == FILE
    return result


def test_the_valid_return_is_read(valid: bytes) -> None:
    """The return every other test damages is itself accepted."""
    assert isinstance(read(valid), ReturnedScores)


@pytest.mark.parametrize("index", range(6))
def test_a_local_header_name_of_zero_bytes_is_not_a_workbook(valid: bytes, index: int) -> None:
    """A local header whose name disagrees with the central directory names the member."""
    result = refused(h.blank_local_name(valid, index))
    assert result.rule == "not-a-workbook"
    assert "local header disagrees" in result.message and "member " in result.message


def test_a_local_header_with_another_compression_method_is_refused(valid: bytes) -> None:
    """The local header and the directory must agree on how the data is stored."""
    assert refused(h.set_local_method(valid, 3, 99)).rule == "not-a-workbook"


def test_an_encryption_flag_is_refused_by_member(valid: bytes) -> None:
    """Set in the directory only, it also disagrees with the local header; either way the
    member is named."""
    result = refused(h.set_encrypted_flag(valid, 4))
    assert result.rule == "not-a-workbook" and "member xl/" in result.message


@pytest.mark.parametrize("offset", range(0, 13_000, 97))
def test_a_bit_flip_anywhere_never_raises_and_never_changes_what_counts(
    valid: bytes, offset: int
) -> None:
    """A flipped bit is refused, or harmless: the scores read are the original ones."""
    original = read(valid)
    assert isinstance(original, ReturnedScores)
    result = read(h.flip_bit(valid, offset, offset))
    if isinstance(result, ReturnedScores):
        assert result.fingerprint() == original.fingerprint()
    else:
        assert result.rule in {"not-a-workbook", "hostile-file", "tampered", "not-ours"}
        assert "0x" not in result.message


@pytest.mark.parametrize("length", [1, 22, 100, 4000, 9000, 13_000])
def test_a_truncated_return_is_not_a_workbook(valid: bytes, length: int) -> None:
    assert refused(valid[:length]).rule == "not-a-workbook"


def test_a_payload_built_to_exhaust_the_parser_is_refused_unparsed(valid: bytes) -> None:
    """A 5 MB payload of empty lists is refused before JSON parsing, in little memory."""
    data = h.stored(h.with_payload(valid, h.nested_payload(1_700_000)))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = refused(data)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert result.rule == "hostile-file" and "metadata" in result.message
    assert grown_mb < 300


def test_a_large_unsigned_payload_fails_its_signature_without_being_parsed(valid: bytes) -> None:
    data = h.stored(h.with_payload(valid, h.nested_payload(1_300_000)))
    assert refused(data).rule == "tampered"


def test_a_payload_from_another_tender_is_still_named_as_such(valid: bytes) -> None:
    """A small unsigned payload is parsed only to say whose it is."""
    data = h.alter_metadata(valid, "ICB-2027-014", "ICB-2027-099")
    assert refused(data).rule == "wrong-tender"


@pytest.mark.parametrize(
    ("damage", "what"),
    [
        (lambda d: h.many_defined_names(d, 25_000), "defined names"),
        (lambda d: h.many_styles(d, 80_000), "cell styles"),
        (lambda d: h.extra_rows(d, h.sheet_member(d, 2), 120_000), "rows"),
        (lambda d: h.extra_rows(d, h.sheet_member(d, 2), 300, 1_000), "cells"),
    ],
)
def test_counts_past_the_limits_are_refused_in_seconds(
    valid: bytes, damage: object, what: str
) -> None:
    assert callable(damage)
    data = damage(valid)
    start = time.monotonic()
    result = refused(data)
    assert time.monotonic() - start < 5
    assert result.rule == "hostile-file" and what in result.message


def test_extra_defined_names_within_the_limit_are_read_quickly(valid: bytes) -> None:
    data = h.many_defined_names(valid, 19_000)
    start = time.monotonic()
    assert isinstance(read(data), ReturnedScores)
    assert time.monotonic() - start < 5


def test_a_defined_name_given_twice_is_refused_naming_it(valid: bytes) -> None:
    result = refused(h.duplicate_name(valid, "S.B1.CV1", "'Bidder B1'!$H$40"))
    assert result.rule == "hostile-file" and "S.B1.CV1 twice" in result.message
    assert result.place is not None and result.place.name == "S.B1.CV1"


def test_a_defined_name_given_twice_in_another_case_is_refused(valid: bytes) -> None:
    """Excel compares names ignoring case."""
    data = h.duplicate_name(valid, "S.B1.CV1")
    data = h.edit_workbook_xml(
        data, lambda xml: xml.replace('name="S.B1.CV1"', 'name="s.b1.cv1"', 1)
    )
    assert refused(data).rule == "hostile-file"


def test_two_rows_with_one_number_are_refused(valid: bytes) -> None:
    result = refused(h.duplicate_first_row(valid, h.sheet_member(valid, 2)))
    assert result.rule == "hostile-file" and "two rows numbered" in result.message


def test_two_cells_with_one_reference_are_refused(valid: bytes) -> None:
    result = refused(h.duplicate_first_cell(valid, h.sheet_member(valid, 2)))
    assert result.rule == "hostile-file" and "two cells" in result.message


def test_a_dtd_in_utf16_without_a_byte_order_mark_is_refused(valid: bytes) -> None:
    for member in ("xl/styles.xml", "xl/workbook.xml", h.sheet_member(valid, 1)):
        result = refused(h.with_dtd(valid, member, "utf-16-le"))
        assert result.rule == "hostile-file" and "DTD" in result.message, member
        result = refused(h.with_dtd(valid, member, "utf-16-be"))
        assert result.rule == "hostile-file", member


def test_xml_in_an_encoding_office_never_writes_is_refused(valid: bytes) -> None:
    parts = h.members(valid)
    text = parts["xl/styles.xml"].decode("utf-8")
    body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
    utf7 = ('<?xml version="1.0" encoding="UTF-7"?>' + body).encode("utf-8")
    result = refused(h.zipped([(n, utf7 if n == "xl/styles.xml" else b) for n, b in parts.items()]))
    assert result.rule == "hostile-file" and "UTF-7".lower() in result.message.lower()


@pytest.mark.parametrize(
    "name", ["../../evil.xml", "/etc/evil.xml", "xl\\..\\evil.xml", "C:/x.xml"]
)
def test_a_member_path_outside_the_package_is_refused(valid: bytes, name: str) -> None:
    result = refused(h.add_member(valid, name, b"<a/>"))
    assert result.rule == "hostile-file" and "outside the package" in result.message


def test_two_members_of_one_name_are_refused(valid: bytes) -> None:
    assert refused(h.duplicate_member(valid, "xl/workbook.xml")).rule == "hostile-file"


def test_a_member_claiming_a_huge_size_is_refused(valid: bytes) -> None:
    assert refused(h.file_size_claim(valid, 3, 10**8)).rule == "hostile-file"


def test_malformed_xml_names_its_part_and_line(valid: bytes) -> None:
    data = h.edit_member(valid, "xl/styles.xml", lambda xml: xml.replace("</styleSheet>", ""))
    result = refused(data)
    assert result.rule == "not-a-workbook" and "xl/styles.xml" in result.message
    assert "line" in result.message


def test_an_array_formula_is_shown_by_its_text_the_same_every_time(valid: bytes) -> None:
    """The message quotes the formula, never an object's repr with its memory address."""
    data = h.with_values(valid, {"S.B1.CV1": ArrayFormula("A1", "=SUM(1,2)")})
    first, second = read(data), read(data)
    assert isinstance(first, ReturnedScores) and isinstance(second, ReturnedScores)
    entry = first.scores[("B1", "CV1")].entry
    assert entry == Entry(value="{=SUM(1,2)}", formula=True)
    assert first.fingerprint() == second.fingerprint()


def test_a_scan_limit_can_be_lowered() -> None:
    """scan_parts refuses at the first count over its limits (here, three names)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        names = "".join(f'<definedName name="n{i}">S!$A$1</definedName>' for i in range(4))
        archive.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<definedNames>{names}</definedNames></workbook>",
        )
    with pytest.raises(HostileFile, match="3 defined names"):
        scan_parts(out.getvalue(), PartLimits(max_defined_names=3))


# --- what an evaluator typed ------------------------------------------------------------

SCALE = NamedScale.model_validate(NAMED_0_5 | {"half_points": True})


@pytest.mark.parametrize(
    "text", ["\u200b", "\u200b\u200c\u2060\ufeff", "\u00ad", "\u3000\u200b", "...", "\u0301"]
)
def test_a_rationale_with_nothing_to_read_is_missing(text: str) -> None:
    result = judge_rationale(Entry(value=text))
    assert not isinstance(result, str) and result.rule == "rationale-missing"


@pytest.mark.parametrize(
    "text", ["\u0663", "\uff13", "3.00000000000000000001", "3.00001", "1" * 20]
)
def test_score_text_in_other_digits_or_too_precise_is_not_a_number(text: str) -> None:
    result = judge_score(Entry(value=text), SCALE)
    assert not isinstance(result, float) and result.rule == "score-not-a-number"
    assert "digits 0-9" in result.message


@pytest.mark.parametrize(
    ("text", "score"), [("3", 3.0), (" 2.5 ", 2.5), ("3.0000", 3.0), ("+4", 4.0)]
)
def test_plain_score_text_still_counts(text: str, score: float) -> None:
    assert judge_score(Entry(value=text), SCALE) == score
