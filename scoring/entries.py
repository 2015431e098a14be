"""Judging what an evaluator typed: a score, a rationale, a conflict-of-interest declaration.

Each function takes one `Entry` (the value read from a named cell, as plain data) and
decides whether it stands, returning the accepted value or a `Flaw` (a rule id and a
sentence). Nothing here knows about files or cells; the caller adds the place.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from tenderkit.rubrics.scale import NamedScale, RangeScale, allowed_scores, is_allowed

#: What a spreadsheet cell can hold once read: text, a number, a truth value, a date, a time,
#: a duration (a number formatted as one) or nothing.
CellValue = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None

NO_CONFLICT = "No conflict"
CONFLICT = "Conflict"
DECLARATION_CHOICES = (NO_CONFLICT, CONFLICT)

#: A number typed as text: ASCII digits only (Python's \d would take Arabic-Indic or
#: full-width digits, which Excel never reads as a number), at most MAX_DECIMALS places.
MAX_DECIMALS = 4
_NUMBER_TEXT = re.compile(
    rf"^[+-]?(?:[0-9]{{1,6}}(?:\.[0-9]{{0,{MAX_DECIMALS}}})?|\.[0-9]{{1,{MAX_DECIMALS}}})$"
)


@dataclass(frozen=True)
class Entry:
    """A value read back from a named cell.

    `formula` is true when the cell holds a formula (value is its text, e.g. "=A1+1");
    `error` is an Excel error such as "#N/A"; `present` is false when the defined name is
    missing or no longer points at a cell (e.g. the row was deleted).
    """

    value: CellValue = None
    formula: bool = False
    error: str | None = None
    present: bool = True


@dataclass(frozen=True)
class Flaw:
    """Why an entry does not stand: a stable rule id and a sentence for the evaluator."""

    rule: str
    message: str


class Declaration(StrEnum):
    NO_CONFLICT = "no-conflict"
    CONFLICT = "conflict"


#: Characters that show nothing: format controls (zero-width space, joiners, BOM, soft
#: hyphen), controls, separators (spaces of every width) and unassigned or private code points.
_INVISIBLE = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zs", "Zl", "Zp"})


def is_invisible(text: str) -> bool:
    """Whether text shows nothing when printed: empty, or only invisible characters."""
    return all(unicodedata.category(c) in _INVISIBLE or c.isspace() for c in text)


def _is_blank(entry: Entry) -> bool:
    return entry.value is None or (isinstance(entry.value, str) and is_invisible(entry.value))


def _says_something(text: str) -> bool:
    """A rationale must hold at least one letter or digit (combining marks alone do not)."""
    return any(unicodedata.category(c)[0] in "LN" for c in text)


def is_entered(entry: Entry) -> bool:
    """Whether the evaluator put anything in the cell: a value that is not blank, or a formula."""
    return entry.present and (entry.formula or not _is_blank(entry))


def _describe(value: CellValue) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}"
    if isinstance(value, bool):
        return f"the truth value {str(value).upper()}"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return f"a date or time ({value.isoformat()}: is the cell formatted as a date?)"
    if isinstance(value, dt.timedelta):
        return f"a duration ({value}: is the cell formatted as a time?)"
    if isinstance(value, int | float):
        return f"the number {format_score(value)}" if math.isfinite(value) else "an invalid number"
    return repr(value)


def format_score(score: float) -> str:
    return f"{score:g}"


def scale_range(scale: NamedScale | RangeScale) -> str:
    return f"{format_score(scale.minimum)}–{format_score(scale.maximum)}"


def _missing_name(kind: str) -> Flaw:
    return Flaw(
        "name-missing",
        f"the {kind} cell's defined name is missing or no longer points at a cell "
        "(was its row or sheet deleted?); re-enter it in a freshly issued workbook",
    )


def judge_score(entry: Entry, scale: NamedScale | RangeScale) -> float | Flaw:
    """The score if it is a number on the scale and on an allowed step, else the flaw."""
    if not entry.present:
        return _missing_name("score")
    if entry.formula:
        return Flaw("score-formula", f"holds a formula ({entry.value}); type the score itself")
    if entry.error is not None:
        return Flaw("score-not-a-number", f"holds the error {entry.error}, not a score")
    if _is_blank(entry):
        return Flaw("score-missing", "no score given")
    value = entry.value
    number: float | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and _NUMBER_TEXT.match(value.strip()):
        # A number typed into a cell formatted as text: the intent is unambiguous.
        number = float(Decimal(value.strip()))
    if number is None or not math.isfinite(number):
        hint = (
            f" (a score typed as text is read only in the digits 0-9, with at most "
            f"{MAX_DECIMALS} decimal places)"
            if isinstance(value, str) and any(c.isdigit() for c in value)
            else ""
        )
        return Flaw("score-not-a-number", f"holds {_describe(value)}, not a number{hint}")
    if not scale.minimum <= number <= scale.maximum:
        return Flaw(
            "score-outside-scale",
            f"score {format_score(number)} is outside the scale {scale_range(scale)}",
        )
    if not is_allowed(scale, number):
        allowed = ", ".join(format_score(s) for s in allowed_scores(scale))
        if len(allowed) > 60:
            allowed = (
                f"{'halves' if scale.half_points else 'whole numbers'} from {scale_range(scale)}"
            )
        return Flaw(
            "score-off-step",
            f"score {format_score(number)} is not an allowed score (allowed: {allowed})",
        )
    return number


def judge_rationale(entry: Entry) -> str | Flaw:
    """The rationale text, or the flaw (checked only where a score was given)."""
    if not entry.present:
        return _missing_name("rationale")
    if entry.formula:
        return Flaw(
            "rationale-formula",
            f"was read as a formula ({entry.value}); start the text with an apostrophe or reword it",
        )
    if entry.error is not None:
        return Flaw(
            "rationale-missing",
            f"holds the error {entry.error}, not a rationale; write what earns the score",
        )
    if _is_blank(entry):
        return Flaw(
            "rationale-missing", "a score was given without a rationale; every score needs one"
        )
    if not isinstance(entry.value, str):
        # A number, truth value or date explains nothing, and its text would not be what the
        # evaluator saw (FALSE is read as False, a date as its serial's ISO form).
        return Flaw(
            "rationale-missing",
            f"holds {_describe(entry.value)}, not a written rationale; write what earns the score",
        )
    if not _says_something(entry.value):
        return Flaw(
            "rationale-missing",
            "holds no letter or digit (only punctuation, symbols or invisible characters); "
            "write what earns the score",
        )
    return entry.value.strip()


def judge_declaration(entry: Entry) -> Declaration | Flaw:
    """The conflict-of-interest declaration, or the flaw that stops the bidder's scores counting."""
    if not entry.present:
        return _missing_name("declaration")
    if entry.formula:
        return Flaw("declaration-invalid", f"holds a formula ({entry.value}); choose from the list")
    if entry.error is not None:
        return Flaw(
            "declaration-invalid",
            f"holds the error {entry.error}; choose {NO_CONFLICT!r} or {CONFLICT!r} from the list",
        )
    if _is_blank(entry):
        return Flaw(
            "declaration-missing",
            "no conflict-of-interest declaration; scores for this bidder cannot count until "
            f"it says {NO_CONFLICT!r} or {CONFLICT!r}",
        )
    # Case and spacing do not change the choice (a pasted "No\u00a0conflict" included).
    text = " ".join(str(entry.value).split()).casefold()
    if text == NO_CONFLICT.casefold():
        return Declaration.NO_CONFLICT
    if text == CONFLICT.casefold():
        return Declaration.CONFLICT
    return Flaw(
        "declaration-invalid",
        f"holds {_describe(entry.value)}; choose {NO_CONFLICT!r} or {CONFLICT!r} from the list",
    )
