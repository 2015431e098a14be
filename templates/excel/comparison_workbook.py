"""Writing the comparison workbook (`out/comparison.xlsx`) with XlsxWriter.

Every number comes from the results document (`tenderkit-results/1`) the scoring core
produced; this module decides nothing. Where a figure is arithmetic on others it is written
as a live formula restating the published method, WITH the core's value cached beside it,
so previews show the numbers and a panel can audit the sums:

- Criteria: weighted = consensus / scale maximum × effective weight × QualityWeight / 100;
- Domains: each domain's points = SUM of its weighted cells; the radar chart plots them;
- Summary: quality = SUM of the bid's weighted cells; LowestPrice = MIN of the eligible bids'
  prices; the price score per the tender's formula (`lowest-over-bid`: LowestPrice / price ×
  PriceWeight; `linear-penalty`: MAX(0, PriceWeight × (1 − (price − LowestPrice) /
  LowestPrice)); `price-per-quality-point`: price / quality, no points); total = quality +
  price score; the bar chart plots the totals.

Ranks, statuses, ties and the sensitivity figures are the core's decisions and are written
as values. The sheets are protected (no password: the numbers are a report, not a form).
Workbook-level names let a reader find each figure without knowing the layout:
`QualityWeight`, `PriceWeight`, `LowestPrice`, and per bidder `Quality.<bidder>`,
`PriceScore.<bidder>`, `PPQP.<bidder>`, `Total.<bidder>`, `Weighted.<bidder>.<criterion>`,
`Domain.<bidder>.<domain>` (ids through the shared `excel_name` rule).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from tenderkit.templates.excel.names import cell_ref, column_letter, excel_name, quote_sheet
from tenderkit.templates.excel.xlsx import FORMULA_STARTS, LINE_POINTS, new_workbook, row_height

SUMMARY = "Summary"
DOMAINS = "Domains"
CRITERIA = "Criteria"
HEAT_MAP = "Heat map"
SENSITIVITY = "Sensitivity"
AUDIT = "Audit"
HEADER_FILL = "#D9E1F2"
EXCLUDED_FILL = "#F2F2F2"
FLAGGED_FILL = "#FCE4D6"
POINTS = "0.00"
#: Two lines of 10 pt: header labels wrap onto a second line.
HEADER_HEIGHT = 28
PRICE = "#,##0.00"

#: Summary table: first row of the header, then one row per bid.
SUMMARY_HEADER_ROW = 9
SUMMARY_COLUMNS = (
    ("Rank", 7),
    ("Bidder", 10),
    ("Name", 34),
    ("Quality", 11),
    ("Price", 15),
    ("Price score", 12),
    ("Price per quality point", 14),
    ("Total", 11),
    ("Status", 10),
    ("Tied", 7),
    ("Reasons", 48),
)
S_RANK, S_ID, S_NAME, S_QUALITY, S_PRICE, S_PSCORE, S_PPQP, S_TOTAL, S_STATUS, S_TIED, S_WHY = (
    range(len(SUMMARY_COLUMNS))
)
CRITERIA_COLUMNS = (
    ("Bidder", 10),
    ("Criterion", 11),
    ("Title", 36),
    ("Domain", 24),
    ("Consensus", 11),
    ("Scale maximum", 10),
    ("Effective weight", 10),
    ("Weighted points", 11),
    ("Evaluators' scores", 22),
    ("Moderation note", 70),
)
C_BIDDER, C_ID, C_TITLE, C_DOMAIN, C_CONSENSUS, C_MAX, C_WEIGHT, C_WEIGHTED, C_SCORES, C_NOTE = (
    range(len(CRITERIA_COLUMNS))
)
#: Rows above each table (title, subtitle, blank) before its header.
TABLE_HEADER_ROW = 3


@dataclass(frozen=True)
class MethodCriterion:
    """A criterion as the published method states it (the rubric's figures, not a score)."""

    id: str
    title: str
    domain: str
    scale_max: float
    effective_weight: float


@dataclass(frozen=True)
class ComparisonMethod:
    """What the workbook shows beside the results document: the method and the record.

    `domain_points` is the core's quality per domain per bidder (bidder -> domain -> points);
    `lowest_price` the lowest price among the eligible bids as the core took it.
    """

    title: str
    criteria: Sequence[MethodCriterion]
    domain_titles: Mapping[str, str]
    domain_points: Mapping[str, Mapping[str, float]]
    lowest_price: float | None
    tool_version: str
    created: dt.datetime


class _Styles:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self._book = book
        base: dict[str, Any] = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        self._specs: dict[str, dict[str, Any]] = {
            "title": {**base, "bold": True, "font_size": 14},
            "subtitle": {**base, "italic": True},
            "text": {**base, "text_wrap": True},
            "plain": base,
            "label": {**base, "bold": True},
            "heading": {
                **base,
                "bold": True,
                "bg_color": HEADER_FILL,
                "border": 1,
                "text_wrap": True,
            },
            "points": {**base, "num_format": POINTS},
            "bold_points": {**base, "num_format": POINTS, "bold": True},
            "price": {**base, "num_format": PRICE},
            "number": {**base, "num_format": "General"},
            "hash": {**base, "font_name": "Courier New", "font_size": 9},
        }
        self._made: dict[tuple[str, bool], Format] = {}

    def get(self, name: str, quote: bool = False) -> Format:
        key = (name, quote)
        if key not in self._made:
            spec = dict(self._specs[name])
            if quote:
                spec["quote_prefix"] = True
            self._made[key] = self._book.add_format(spec)
        return self._made[key]


class _Sheet:
    """A worksheet with the writing helpers every sheet here uses."""

    def __init__(self, book: xlsxwriter.Workbook, styles: _Styles, name: str) -> None:
        self.book, self.styles, self.name = book, styles, name
        self.ws: Worksheet = book.add_worksheet(name)
        self.ws.set_paper(9)
        self.ws.set_landscape()
        self.ws.fit_to_pages(1, 0)

    def text(self, row: int, col: int, value: str | None, style: str = "plain") -> None:
        """Text as text, never a formula, whatever it starts with."""
        if value is None or value == "":
            self.ws.write_blank(row, col, None, self.styles.get(style))
        else:
            quote = value.startswith(FORMULA_STARTS)
            self.ws.write_string(row, col, value, self.styles.get(style, quote=quote))

    def number(self, row: int, col: int, value: float | None, style: str = "number") -> None:
        if value is None:
            self.ws.write_blank(row, col, None, self.styles.get(style))
        else:
            self.ws.write_number(row, col, value, self.styles.get(style))

    def formula(self, row: int, col: int, formula: str, value: float, style: str) -> None:
        """A live formula with the core's figure cached, so readers that do not recalculate
        show the number."""
        self.ws.write_formula(row, col, formula, self.styles.get(style), value)

    def define(self, name: str, row: int, col: int) -> None:
        self.book.define_name(name, "=" + cell_ref(self.name, row, col))

    def fit_row(self, row: int, cells: Sequence[tuple[str, float]]) -> None:
        """A row tall enough for its wrapped text (not every reader re-measures on opening)."""
        height = row_height(cells)
        if height > LINE_POINTS + 3:  # more than one line
            self.ws.set_row(row, height)

    def heading(self, row: int, columns: Sequence[tuple[str, float]]) -> None:
        for col, (head, width) in enumerate(columns):
            self.ws.set_column(col, col, width)
            self.text(row, col, head, "heading")
        self.ws.set_row(row, HEADER_HEIGHT)
        self.ws.freeze_panes(row + 1, 0)
        self.ws.repeat_rows(row)

    def banner(self, title: str, subtitle: str) -> None:
        self.text(0, 0, title, "title")
        self.text(1, 0, subtitle, "subtitle")

    def finish(self) -> None:
        self.ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})


def _ref(col: int, row: int) -> str:
    """A relative reference on the same sheet, as a panel member would type it: `D12`."""
    return f"{column_letter(col)}{row + 1}"


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _subtitle(document: Mapping[str, Any], method: ComparisonMethod) -> str:
    rubric = document["rubric"]
    return (
        f"{method.title} ({document['reference']}) · rubric {rubric['id']}@{rubric['version']} "
        f"· every figure from results.json (tenderkit {method.tool_version})"
    )


def _criteria_sheet(
    book: xlsxwriter.Workbook,
    styles: _Styles,
    document: Mapping[str, Any],
    method: ComparisonMethod,
    spans: Mapping[str, tuple[int, int]],
) -> None:
    """One row per bid and criterion, at the rows `criteria_spans` gives each bid."""
    sheet = _Sheet(book, styles, CRITERIA)
    sheet.banner("Weighted scores per criterion", _subtitle(document, method))
    sheet.text(
        2,
        0,
        "Weighted points = consensus / scale maximum × effective weight × quality weight / 100.",
        "subtitle",
    )
    sheet.heading(TABLE_HEADER_ROW, CRITERIA_COLUMNS)
    by_id = {c.id: c for c in method.criteria}
    row = TABLE_HEADER_ROW + 1
    for bid in document["bidders"]:
        assert spans[bid["id"]][0] == row
        for entry in bid["criteria"]:
            criterion = by_id[entry["id"]]
            sheet.text(row, C_BIDDER, bid["id"])
            sheet.text(row, C_ID, criterion.id)
            sheet.text(row, C_TITLE, criterion.title, "text")
            sheet.text(row, C_DOMAIN, method.domain_titles.get(criterion.domain, criterion.domain))
            sheet.number(row, C_CONSENSUS, float(entry["consensus"]))
            sheet.number(row, C_MAX, criterion.scale_max)
            sheet.number(row, C_WEIGHT, criterion.effective_weight)
            formula = (
                f"={_ref(C_CONSENSUS, row)}/{_ref(C_MAX, row)}*{_ref(C_WEIGHT, row)}"
                "*QualityWeight/100"
            )
            sheet.formula(row, C_WEIGHTED, formula, float(entry["weighted"]), "points")
            sheet.define(excel_name("Weighted", bid["id"], criterion.id), row, C_WEIGHTED)
            scores = "; ".join(f"{e} {_plain(s)}" for e, s in entry["scores"].items())
            sheet.text(row, C_SCORES, scores)
            note = entry.get("note")
            sheet.text(row, C_NOTE, note, "text")
            sheet.fit_row(
                row,
                [
                    (note or "", CRITERIA_COLUMNS[C_NOTE][1]),
                    (criterion.title, CRITERIA_COLUMNS[C_TITLE][1]),
                ],
            )
            row += 1
    sheet.ws.autofilter(TABLE_HEADER_ROW, 0, max(row - 1, TABLE_HEADER_ROW), C_NOTE)
    sheet.finish()


def criteria_spans(document: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """Each bid's (first, last) 0-based row on the Criteria sheet: bids in results order,
    one row per criterion."""
    spans: dict[str, tuple[int, int]] = {}
    row = TABLE_HEADER_ROW + 1
    for bid in document["bidders"]:
        count = len(bid["criteria"])
        spans[bid["id"]] = (row, row + count - 1)
        row += count
    return spans


def _plain(value: float) -> str:
    return f"{value:g}"


#: The most bids the domain radar chart overlays (the highest-ranked; the table has them all).
RADAR_BIDS = 10


def _domains_sheet(
    book: xlsxwriter.Workbook,
    styles: _Styles,
    document: Mapping[str, Any],
    method: ComparisonMethod,
    spans: Mapping[str, tuple[int, int]],
) -> None:
    """Quality per domain per bid (SUM of its weighted cells), with the radar chart."""
    sheet = _Sheet(book, styles, DOMAINS)
    sheet.banner("Quality points per domain", _subtitle(document, method))
    domains = list(dict.fromkeys(c.domain for c in method.criteria))
    columns = [("Bidder", 10), ("Name", 30)] + [
        (method.domain_titles.get(d, d), 16) for d in domains
    ]
    sheet.heading(TABLE_HEADER_ROW, columns)
    bids = document["bidders"]
    for index, bid in enumerate(bids):
        row = TABLE_HEADER_ROW + 1 + index
        sheet.text(row, 0, bid["id"])
        sheet.text(row, 1, bid["name"])
        first, _ = spans[bid["id"]]
        for d_index, domain in enumerate(domains):
            rows = [
                first + i for i, entry in enumerate(bid["criteria"]) if entry["domain"] == domain
            ]
            target = ",".join(f"{quote_sheet(CRITERIA)}!{r}" for r in _runs(rows))
            col = 2 + d_index
            value = float(method.domain_points[bid["id"]].get(domain, 0.0))
            sheet.formula(row, col, f"=SUM({target})", value, "points")
            sheet.define(excel_name("Domain", bid["id"], domain), row, col)
    last_row = TABLE_HEADER_ROW + len(bids)
    chart = book.add_chart({"type": "radar", "subtype": "with_markers"})
    # One series per bid: the rows are in rank order, so the chart shows the leading bids.
    # More than a handful of overlaid shapes cannot be read, and Excel takes 255 at most.
    shown = min(len(bids), RADAR_BIDS)
    for index in range(shown):
        row = TABLE_HEADER_ROW + 1 + index
        chart.add_series(
            {
                "name": [DOMAINS, row, 0],
                "categories": [DOMAINS, TABLE_HEADER_ROW, 2, TABLE_HEADER_ROW, 1 + len(domains)],
                "values": [DOMAINS, row, 2, row, 1 + len(domains)],
            }
        )
    title = "Quality points per domain"
    if shown < len(bids):
        title += f": the {shown} highest-ranked of {len(bids)} bids"
    chart.set_title({"name": title})
    chart.set_legend({"position": "bottom"})
    sheet.ws.insert_chart(last_row + 2, 0, chart, {"x_scale": 1.6, "y_scale": 1.5})
    sheet.finish()


def _runs(rows: Sequence[int]) -> list[str]:
    """Consecutive rows as ranges on the weighted column (`H5:H7`), one per run."""
    out: list[str] = []
    start = prev = None
    for r in [*rows, None]:
        if r is not None and prev is not None and r == prev + 1:
            prev = r
            continue
        if start is not None and prev is not None:
            out.append(
                _ref(C_WEIGHTED, start)
                if start == prev
                else f"{_ref(C_WEIGHTED, start)}:{_ref(C_WEIGHTED, prev)}"
            )
        start = prev = r
    return out


def _summary_sheet(
    book: xlsxwriter.Workbook,
    styles: _Styles,
    document: Mapping[str, Any],
    method: ComparisonMethod,
    spans: Mapping[str, tuple[int, int]],
) -> None:
    sheet = _Sheet(book, styles, SUMMARY)
    sheet.banner(f"Comparison of bids: {method.title}", _subtitle(document, method))
    ws = sheet.ws
    weights = document["weights"]
    formula = document["price_formula"]
    basis = document["basis"]
    sheet.text(3, 0, "Quality weight", "label")
    sheet.number(3, 2, float(weights["quality"]))
    sheet.define("QualityWeight", 3, 2)
    sheet.text(4, 0, "Price weight", "label")
    sheet.number(4, 2, float(weights["price"]))
    sheet.define("PriceWeight", 4, 2)
    sheet.text(5, 0, "Price formula", "label")
    sheet.text(5, 2, _formula_words(formula, float(weights["price"])))
    sheet.text(6, 0, "Lowest eligible price", "label")
    sheet.define("LowestPrice", 6, 2)
    sheet.text(7, 0, "Winner", "label")
    sheet.text(7, 2, _winner_words(document))
    withdrawn = document.get("withdrawn") or []
    if withdrawn:
        sheet.text(8, 0, "Withdrawn (not ranked)", "label")
        sheet.text(
            8,
            2,
            "; ".join(
                f"{w['id']} {w['name']}, withdrew on {w['withdrawn']}"
                + (f" ({w['reason']})" if w.get("reason") else "")
                for w in withdrawn
            ),
        )

    sheet.heading(SUMMARY_HEADER_ROW, SUMMARY_COLUMNS)
    bids = document["bidders"]
    first_row = SUMMARY_HEADER_ROW + 1
    eligible_price_cells = [
        _ref(S_PRICE, first_row + i)
        for i, bid in enumerate(bids)
        if bid["status"] != "excluded" and bid["price"] is not None
    ]
    if method.lowest_price is not None and eligible_price_cells:
        sheet.formula(6, 2, f"=MIN({','.join(eligible_price_cells)})", method.lowest_price, "price")
    else:
        sheet.text(6, 2, "not applicable (prices play no part)")
    for index, bid in enumerate(bids):
        row = first_row + index
        first, last = spans[bid["id"]]
        quality_formula = (
            f"=SUM({quote_sheet(CRITERIA)}!{_ref(C_WEIGHTED, first)}:{_ref(C_WEIGHTED, last)})"
        )
        sheet.number(row, S_RANK, _num(bid["rank"]))
        sheet.text(row, S_ID, bid["id"])
        sheet.text(row, S_NAME, bid["name"])
        sheet.formula(row, S_QUALITY, quality_formula, float(bid["quality"]), "points")
        sheet.define(excel_name("Quality", bid["id"]), row, S_QUALITY)
        sheet.number(row, S_PRICE, _num(bid["price"]), "price")
        _price_cells(sheet, row, bid, formula, basis)
        sheet.text(row, S_STATUS, bid["status"])
        sheet.text(row, S_TIED, "tied" if bid["tied"] else "")
        sheet.text(row, S_WHY, "; ".join(bid["reasons"]), "text")
    last_row = first_row + len(bids) - 1
    ws.conditional_format(
        first_row,
        0,
        last_row,
        S_WHY,
        {
            "type": "formula",
            "criteria": f'=${column_letter(S_STATUS)}{first_row + 1}="excluded"',
            "format": book.add_format({"bg_color": EXCLUDED_FILL, "font_color": "#7F7F7F"}),
        },
    )
    ws.conditional_format(
        first_row,
        0,
        last_row,
        S_WHY,
        {
            "type": "formula",
            "criteria": f'=${column_letter(S_STATUS)}{first_row + 1}="flagged"',
            "format": book.add_format({"bg_color": FLAGGED_FILL}),
        },
    )
    chart = book.add_chart({"type": "column"})
    value_col = S_PPQP if basis == "price-per-quality-point" else S_TOTAL
    chart.add_series(
        {
            "name": "Price per quality point" if value_col == S_PPQP else "Total points",
            "categories": [SUMMARY, first_row, S_ID, last_row, S_ID],
            "values": [SUMMARY, first_row, value_col, last_row, value_col],
            "data_labels": {"value": True, "num_format": POINTS},
        }
    )
    chart.set_title(
        {
            "name": "Price per quality point (lowest wins)"
            if value_col == S_PPQP
            else "Total points (out of 100)"
        }
    )
    chart.set_legend({"none": True})
    chart.set_y_axis({"min": 0} if value_col == S_PPQP else {"min": 0, "max": 100})
    ws.insert_chart(last_row + 2, 1, chart, {"x_scale": 1.5, "y_scale": 1.2})
    ws.activate()
    sheet.finish()


def _price_cells(
    sheet: _Sheet, row: int, bid: Mapping[str, Any], formula: str | None, basis: str
) -> None:
    """Price score (or price per quality point) and total: formulas where the core gave figures."""
    quality, price = _ref(S_QUALITY, row), _ref(S_PRICE, row)
    score = _num(bid["price_score"])
    total = _num(bid["total"])
    if basis == "price-per-quality-point":
        sheet.text(row, S_PSCORE, "")
        ppqp = _num(bid["price_per_quality_point"])
        if ppqp is not None:
            sheet.formula(row, S_PPQP, f"={price}/{quality}", ppqp, "price")
            sheet.define(excel_name("PPQP", bid["id"]), row, S_PPQP)
        else:
            sheet.text(row, S_PPQP, "")
    else:
        sheet.text(row, S_PPQP, "")
        if score is not None and bid["price"] is not None and formula == "lowest-over-bid":
            sheet.formula(row, S_PSCORE, f"=LowestPrice/{price}*PriceWeight", score, "points")
        elif score is not None and bid["price"] is not None and formula == "linear-penalty":
            sheet.formula(
                row,
                S_PSCORE,
                f"=MAX(0,PriceWeight*(1-({price}-LowestPrice)/LowestPrice))",
                score,
                "points",
            )
        else:
            # No price weighed (or the bid is excluded): the core's figure, if any, stands.
            sheet.number(row, S_PSCORE, score, "points")
        if score is not None:
            sheet.define(excel_name("PriceScore", bid["id"]), row, S_PSCORE)
    if total is not None:
        psc = _ref(S_PSCORE, row)
        total_formula = f"={quality}" if basis == "price-per-quality-point" else f"={quality}+{psc}"
        sheet.formula(row, S_TOTAL, total_formula, total, "bold_points")
        sheet.define(excel_name("Total", bid["id"]), row, S_TOTAL)
    else:
        sheet.text(row, S_TOTAL, "")


def _formula_words(formula: str | None, price_weight: float) -> str:
    if formula == "price-per-quality-point":
        return "price per quality point: bid price ÷ quality points, lowest first"
    if price_weight == 0:
        return "price is not weighted: quality alone decides"
    if formula == "linear-penalty":
        return "linear penalty: price weight × (1 − (bid − lowest) / lowest), floored at 0"
    return "lowest over bid: lowest price ÷ bid price × price weight"


def _winner_words(document: Mapping[str, Any]) -> str:
    winner = document["winner"]
    if winner is not None:
        name = next(b["name"] for b in document["bidders"] if b["id"] == winner)
        return f"{winner} {name}"
    tied = [b["id"] for b in document["bidders"] if b["rank"] == 1]
    if tied:
        return f"none: first place is tied between {', '.join(tied)}"
    return "none: no bid is ranked"


def _heat_map_sheet(
    book: xlsxwriter.Workbook,
    styles: _Styles,
    document: Mapping[str, Any],
    method: ComparisonMethod,
) -> None:
    sheet = _Sheet(book, styles, HEAT_MAP)
    sheet.banner("Consensus scores (heat map)", _subtitle(document, method))
    columns = [("Bidder", 10), ("Name", 30)] + [(c.id, 9) for c in method.criteria]
    sheet.heading(TABLE_HEADER_ROW, columns)
    bids = document["bidders"]
    for index, bid in enumerate(bids):
        row = TABLE_HEADER_ROW + 1 + index
        sheet.text(row, 0, bid["id"])
        sheet.text(row, 1, bid["name"])
        scores = {e["id"]: e["consensus"] for e in bid["criteria"]}
        for col, criterion in enumerate(method.criteria, start=2):
            sheet.number(row, col, _num(scores.get(criterion.id)))
    last_row = TABLE_HEADER_ROW + len(bids)
    if bids:
        sheet.ws.conditional_format(
            TABLE_HEADER_ROW + 1,
            2,
            last_row,
            1 + len(method.criteria),
            {
                "type": "3_color_scale",
                "min_color": "#F8696B",
                "mid_color": "#FFEB84",
                "max_color": "#63BE7B",
            },
        )
    titles = last_row + 2
    sheet.text(titles, 0, "Criteria", "label")
    for offset, criterion in enumerate(method.criteria, start=1):
        sheet.text(titles + offset, 0, criterion.id)
        sheet.text(
            titles + offset,
            1,
            f"{criterion.title} (scale 0–{_plain(criterion.scale_max)}; "
            f"{method.domain_titles.get(criterion.domain, criterion.domain)})",
        )
    sheet.finish()


def _sensitivity_sheet(
    book: xlsxwriter.Workbook,
    styles: _Styles,
    document: Mapping[str, Any],
    method: ComparisonMethod,
) -> None:
    sheet = _Sheet(book, styles, SENSITIVITY)
    sens = document["sensitivity"]
    sheet.banner("How robust the decision is", _subtitle(document, method))
    sheet.ws.set_column(0, 0, 34)
    sheet.ws.set_column(1, 7, 14)
    basis = document["basis"]
    margin_label = (
        "Margin (price per quality point, second minus first)"
        if basis == "price-per-quality-point"
        else "Margin (points, first minus second)"
    )
    sheet.text(3, 0, margin_label, "label")
    sheet.number(3, 1, _num(sens["margin"]), "points")
    sheet.text(4, 0, "Quality weight at which the winner changes", "label")
    break_even = _num(sens["quality_weight_break_even"])
    if break_even is None:
        sheet.text(4, 1, "none between 0 and 100")
    else:
        sheet.number(4, 1, break_even, "points")
    sheet.text(
        6,
        0,
        "Smallest change to one consensus score that changes the winner, per challenger "
        "(the score that moves is the challenger's when it rises, the winner's when it falls)",
        "label",
    )
    head = [
        ("Challenger", 34),
        ("Criterion", 14),
        ("From", 14),
        ("To", 14),
        ("Steps", 14),
        ("New winner", 14),
        ("Whose score moves", 14),
    ]
    for col, (text, _) in enumerate(head):
        sheet.text(7, col, text, "heading")
    flips = sens["flips"]
    for index, flip in enumerate(flips):
        row = 8 + index
        sheet.text(row, 0, flip["bidder"])
        sheet.text(row, 1, flip["criterion"])
        sheet.number(row, 2, float(flip["from"]))
        sheet.number(row, 3, float(flip["to"]))
        sheet.number(row, 4, float(flip["steps"]))
        sheet.text(row, 5, flip["new_winner"] or "tie for first")
        sheet.text(row, 6, flip["bidder"] if flip["to"] > flip["from"] else document["winner"])
    if not flips:
        sheet.text(8, 0, "no single score change changes the winner")
    sheet.finish()


def _audit_sheet(
    book: xlsxwriter.Workbook,
    styles: _Styles,
    document: Mapping[str, Any],
    method: ComparisonMethod,
) -> None:
    sheet = _Sheet(book, styles, AUDIT)
    sheet.ws.set_column(0, 0, 28)
    sheet.ws.set_column(1, 1, 72)
    sheet.ws.set_column(2, 5, 16)
    sheet.banner("Audit: what these figures were computed from", _subtitle(document, method))
    rubric = document["rubric"]
    rows = [
        ("results format", document["format"]),
        ("tender reference", document["reference"]),
        ("rubric", f"{rubric['id']}@{rubric['version']}"),
        ("rubric hash", rubric["hash"]),
        ("tool", f"tenderkit {method.tool_version}"),
        ("price formula", document["price_formula"] or "none"),
        ("ranking basis", document["basis"]),
    ]
    row = 3
    for key, value in rows:
        sheet.text(row, 0, key, "label")
        sheet.text(row, 1, value, "hash" if key == "rubric hash" else "plain")
        row += 1
    row += 1
    sheet.text(row, 0, "Input file", "heading")
    sheet.text(row, 1, "SHA-256", "heading")
    for item in document["inputs"]:
        row += 1
        sheet.text(row, 0, item["file"])
        sheet.text(row, 1, item["sha256"], "hash")
    row += 2
    warnings = document["note_warnings"]
    sheet.text(row, 0, f"Moderation note warnings ({len(warnings)})", "label")
    for head_col, head in enumerate(("Place", "Message", "Rule", "Bidder", "Criterion")):
        sheet.text(row + 1, head_col, head, "heading")
    row += 1
    for warning in warnings:
        row += 1
        place = f"{warning['sheet']}!{warning['cell']}" if "sheet" in warning else "moderation.xlsx"
        sheet.text(row, 0, place)
        sheet.text(row, 1, warning["message"], "text")
        sheet.text(row, 2, warning["rule"])
        sheet.text(row, 3, warning["bidder"])
        sheet.text(row, 4, warning["criterion"])
    sheet.finish()


def write_comparison_workbook(document: Mapping[str, Any], method: ComparisonMethod) -> bytes:
    """The .xlsx bytes of the comparison workbook for a `tenderkit-results/1` document."""
    buffer = io.BytesIO()
    book = new_workbook(
        buffer,
        title=f"{document['reference']} comparison of bids",
        subject=method.title,
        comments="Every figure is from out/results.json; totals are live formulas.",
        created=method.created,
    )
    styles = _Styles(book)
    spans = criteria_spans(document)
    _summary_sheet(book, styles, document, method, spans)
    _domains_sheet(book, styles, document, method, spans)
    _criteria_sheet(book, styles, document, method, spans)
    _heat_map_sheet(book, styles, document, method)
    _sensitivity_sheet(book, styles, document, method)
    _audit_sheet(book, styles, document, method)
    book.close()
    return buffer.getvalue()
