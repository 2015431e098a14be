"""The report's charts: the same figures give the same PNG bytes, with no tool name or date."""

from __future__ import annotations

import struct
import zlib

from tenderkit.templates.word.charts import spreads_chart, totals_chart
from tenderkit.templates.word.decision_content import BidFigures, SpreadPoint


def bid(bidder: str, quality: float, price_score: float | None, total: float | None) -> BidFigures:
    return BidFigures(
        bidder, f"{bidder} Ltd", quality, 100.0, price_score, None, total, 1, "ranked", False,
        (), (), (), "",
    )  # fmt: skip


BIDS = [bid("B1", 45.0, 36.36, 81.36), bid("B2", 32.4, 40.0, 72.4), bid("B3", 32.4, None, None)]
SPREADS = [
    SpreadPoint("B1", "CV1", 2, 4, 2, True),
    SpreadPoint("B2", "CV1", 1, 2, 1, False),
]


def text_chunks(png: bytes) -> dict[bytes, bytes]:
    """The tEXt/iTXt/zTXt chunks of a PNG, by keyword."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    found: dict[bytes, bytes] = {}
    position = 8
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + length]
        assert (
            zlib.crc32(kind + body)
            == struct.unpack(">I", png[position + 8 + length : position + 12 + length])[0]
        )
        if kind in (b"tEXt", b"iTXt", b"zTXt"):
            keyword, _, value = body.partition(b"\0")
            found[keyword] = value
        position += 12 + length
    return found


def test_the_same_figures_give_the_same_png_bytes() -> None:
    assert totals_chart(BIDS).png == totals_chart(list(BIDS)).png
    assert spreads_chart(SPREADS, 2).png == spreads_chart(list(SPREADS), 2).png
    assert totals_chart(BIDS).png != totals_chart(BIDS[:1]).png


def test_the_pngs_carry_no_software_name_or_date() -> None:
    for chart in (totals_chart(BIDS), spreads_chart(SPREADS, 2)):
        chunks = text_chunks(chart.png)
        assert b"Software" not in chunks and b"Creation Time" not in chunks


def test_the_alt_text_states_the_figures_drawn() -> None:
    totals = totals_chart(BIDS).alt_text
    assert "B1 B1 Ltd: total 81.36 (quality 45.00, price 36.36)" in totals
    assert "Not shown, having no total: B3." in totals
    spreads = spreads_chart(SPREADS, 2).alt_text
    assert "threshold of 2" in spreads and "1 pair(s) reach the threshold: B1 CV1." in spreads
