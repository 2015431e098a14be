"""The evaluation report's charts as PNG images, drawn with matplotlib, the same bytes every time.

Drawn with the Agg renderer on a figure of its own (no pyplot, no global state), at a fixed
size and resolution, in DejaVu Sans (shipped with matplotlib, so no system font decides the
look), with no software name or date written into the PNG. The same figures give the same
bytes on the same matplotlib release. Each chart comes with its alt text, which states the
figures it shows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from tenderkit.templates.word.decision_content import BidFigures, SpreadPoint, points, score_text

DPI = 150
WIDTH_INCHES = 6.5
_STYLE: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.hashsalt": "tenderkit",
    "path.simplify": False,
}
#: NHS blue and a paler blue; flagged spreads in NHS warm yellow, with hatching so the
#: difference does not rest on colour alone.
QUALITY_COLOUR = "#005EB8"
PRICE_COLOUR = "#41B6E6"
SPREAD_COLOUR = "#768692"
FLAGGED_COLOUR = "#FFB81C"


@dataclass(frozen=True)
class Chart:
    png: bytes
    alt_text: str


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def totals_chart(bids: Sequence[BidFigures]) -> Chart:
    """Each bid's quality points and price score, stacked to its total (bids with a total)."""
    shown = [b for b in bids if b.total is not None]
    with rc_context(_STYLE):
        height = 1.6 + 0.5 * max(len(shown), 1)
        figure = Figure(figsize=(WIDTH_INCHES, height))
        axes = figure.add_subplot()
        labels = [f"{b.id} {b.name}" for b in shown][::-1]
        quality = [b.quality for b in shown][::-1]
        price = [b.price_score or 0.0 for b in shown][::-1]
        totals = [b.total or 0.0 for b in shown][::-1]
        axes.barh(labels, quality, color=QUALITY_COLOUR, label="Quality points")
        axes.barh(labels, price, left=quality, color=PRICE_COLOUR, label="Price score")
        for y, total in enumerate(totals):
            axes.text(total + 0.8, y, points(total), va="center")
        axes.set_xlim(0, 110)
        axes.set_xlabel("Points out of 100")
        axes.set_title("Total score of each bid")
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, frameon=False)
        figure.tight_layout()
        png = _png(figure)
    parts = [
        f"{b.id} {b.name}: total {points(b.total)} (quality {points(b.quality)}, price "
        f"{points(b.price_score)})"
        for b in shown
    ]
    left_out = [b.id for b in bids if b.total is None]
    alt = "Bar chart of each bid's total score out of 100, quality and price stacked. " + (
        "; ".join(parts) + "." if parts else "No bid has a total."
    )
    if left_out:
        alt += f" Not shown, having no total: {', '.join(left_out)}."
    return Chart(png, alt)


def spreads_chart(spreads: Sequence[SpreadPoint], threshold: float) -> Chart:
    """The spread of the evaluators' scores for each bidder × criterion, flagged rows marked."""
    with rc_context(_STYLE):
        height = 1.4 + 0.22 * max(len(spreads), 1)
        figure = Figure(figsize=(WIDTH_INCHES, height))
        axes = figure.add_subplot()
        rows = list(spreads)[::-1]
        labels = [f"{s.bidder} {s.criterion}" for s in rows]
        positions = list(range(len(rows)))
        axes.barh(
            [y for y, s in zip(positions, rows, strict=True) if not s.flagged],
            [s.spread for s in rows if not s.flagged],
            color=SPREAD_COLOUR,
        )
        axes.barh(
            [y for y, s in zip(positions, rows, strict=True) if s.flagged],
            [s.spread for s in rows if s.flagged],
            color=FLAGGED_COLOUR,
            hatch="//",
        )
        axes.set_yticks(positions, labels)
        for y, s in enumerate(rows):
            if s.flagged:
                axes.text(s.spread + 0.05, y, "flagged", va="center")
        axes.axvline(threshold, color="black", linestyle="--", linewidth=1)
        top = max([s.spread for s in rows] + [threshold])
        axes.set_xlim(0, top + 1)
        axes.set_xlabel(
            f"Spread (highest minus lowest evaluator score); dashed line: threshold "
            f"{score_text(threshold)}"
        )
        axes.set_title("Spread of the evaluators' scores")
        figure.tight_layout()
        png = _png(figure)
    flagged = [s for s in spreads if s.flagged]
    widest = max(spreads, key=lambda s: s.spread, default=None)
    alt = (
        f"Bar chart of the spread of the evaluators' scores for {len(spreads)} bidder and "
        f"criterion pairs, against the moderation threshold of {score_text(threshold)}. "
    )
    if widest is not None:
        alt += (
            f"The widest spread is {score_text(widest.spread)}, for {widest.bidder} on "
            f"{widest.criterion}. "
        )
    alt += (
        f"{len(flagged)} pair(s) reach the threshold"
        + (": " + ", ".join(f"{s.bidder} {s.criterion}" for s in flagged) if flagged else "")
        + "."
    )
    return Chart(png, alt)
