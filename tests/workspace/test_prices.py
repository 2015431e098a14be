"""Reading prices.csv: plain prices accepted, every problem reported at once with its row."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tenderkit.hashing import file_sha256
from tenderkit.workspace.prices import PriceList, parse_prices, read_prices

BIDDERS = {"B1": "Example Care Ltd", "B2": "Sample Health CIC", "B3": "Third Way Ltd"}


def parse(text: str, bidders: dict[str, str] | None = None) -> PriceList:
    return parse_prices(text.encode("utf-8"), "prices.csv", bidders or BIDDERS)


def lines(result: PriceList) -> list[str]:
    return [str(p) for p in result.problems]


def test_plain_prices_are_read_exactly() -> None:
    """Prices are kept as the decimals written, with no float rounding."""
    result = parse("bidder,price\nB1,125000.50\nB2,118400\nB3,0.10\n")
    assert result.problems == ()
    assert result.prices == {
        "B1": Decimal("125000.50"),
        "B2": Decimal("118400"),
        "B3": Decimal("0.10"),
    }


def test_a_byte_order_mark_blank_lines_spaces_and_crlf_are_accepted() -> None:
    """Excel's CSV UTF-8 (a BOM, CRLF line ends), blank lines and padded cells are read."""
    data = "\ufeffBidder , Price\r\n\r\n B1 , 100 \r\n,\r\nB2,200\r\n\r\nB3,300\r\n".encode()
    result = parse_prices(data, "prices.csv", BIDDERS)
    assert result.problems == ()
    assert result.prices == {"B1": Decimal(100), "B2": Decimal(200), "B3": Decimal(300)}


def test_lines_starting_with_a_hash_are_notes() -> None:
    """A note above or among the rows is ignored, and row numbers still count it."""
    result = parse(
        "# opened 2027-03-20 by the procurement lead\nbidder,price\nB1,1\n# B2 late\nB2,2\nB3,x\n"
    )
    assert result.prices == {"B1": Decimal(1), "B2": Decimal(2)}
    assert [p.location.cell for p in result.problems] == ["row 6"]


def test_every_problem_is_reported_at_once_with_its_row() -> None:
    """Unknown, repeated and badly priced rows are all reported, each naming file and row."""
    result = parse(
        "bidder,price\n"
        "B1,-5\n"  # row 2
        "B9,100\n"  # row 3
        "B1,100\n"  # row 4
        "B2,0\n"  # row 5
        "B3,cheap\n"  # row 6
    )
    assert lines(result) == [
        "prices.csv: row 2: [prices-price] the price -5 is negative; every bid price must be above 0",
        "prices.csv: row 3: [prices-bidder] unknown bidder 'B9'; tender.yaml lists B1, B2, B3",
        "prices.csv: row 4: [prices-duplicate] bidder B1 is given again (first on row 2); give "
        "one price per bidder",
        "prices.csv: row 5: [prices-price] the price is 0; every bid price must be above 0",
        "prices.csv: row 6: [prices-price] 'cheap' is not a number; expected a plain number "
        "such as 125000.50",
    ]
    assert result.prices == {}


def test_a_bidder_without_a_row_is_named() -> None:
    """Each bidder in tender.yaml that has no row is reported with its name."""
    result = parse("bidder,price\nB1,100\n")
    assert lines(result) == [
        "prices.csv: [prices-missing] no row for bidder B2 (Sample Health CIC)",
        "prices.csv: [prices-missing] no row for bidder B3 (Third Way Ltd)",
    ]


@pytest.mark.parametrize(
    ("row", "what"),
    [
        ("B1,125,000.50", "thousands separator"),
        ('B1,"125,000.50"', "thousands separator"),
        ("B1,125 000", "thousands separator"),
        ("B1,£125000", "currency sign"),
        ('B1,"£125,000"', "currency sign"),
        ("B1,125000 GBP", "currency sign"),
        ("B1,$99.99", "currency sign"),
    ],
)
def test_a_formatted_price_is_refused_saying_what_was_expected(row: str, what: str) -> None:
    """A separator or currency sign is refused, never guessed at, and the plain form is shown."""
    result = parse(f"bidder,price\n{row}\nB2,1\nB3,1\n")
    (problem,) = lines(result)
    assert problem.startswith("prices.csv: row 2: [prices-price]")
    assert what in problem and "expected a plain number such as 125000.50" in problem
    assert "B1" not in result.prices


@pytest.mark.parametrize("value", ["", "1e5", "12.5.1", "NaN", "Infinity", "0x10", "+5"])
def test_anything_but_a_plain_positive_number_is_refused(value: str) -> None:
    """Exponents, hex, signs and the names of non-numbers are not prices."""
    result = parse(f"bidder,price\nB1,{value}\nB2,1\nB3,1\n")
    (problem,) = lines(result)
    assert problem.startswith("prices.csv: row 2: [prices-price]")
    assert "expected a plain number such as 125000.50" in problem


def test_an_extra_column_is_reported() -> None:
    """A third column that is not part of a number is an error, not silently dropped."""
    result = parse("bidder,price\nB1,100,late\nB2,1\nB3,1\n")
    assert lines(result) == [
        "prices.csv: row 2: [prices-price] expected two columns, bidder and price; found 3"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("\n\n", "the file is empty"),
        ("name,amount\nB1,1\n", "row 1: [prices-header] the first row must be the header"),
        ("B1,100\nB2,200\n", "row 1: [prices-header] the first row must be the header"),
        ("bidder;price\nB1;1\n", "uses semicolons; separate the columns with commas"),
    ],
)
def test_a_file_that_is_not_a_price_list_gets_one_problem(text: str, message: str) -> None:
    """An empty file or a wrong header is one problem, not one per row."""
    (problem,) = lines(parse(text))
    assert message in problem


def test_text_that_is_not_utf8_is_refused() -> None:
    """A file saved in a legacy encoding is refused with the way to save it."""
    result = parse_prices("bidder,price\nB1,£5\n".encode("cp1252"), "prices.csv", BIDDERS)
    assert lines(result) == [
        "prices.csv: [prices-file] the file is not UTF-8 text; save it from the spreadsheet as "
        "CSV UTF-8"
    ]


def test_a_missing_file_is_one_problem(tmp_path: Path) -> None:
    result = read_prices(tmp_path / "prices.csv", "prices.csv", BIDDERS)
    (problem,) = lines(result)
    assert problem.startswith("prices.csv: [prices-file] the file is missing")


def test_a_huge_file_is_not_read_whole(tmp_path: Path) -> None:
    """A file far larger than any price list is refused by size."""
    path = tmp_path / "prices.csv"
    path.write_bytes(b"bidder,price\n" + b"B1,1\n" * 300_000)
    (problem,) = lines(read_prices(path, "prices.csv", BIDDERS))
    assert "larger than 1024 KiB" in problem


def test_the_file_is_hashed_as_it_was_read(tmp_path: Path) -> None:
    """The SHA-256 recorded in results.json is of the bytes the prices were read from."""
    path = tmp_path / "prices.csv"
    path.write_bytes(b"bidder,price\nB1,1\nB2,2\nB3,3\n")
    result = read_prices(path, "prices.csv", BIDDERS)
    assert result.problems == () and result.sha256 == file_sha256(path.read_bytes())


def test_a_nul_byte_is_shown_escaped() -> None:
    """A binary character in a price is reported, written so the terminal shows it."""
    result = parse_prices(b"bidder,price\nB1,1\x00\nB2,1\nB3,1\n", "prices.csv", BIDDERS)
    assert lines(result) == [
        "prices.csv: row 2: [prices-price] '1\\x00' is not a number; expected a plain number "
        "such as 125000.50"
    ]


def test_a_cell_too_large_for_csv_stops_at_its_row() -> None:
    """What the csv module cannot read is one problem at the row it reached, not a traceback."""
    data = b"bidder,price\nB1,1\nB2," + b"1" * 200_000 + b"\n"
    (problem,) = lines(parse_prices(data, "prices.csv", BIDDERS))
    assert problem.startswith("prices.csv: row 3: [prices-file] the file cannot be read as CSV")


def test_a_withdrawn_bidders_row_is_noted_and_not_used() -> None:
    """Sealed prices stay as opened: B3 withdrew, so their row is set aside, not required."""
    bidders = {"B1": "Example Care Ltd", "B2": "Sample Health CIC"}
    data = b"bidder,price\nB1,100000\nB2,125000\nB3,90000\n"
    result = parse_prices(data, "prices.csv", bidders, withdrawn=["B3"])
    assert result.problems == ()
    assert result.prices == {"B1": Decimal("100000"), "B2": Decimal("125000")}
    assert result.withdrawn == ("B3",)
    absent = parse_prices(b"bidder,price\nB1,1\nB2,2\n", "prices.csv", bidders, withdrawn=["B3"])
    assert absent.problems == () and absent.withdrawn == ()
