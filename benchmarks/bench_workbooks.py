"""Issue and collect time against the raw library floor.

    .venv/bin/python benchmarks/bench_workbooks.py [--bidders 3 20 60] [--repeat 5]

For an evaluator scoring all 8 criteria of the bundled rubric for N bidders:
- issue: `build_issue` + sign + `write_evaluator_workbook`, against XlsxWriter writing the
  same number of text cells into one sheet with `write_string` (no formats, names,
  validations or protection);
- collect: `read_return` on a completed return (archive checks, signature, payload
  comparison, text-block check, every named cell), against openpyxl in read-only mode
  iterating every cell of every sheet of the same file.
Each timing is the median of --repeat runs after one warm-up run (the minimum is shown
beside it); ratios are medians over medians. Ratios are what to watch; absolute times
depend on the machine, which the first lines describe. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl
import xlsxwriter

from tenderkit.rubrics.library import resolve_rubric
from tenderkit.rubrics.model import rubric_hash
from tenderkit.scoring.tender import TenderConfig
from tenderkit.signing import sign
from tenderkit.templates.excel.evaluator_issue import build_issue
from tenderkit.templates.excel.evaluator_payload import IssuedWorkbook
from tenderkit.templates.excel.evaluator_workbook import write_evaluator_workbook
from tenderkit.templates.excel.workbook_fill import fill_named_cells
from tenderkit.workspace.returns import Expectations, read_return

SECRET = b"b" * 32
ISSUED_AT = "2027-03-01T09:00:00Z"
RUBRIC = resolve_rubric("workplace-compassion@1.0.0").rubric
HASH = rubric_hash(RUBRIC)


def config(bidders: int) -> TenderConfig:
    return TenderConfig.model_validate(
        {
            "title": "Benchmark tender",
            "reference": "BENCH-1",
            "regime": "procurement-act-2023",
            "rubric": "workplace-compassion@1.0.0",
            "weights": {"quality": 100, "price": 0},
            "tie_break": "none",
            "thresholds": "flag",
            "bidders": [{"id": f"B{i}", "name": f"Bidder {i} Ltd"} for i in range(1, bidders + 1)],
            "evaluators": [{"id": "E1", "name": "Evaluator One"}],
        }
    )


@dataclass(frozen=True)
class Timing:
    median: float
    minimum: float

    def __str__(self) -> str:
        return f"{self.median * 1000:7.1f} ms (min {self.minimum * 1000:7.1f})"


def timed(action: Callable[[], object], repeat: int) -> Timing:
    """Median and minimum of repeat runs, after one warm-up run that is not counted."""
    action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return Timing(statistics.median(times), min(times))


def machine() -> str:
    return (
        f"machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs; "
        f"Python {platform.python_version()} ({sys.implementation.name}); "
        f"openpyxl {openpyxl.__version__}, XlsxWriter {xlsxwriter.__version__}"
    )


def issue(tender: TenderConfig) -> tuple[IssuedWorkbook, bytes]:
    issued = build_issue(tender, RUBRIC, HASH, tender.evaluators[0], ISSUED_AT, {})
    return issued, write_evaluator_workbook(issued, sign(issued.canonical(), SECRET))


def count_cells(data: bytes) -> int:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    total = sum(
        1
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    )
    book.close()
    return total


def floor_write(cells: int) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for i in range(cells):
        sheet.write_string(i // 3, i % 3, f"text {i}")
    book.close()
    return buffer.getvalue()


def floor_read(data: bytes) -> int:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    seen = sum(1 for ws in book.worksheets for row in ws.iter_rows(values_only=True) for _ in row)
    book.close()
    return seen


def completed(issued: IssuedWorkbook, data: bytes) -> bytes:
    values: dict[str, str | int | float | None] = {
        b.declaration.name: "No conflict" for b in issued.bidders
    }
    for pair in issued.allocation:
        values[pair.score.name] = 3
        values[pair.rationale.name] = "Benchmark rationale: evidence is credible and measured."
    return fill_named_cells(data, values)


def run(bidders: int, repeat: int) -> None:
    tender = config(bidders)
    issued, data = issue(tender)
    cells = count_cells(data)
    t_issue = timed(lambda: issue(tender), repeat)
    t_write = timed(lambda: floor_write(cells), repeat)
    returned = completed(issued, data)
    expect = Expectations(
        "BENCH-1",
        SECRET,
        lambda e, at, _bidders: (
            build_issue(tender, RUBRIC, HASH, tender.evaluators[0], at, {}) if e == "E1" else None
        ),
    )
    result = read_return("E1.xlsx", returned, expect)
    assert not hasattr(result, "rule"), result
    t_collect = timed(lambda: read_return("E1.xlsx", returned, expect), repeat)
    t_read = timed(lambda: floor_read(returned), repeat)
    print(
        f"{bidders:>4} bidders {len(issued.allocation):>4} scores {cells:>6} cells\n"
        f"     issue   {t_issue} vs XlsxWriter floor       {t_write} = x{t_issue.median / t_write.median:4.1f}\n"
        f"     collect {t_collect} vs openpyxl read-only floor {t_read} = x{t_collect.median / t_read.median:4.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bidders", type=int, nargs="+", default=[3, 20, 60])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(machine())
    print(f"median of {args.repeat} runs after a warm-up; floors as in the module docstring")
    for bidders in args.bidders:
        run(bidders, args.repeat)


if __name__ == "__main__":
    main()
