"""Reading `prices.csv`: the sealed bid prices, one row per bidder, opened only by `tender compare`.

The file is what a procurement lead saves from a spreadsheet as CSV:

```
bidder,price
B1,125000.50
B2,118400
```
A UTF-8 byte-order mark (Excel's "CSV UTF-8") is accepted, blank lines and lines starting
with `#` (a note such as who opened the prices, and when) are ignored, and cells are
trimmed. Every problem is reported at once, each with the file and row (the row
number a spreadsheet shows, the header being row 1): an unknown, missing or repeated bidder,
a negative, zero or non-numeric price, and a price written with a thousands separator or a
currency sign, which is refused rather than guessed at (`125,000` could be a typing slip
for `125.000`): a price is a plain number such as 125000.50.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from tenderkit.errors import Location
from tenderkit.findings import Finding
from tenderkit.hashing import file_sha256

HEADER = ("bidder", "price")
#: A price file is a few lines; anything far larger is not one.
MAX_BYTES = 1024 * 1024
EXPECTED = "a plain number such as 125000.50"

_PLAIN = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_NEGATIVE = re.compile(r"^-\s*[0-9]+(?:\.[0-9]+)?$")
_CURRENCY = re.compile(r"[£$€¥]|\b(?:GBP|EUR|USD)\b", re.IGNORECASE)
_NUMERIC = re.compile(r"^[0-9][0-9. ]*$")
_GROUPED = re.compile(r"^-?[0-9]{1,3}(?:[, \u00a0'][0-9]{3})+(?:\.[0-9]+)?$")


@dataclass(frozen=True)
class PriceList:
    """The prices read (bidder id -> price), every problem found (in file order), and the
    SHA-256 of the bytes they were read from (None when the file could not be read)."""

    prices: dict[str, Decimal] = field(default_factory=dict)
    problems: tuple[Finding, ...] = ()
    sha256: str | None = None
    #: Bidders who withdrew whose row is in the file: read, never used.
    withdrawn: tuple[str, ...] = ()


def read_prices(
    path: Path, label: str, bidders: Mapping[str, str], withdrawn: Collection[str] = ()
) -> PriceList:
    """Read `prices.csv` at path (named `label` in messages) for the tender's bidders (id -> name).

    A row for a bidder in `withdrawn` may stay in the sealed file; it is noted, not used."""
    where = Location(file=label)
    if not path.is_file():
        return PriceList(
            problems=(
                _problem(
                    where,
                    "prices-file",
                    "the file is missing; it needs a header `bidder,price` and one row per bidder",
                ),
            )
        )
    with path.open("rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    parsed = parse_prices(data, label, bidders, withdrawn)
    if len(data) > MAX_BYTES:
        return parsed
    return replace(parsed, sha256=file_sha256(data))


def parse_prices(
    data: bytes, label: str, bidders: Mapping[str, str], withdrawn: Collection[str] = ()
) -> PriceList:
    """The prices in a CSV file's bytes; see the module docstring for what is accepted."""
    where = Location(file=label)
    if len(data) > MAX_BYTES:
        return _refused(
            where, f"the file is larger than {MAX_BYTES // 1024} KiB; it is not a price list"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _refused(
            where, "the file is not UTF-8 text; save it from the spreadsheet as CSV UTF-8"
        )
    read, stopped = _numbered_rows(text)
    if stopped is not None:
        number, reason = stopped
        return _refused(_row(label, number), f"the file cannot be read as CSV here: {reason}")
    rows = [
        (number, [cell.strip() for cell in row])
        for number, row in read
        if any(cell.strip() for cell in row) and not row[0].lstrip().startswith("#")
    ]
    if not rows:
        return _refused(
            where, "the file is empty; it needs a header `bidder,price` and one row per bidder"
        )
    header_row, header = rows[0]
    header_problem = _header_problem(header)
    if header_problem is not None:
        return _refused(_row(label, header_row), header_problem, rule="prices-header")

    prices: dict[str, Decimal] = {}
    first_row: dict[str, int] = {}
    problems: list[Finding] = []
    set_aside: list[str] = []
    known = ", ".join(bidders)
    for number, cells in rows[1:]:
        place = _row(label, number)
        bidder, price_cells = cells[0], cells[1:]
        if bidder in withdrawn and bidder not in bidders:
            if bidder not in set_aside:
                set_aside.append(bidder)
            continue
        if not bidder:
            problems.append(_problem(place, "prices-bidder", "no bidder id in the bidder column"))
        elif bidder not in bidders:
            problems.append(
                _problem(
                    place,
                    "prices-bidder",
                    f"unknown bidder {bidder!r}; tender.yaml lists {known}",
                )
            )
            bidder = ""
        elif bidder in first_row:
            problems.append(
                _problem(
                    place,
                    "prices-duplicate",
                    f"bidder {bidder} is given again (first on row {first_row[bidder]}); give "
                    "one price per bidder",
                )
            )
            bidder = ""
        else:
            first_row[bidder] = number
        price, message = _price(price_cells)
        if message is not None:
            problems.append(_problem(place, "prices-price", message))
        elif bidder and price is not None:
            prices[bidder] = price
    for bidder_id, name in bidders.items():
        if bidder_id not in first_row:
            problems.append(
                _problem(where, "prices-missing", f"no row for bidder {bidder_id} ({name})")
            )
    return PriceList(prices, tuple(problems), withdrawn=tuple(set_aside))


def _numbered_rows(text: str) -> tuple[Sequence[tuple[int, list[str]]], tuple[int, str] | None]:
    """(row number, cells) for each row, and where and why reading stopped, if it did."""
    reader = csv.reader(io.StringIO(text, newline=""))
    out: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            out.append((reader.line_num, row))
    except csv.Error as exc:
        return out, (reader.line_num, str(exc))
    return out, None


def _header_problem(header: list[str]) -> str | None:
    names = tuple(cell.casefold() for cell in header)
    if names == HEADER:
        return None
    if len(header) == 1 and ";" in header[0]:
        return (
            f"the header {header[0]!r} uses semicolons; separate the columns with commas: "
            "`bidder,price`"
        )
    return f"the first row must be the header `bidder,price`; found {','.join(header)!r}"


def _price(cells: list[str]) -> tuple[Decimal | None, str | None]:
    """The price in the row's remaining cells, or why it is not one."""
    if not cells or (len(cells) == 1 and not cells[0]):
        return None, f"no price; expected {EXPECTED}"
    joined = ",".join(cells)
    if len(cells) > 1:
        # An unquoted 125,000.50 splits into two cells: a thousands separator, not a third column.
        if _GROUPED.match(joined) or _CURRENCY.search(joined) or all(map(_NUMERIC.match, cells)):
            return None, _format_message(joined)
        return None, f"expected two columns, bidder and price; found {len(cells) + 1}"
    value = cells[0]
    if _PLAIN.match(value):
        price = Decimal(value)
        if price == 0:
            return None, "the price is 0; every bid price must be above 0"
        return price, None
    if _NEGATIVE.match(value):
        return None, f"the price {value} is negative; every bid price must be above 0"
    if _CURRENCY.search(value) or _GROUPED.match(value) or "," in value or " " in value:
        return None, _format_message(value)
    return None, f"{value!r} is not a number; expected {EXPECTED}"


def _format_message(value: str) -> str:
    if _CURRENCY.search(value):
        return f"the price {value!r} has a currency sign; expected {EXPECTED}"
    return f"the price {value!r} has a thousands separator; expected {EXPECTED}"


def _row(label: str, number: int) -> Location:
    return Location(file=label, cell=f"row {number}")


def _problem(where: Location, rule: str, message: str) -> Finding:
    return Finding(where, rule, message)


def _refused(where: Location, message: str, rule: str = "prices-file") -> PriceList:
    return PriceList(problems=(_problem(where, rule, message),))
