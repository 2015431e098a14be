"""Excel defined names and sheet names built from tender ids: the one shared sanitiser.

Every cell tenderkit reads back is a workbook-level defined name such as `S.B1.CV1`
(prefix, then ids, joined by `.`). Excel allows letters, digits, `_` and `.` in a name, the
first character a letter or `_`, at most 255 characters, compared without regard to case,
and a name must not read as a cell reference (`B1`, `XFD1048576`, `R1C1`, `R`, `C`).

Mapping of an id part (injective, so two different ids never give the same name):
- ASCII letters and digits are kept as they are;
- every other character, including `_` and `.`, becomes `_` and four upper-case hex digits
  of its UTF-16 code unit(s): `-` -> `_002D`, `_` -> `_005F`, `é` -> `_00E9`.
Because `_` only ever starts a five-character escape, and `.` only ever separates parts,
the name can be split back into its parts without ambiguity. Names are compared ignoring
case, so ids that differ only in case collide; `check_unique` reports that.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from tenderkit.errors import InputError

MAX_NAME = 255
MAX_SHEET = 31

_KEEP = re.compile(r"[A-Za-z0-9]")
# Names that Excel would read as a cell in A1 (up to column XFD) or R1C1 notation.
_A1 = re.compile(r"^[A-Za-z]{1,3}[0-9]+$")
_R1C1 = re.compile(r"^(?:[Rr][0-9]*)?(?:[Cc][0-9]*)?$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _escape(char: str) -> str:
    data = char.encode("utf-16-be")
    return "".join(f"_{int.from_bytes(data[i : i + 2], 'big'):04X}" for i in range(0, len(data), 2))


def name_part(value: str) -> str:
    """One id as it appears inside a defined name (see the module docstring)."""
    if not value:
        raise ValueError("an id in a defined name cannot be empty")
    if value.isascii() and value.isalnum():
        return value  # the usual id (B12, CV1) needs no escape: skip the per-character scan
    return "".join(c if _KEEP.fullmatch(c) else _escape(c) for c in value)


def looks_like_reference(name: str) -> bool:
    return bool(_A1.match(name) or _R1C1.match(name))


def excel_name(prefix: str, *ids: str) -> str:
    """The defined name for prefix and ids, e.g. `excel_name("S", "B1", "CV1")` -> `S.B1.CV1`.

    The prefix is tenderkit's own (`S`, `R`, `COI`, ...): letters only. ValueError if the
    result would be invalid (too long); prefixes are chosen so it never reads as a cell.
    """
    if not prefix.isascii() or not prefix.isalpha():
        raise ValueError(f"a name prefix is ASCII letters only, got {prefix!r}")
    name = ".".join([prefix, *[name_part(i) for i in ids]])
    # A name with ids holds a `.`, which no cell reference does: only a bare prefix can read as one.
    if not ids and looks_like_reference(name):
        name = "_" + name
    if len(name) > MAX_NAME:
        raise ValueError(f"defined name {name[:40]}... is longer than {MAX_NAME} characters")
    return name


def check_unique(names: Iterable[str]) -> None:
    """InputError if two names are equal ignoring case (Excel would treat them as one)."""
    seen: dict[str, str] = {}
    for name in names:
        key = name.casefold()
        if key in seen:
            raise InputError(
                f"defined names {seen[key]!r} and {name!r} would be the same name in Excel "
                "(names ignore case); make the ids differ by more than case"
            )
        seen[key] = name


def sheet_name(title: str) -> str:
    """A valid sheet name: forbidden characters replaced, at most 31 characters."""
    cleaned = _SHEET_FORBIDDEN.sub("_", title).strip("'") or "Sheet"
    return cleaned[:MAX_SHEET]


def quote_sheet(sheet: str) -> str:
    """The sheet as written in a reference: `'Bidder B1'` (quotes doubled inside)."""
    return "'" + sheet.replace("'", "''") + "'"


def cell_ref(sheet: str, row: int, col: int) -> str:
    """Absolute reference to a 0-based (row, col): `'Bidder B1'!$C$12`."""
    return f"{quote_sheet(sheet)}!${column_letter(col)}${row + 1}"


def range_ref(sheet: str, first: tuple[int, int], last: tuple[int, int]) -> str:
    """Absolute reference to a 0-based rectangle: `'Bidder B1'!$A$5:$C$14`."""
    return (
        f"{quote_sheet(sheet)}!${column_letter(first[1])}${first[0] + 1}"
        f":${column_letter(last[1])}${last[0] + 1}"
    )


@functools.lru_cache(maxsize=1024)
def column_letter(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
