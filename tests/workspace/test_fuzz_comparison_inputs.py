"""Fuzzing what `tender compare` reads besides the returns: prices.csv and moderation.xlsx.

Whatever the damage, reading ends in prices or in problems named by file (and row), or in
one tenderkit error naming the moderation workbook; never in another exception, and never
in a damaged moderation workbook read as if it were whole. Bounded and derandomized in CI;
`TENDERKIT_FUZZ_EXAMPLES` runs it longer, as for the collector.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenderkit.errors import TenderkitError
from tenderkit.workspace.moderation import read_moderation
from tenderkit.workspace.prices import parse_prices
from tenderkit.workspace.tender import open_tender
from tests.support import hostile as h
from tests.support.results import collected_example

EXAMPLES = int(os.environ.get("TENDERKIT_FUZZ_EXAMPLES", "60"))
BIDDERS = {"B1": "Example Care Ltd", "B2": "Sample Health CIC", "B3": "Third Way CIC"}
GOOD = b"bidder,price\nB1,110000\nB2,100000\nB3,90000.50\n"

SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

CSV_PIECES = st.sampled_from(
    [b",", b"\n", b"\r\n", b'"', b"\xef\xbb\xbf", b"\xff", b"\x00", b";", b"\xa3", b"1,000",
     b"-5", b"0", b"1e400", b"nan", b"B1", b"B9", b"price", b"bidder", b" ", b"#", b"\t"]
)  # fmt: skip


@st.composite
def damaged_prices(draw: st.DrawFn) -> bytes:
    data = bytearray(GOOD)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            data[at:at] = draw(CSV_PIECES)
        else:
            del data[at : at + draw(st.integers(1, 8))]
    return bytes(data)


@SETTINGS
@given(data=st.one_of(damaged_prices(), st.binary(max_size=400)))
def test_any_prices_file_gives_prices_or_named_problems(data: bytes) -> None:
    """Every outcome is a full price list or problems naming prices.csv; nothing raises."""
    result = parse_prices(data, "prices.csv", BIDDERS)
    if result.problems:
        assert all(str(p.location.file) == "prices.csv" for p in result.problems)
    else:
        assert set(result.prices) == set(BIDDERS)
        assert all(p > 0 for p in result.prices.values())


@pytest.fixture(scope="module")
def moderated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An example tender collected, ready to moderate."""
    return collected_example(tmp_path_factory.mktemp("fuzzmod") / "tender")


@pytest.fixture(scope="module")
def moderation_bytes(moderated: Path) -> bytes:
    from tenderkit.templates.excel.workbook_fill import fill_named_cells
    from tenderkit.workspace.moderate import issue_moderation
    from tests.support.results import COLLECTED_AT

    issued = issue_moderation(open_tender(moderated), COLLECTED_AT, COLLECTED_AT)
    values: dict[str, str | int | float | None] = {}
    for line in issued.workbook.lines:
        values[line.consensus.name] = 3
        values[line.note.name] = "The bid meets the descriptor for a 3 with evidence from staff."
    data = fill_named_cells(issued.path.read_bytes(), values)
    issued.path.write_bytes(data)
    return data


DAMAGES = st.sampled_from(["bit-flip", "truncate", "delete-name", "repoint-name", "duplicate"])


@SETTINGS
@given(kind=DAMAGES, where=st.integers(0, 10**6), bit=st.integers(0, 7))
def test_a_damaged_moderation_workbook_is_refused_with_one_named_error(
    moderated: Path,
    moderation_bytes: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    kind: str,
    where: int,
    bit: int,
) -> None:
    """A damaged moderation.xlsx reads whole only if its consensus is still what was entered."""
    original = moderation_bytes
    names = [n for n in h.defined_names(original) if n.startswith(("C.", "N."))]
    if kind == "bit-flip":
        data = h.flip_bit(original, where % len(original), bit)
    elif kind == "truncate":
        data = original[: where % len(original)]
    elif kind == "delete-name":
        data = h.delete_name(original, names[where % len(names)])
    elif kind == "repoint-name":
        name, other = names[where % len(names)], names[(where + 1) % len(names)]
        data = h.repoint_name(original, name, h.target_of(original, other))
    else:
        data = h.duplicate_member(original, sorted(h.members(original))[where % 8], None)
    root = tmp_path_factory.mktemp("case") / "tender"
    shutil.copytree(moderated, root)
    (root / "moderation.xlsx").write_bytes(data)
    try:
        record = read_moderation(open_tender(root))
    except TenderkitError as exc:
        assert "moderation.xlsx" in str(exc)
        return
    # Only a bit flip the archive survives unchanged in meaning may read whole, and then
    # every consensus is the one entered; cut, re-pointed, deleted or doubled parts never.
    assert kind == "bit-flip", kind
    assert set(record.consensus.values()) == {3}
    assert len(record.consensus) == len([n for n in names if n.startswith("C.")])
