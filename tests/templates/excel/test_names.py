"""Defined names and sheet names built from ids by the one shared sanitiser."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenderkit.errors import InputError
from tenderkit.templates.excel.names import (
    cell_ref,
    check_unique,
    column_letter,
    excel_name,
    looks_like_reference,
    name_part,
    range_ref,
    sheet_name,
)

VALID_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]{0,254}$")
ids = st.text(min_size=1, max_size=12)


def test_plain_ids_are_kept_as_they_are() -> None:
    """The common case reads naturally: S.B1.CV1."""
    assert excel_name("S", "B1", "CV1") == "S.B1.CV1"
    assert excel_name("COI", "B1") == "COI.B1"


def test_other_characters_are_escaped_reversibly() -> None:
    """Hyphens, underscores, dots and accents become _XXXX escapes."""
    assert name_part("acme-care") == "acme_002Dcare"
    assert name_part("a_b") == "a_005Fb"
    assert name_part("v1.2") == "v1_002E2"
    assert name_part("Café") == "Caf_00E9"
    assert name_part("😀") == "_D83D_DE00"


@given(ids, ids, ids, ids)
def test_different_ids_never_give_the_same_name(a: str, b: str, c: str, d: str) -> None:
    """The mapping is injective: equal names mean equal ids."""
    if excel_name("S", a, b) == excel_name("S", c, d):
        assert (a, b) == (c, d)


@given(st.lists(ids, min_size=1, max_size=3))
def test_every_name_is_a_valid_excel_name(parts: list[str]) -> None:
    """Only letters, digits, _ and ., starting with a letter, and never a cell reference;
    ids that would escape to more than Excel's 255 characters are refused instead."""
    try:
        name = excel_name("R", *parts)
    except ValueError as exc:
        assert "longer than 255 characters" in str(exc)
        assert len(".".join(["R", *(name_part(p) for p in parts)])) >= 255
        return
    assert VALID_NAME.match(name)
    assert not looks_like_reference(name)


@pytest.mark.parametrize("reference", ["B1", "xfd1048576", "R1C1", "R", "C", "rc", "R2", "C10"])
def test_cell_references_are_recognised(reference: str) -> None:
    """Names Excel would read as a cell (A1 or R1C1 style) are recognised."""
    assert looks_like_reference(reference)


def test_a_bare_prefix_that_reads_as_a_cell_is_made_safe() -> None:
    """Even a prefix alone never yields a name that reads as a cell."""
    assert excel_name("R") == "_R"
    assert excel_name("C") == "_C"


def test_names_equal_ignoring_case_are_a_collision() -> None:
    """Excel ignores case in names, so S.b1.CV1 and S.B1.CV1 collide."""
    with pytest.raises(InputError, match="ignore case"):
        check_unique(["S.B1.CV1", "S.b1.CV1"])
    check_unique(["S.B1.CV1", "S.B2.CV1"])


def test_references_quote_sheet_names() -> None:
    """Cell and range references are absolute, with the sheet quoted."""
    assert cell_ref("Bidder B1", 11, 2) == "'Bidder B1'!$C$12"
    assert range_ref("O'Neil", (0, 0), (3, 27)) == "'O''Neil'!$A$1:$AB$4"
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_sheet_names_are_made_valid() -> None:
    """Characters Excel forbids in sheet names are replaced and the length capped."""
    assert sheet_name("Bidder a/b:c") == "Bidder a_b_c"
    assert len(sheet_name("x" * 40)) == 31
