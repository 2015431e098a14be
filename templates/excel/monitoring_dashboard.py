"""The contract review dashboard (.xlsx), from monitoring.json alone.

Sheets: Summary (one row per measure: baseline, final target, the latest period's value,
status and how many periods in a row were not met), Charts (one line chart per measure:
the values reported against the baseline and the target for each period), Data (the
figures the charts draw, one block per measure), Accounts and Case studies. Status cells
are coloured by conditional formatting, so a status typed or pasted later is coloured too.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from tenderkit.scoring.monitoring import STATUSES
from tenderkit.scoring.monitoring_file import MeasureRow, MonitoringFile
from tenderkit.templates.excel.names import sheet_name
from tenderkit.templates.excel.xlsx import FORMULA_STARTS, new_workbook

STATUS_FILLS = {
    "met": "#C6EFCE",
    "not-met": "#FFC7CE",
    "late": "#FFD8A8",
    "missing": "#E7E6E6",
    "suppressed": "#DDEBF7",
}
CHART_ROWS = 18


def _unit(m: MeasureRow) -> str:
    return {"percent": "%", "score": "score", "points": "points"}[m.unit]


class _Book:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        self.text = book.add_format({**base, "text_wrap": True})
        self.quoted = book.add_format({**base, "text_wrap": True, "quote_prefix": True})
        self.head = book.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "border": 1})
        self.title = book.add_format({**base, "bold": True, "font_size": 14})
        self.number = book.add_format({**base, "num_format": "0.0#"})
        self.fills = {
            s: book.add_format({"bg_color": STATUS_FILLS[s], "font_color": "#000000"})
            for s in STATUSES
        }

    def string(self, ws: Worksheet, row: int, col: int, value: str | None) -> None:
        if not value:
            ws.write_blank(row, col, None, self.text)
            return
        style = self.quoted if value.startswith(FORMULA_STARTS) else self.text
        ws.write_string(row, col, value, style)

    def number_or_blank(self, ws: Worksheet, row: int, col: int, value: float | None) -> None:
        if value is None:
            ws.write_blank(row, col, None, self.number)
        else:
            ws.write_number(row, col, value, self.number)

    def header(self, ws: Worksheet, row: int, labels: Sequence[str]) -> None:
        for col, label in enumerate(labels):
            ws.write_string(row, col, label, self.head)

    def status_colours(self, ws: Worksheet, first: int, last: int, col: int) -> None:
        if last < first:
            return
        for status in STATUSES:
            ws.conditional_format(
                first,
                col,
                last,
                col,
                {
                    "type": "cell",
                    "criteria": "equal to",
                    "value": f'"{status}"',
                    "format": self.fills[status],
                },
            )


def _summary(b: _Book, doc: MonitoringFile) -> None:
    ws = b.book.add_worksheet("Summary")
    c = doc.contract
    ws.write_string(0, 0, f"Contract monitoring: {c.title}", b.title)
    b.string(ws, 1, 0, f"{c.provider} · {c.reference} · from {c.start} · as of {doc.as_of}")
    latest = doc.latest_period()
    b.string(ws, 2, 0, f"Latest period reported: {latest or 'none yet'}")
    labels = [
        "Measure",
        "Clause",
        "Unit",
        "Better",
        "Baseline",
        "Final target",
        "Latest period",
        "Value",
        "Target then",
        "Status",
        "Not met in a row",
    ]
    b.header(ws, 4, labels)
    row = 5
    for m in doc.measures:
        last = m.periods[-1] if m.periods else None
        b.string(ws, row, 0, m.title)
        b.string(ws, row, 1, m.clause)
        b.string(ws, row, 2, _unit(m))
        b.string(ws, row, 3, m.direction)
        b.number_or_blank(ws, row, 4, m.baseline)
        b.number_or_blank(ws, row, 5, m.final_target)
        b.string(ws, row, 6, last.period if last else None)
        b.number_or_blank(ws, row, 7, last.value if last else None)
        b.number_or_blank(ws, row, 8, last.target if last else None)
        b.string(ws, row, 9, last.status if last else None)
        ws.write_number(row, 10, m.not_met_in_a_row, b.number)
        row += 1
    b.status_colours(ws, 5, row - 1, 9)
    ws.set_column(0, 0, 48)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 10, 12)
    ws.freeze_panes(5, 1)
    ws.activate()


def _data(b: _Book, doc: MonitoringFile) -> list[tuple[MeasureRow, int, int]]:
    """One block per measure; returns (measure, first data row, last data row)."""
    ws = b.book.add_worksheet("Data")
    ws.set_column(0, 0, 12)
    ws.set_column(1, 5, 12)
    placed: list[tuple[MeasureRow, int, int]] = []
    row = 0
    for m in doc.measures:
        b.string(ws, row, 0, f"{m.title} ({m.key})")
        b.header(ws, row + 1, ["Period", "Value", "Target", "Baseline", "Status", "Period ends"])
        first = row + 2
        for offset, p in enumerate(m.periods):
            r = first + offset
            b.string(ws, r, 0, p.period)
            b.number_or_blank(ws, r, 1, p.value)
            b.number_or_blank(ws, r, 2, p.target)
            b.number_or_blank(ws, r, 3, m.baseline)
            b.string(ws, r, 4, p.status)
            b.string(ws, r, 5, p.last_day)
        last = first + len(m.periods) - 1
        b.status_colours(ws, first, last, 4)
        placed.append((m, first, last))
        row = max(last, first) + 3
    return placed


def _charts(b: _Book, ws: Worksheet, placed: list[tuple[MeasureRow, int, int]]) -> None:
    ws.write_string(
        0, 0, "Each measure against its baseline and the target for each period", b.title
    )
    row = 2
    for m, first, last in placed:
        if last < first:
            b.string(ws, row, 0, f"{m.title}: no period reported yet")
            row += 2
            continue
        chart: Any = b.book.add_chart({"type": "line"})
        categories = ["Data", first, 0, last, 0]
        for col, name, colour, dash in (
            (1, "Value", "#1F4E79", "solid"),
            (2, "Target", "#C00000", "dash"),
            (3, "Baseline", "#7F7F7F", "round_dot"),
        ):
            chart.add_series(
                {
                    "name": name,
                    "categories": categories,
                    "values": ["Data", first, col, last, col],
                    "line": {"color": colour, "width": 2.25, "dash_type": dash},
                    "marker": {"type": "circle" if col == 1 else "none"},
                }
            )
        chart.set_title({"name": f"{m.title} ({_unit(m)})"})
        chart.set_x_axis({"name": "Contract period"})
        chart.set_y_axis({"name": _unit(m), "major_gridlines": {"visible": True}})
        chart.set_legend({"position": "bottom"})
        chart.show_blanks_as("gap")
        chart.set_size({"width": 720, "height": 320})
        ws.insert_chart(row, 0, chart)
        row += CHART_ROWS


def _accounts(b: _Book, doc: MonitoringFile) -> None:
    ws = b.book.add_worksheet("Accounts")
    b.header(ws, 0, ["Period", "Clause", "Title", "Account or commentary"])
    for row, a in enumerate(doc.accounts, start=1):
        b.string(ws, row, 0, a.period)
        b.string(ws, row, 1, a.clause)
        b.string(ws, row, 2, a.title)
        b.string(ws, row, 3, a.text or "(none given)")
    ws.set_column(0, 1, 12)
    ws.set_column(2, 2, 40)
    ws.set_column(3, 3, 90)
    ws.freeze_panes(1, 0)


def _case_studies(b: _Book, doc: MonitoringFile) -> None:
    ws = b.book.add_worksheet(sheet_name("Case studies"))
    b.header(ws, 0, ["Period", "Title", "What staff think has changed, and how it came about"])
    for row, c in enumerate(doc.case_studies, start=1):
        b.string(ws, row, 0, c.period)
        b.string(ws, row, 1, c.title)
        b.string(ws, row, 2, c.account)
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 2, 100)
    ws.freeze_panes(1, 0)


def write_dashboard(doc: MonitoringFile) -> bytes:
    """The dashboard's .xlsx bytes."""
    buffer = io.BytesIO()
    book = new_workbook(
        buffer,
        title=f"{doc.contract.reference} contract monitoring dashboard",
        subject=doc.contract.title,
        comments=f"Generated by tenderkit {doc.tool_version} from monitoring.json.",
        created=dt.datetime.fromisoformat(doc.as_of),
    )
    b = _Book(book)
    _summary(b, doc)
    charts = book.add_worksheet("Charts")  # before the figures it draws, as a reader looks
    placed = _data(b, doc)
    _charts(b, charts, placed)
    _accounts(b, doc)
    _case_studies(b, doc)
    book.close()
    return buffer.getvalue()
