"""The comparison part of `tender demo`: synthetic sealed prices, then `tender compare`.

The prices are made up and `prices.csv` says so in its first line (a `#` note, which the
reader ignores); the award computed from them and the synthetic consensus is a
demonstration of the method, not a real decision.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tenderkit import fsio
from tenderkit.workspace.compare import compare_bids
from tenderkit.workspace.tender import OpenTender

COMPARED_AT = dt.datetime(2027, 3, 20, 10, 0, tzinfo=dt.UTC)
SYNTHETIC_PRICES = "SYNTHETIC DEMO PRICES"

#: Made-up bid prices for the demo's three bidders: close enough that price matters.
DEMO_PRICES = {"B1": "412500.00", "B2": "389950.00", "B3": "405000.00"}


def prices_text() -> str:
    rows = "".join(f"{bidder},{price}\n" for bidder, price in DEMO_PRICES.items())
    return (
        f"# {SYNTHETIC_PRICES}: not real bids. Written by `tender demo` to show the comparison.\n"
        f"bidder,price\n{rows}"
    )


def compare_demo(tender: OpenTender) -> list[Path]:
    """Write the demo's prices.csv, then compare: out/results.json and out/comparison.xlsx."""
    workspace = tender.workspace
    fsio.write_text(workspace.prices_csv, prices_text())
    compare_bids(tender, COMPARED_AT)
    return [workspace.prices_csv, workspace.results_json, workspace.comparison_xlsx]
