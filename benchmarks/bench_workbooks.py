"""Issue and collect time against the raw library floor.

    .venv/bin/python benchmarks/bench_workbooks.py [--bidders 3 20 60] [--repeat 5]

For an evaluator scoring all 8 criteria of the bundled rubric for N bidders:
- issue: `build_issue` + sign + `write_evaluator_workbook`, against XlsxWriter writing the
  same number of text cells into one sheet with `write_string` (no formats, names,
  validations or protection);
- collect: `read_return` on a completed return (archive checks, signature, payload
  comparison, text-block check, every named cell), against openpyxl in read-only mode
  iterating every cell of every sheet of the same file.
Ratios are what to watch; absolute times depend on the machine. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable

import openpyxl
import xlsxwriter

from tenderkit.rubrics.library import resolve_rubric
from tenderkit.rubrics.model import rubric_hash
from tenderkit.scoring.tender import TenderConfig
from tenderkit.templates.evaluator_issue import build_issue
from tenderkit.templates.evaluator_payload import IssuedWorkbook, sign
from tenderkit.templates.evaluator_return import Expectations, read_return
from tenderkit.templates.evaluator_workbook import write_evaluator_workbook
from tenderkit.templates.workbook_fill import fill_named_cells

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


def best(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times) if repeat < 3 else statistics.median(sorted(times)[: max(1, repeat - 1)])


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
    t_issue = best(lambda: issue(tender), repeat)
    t_write = best(lambda: floor_write(cells), repeat)
    returned = completed(issued, data)
    expect = Expectations(
        "BENCH-1",
        SECRET,
        lambda e, at: (
            build_issue(tender, RUBRIC, HASH, tender.evaluators[0], at, {}) if e == "E1" else None
        ),
    )
    result = read_return("E1.xlsx", returned, expect)
    assert not hasattr(result, "rule"), result
    t_collect = best(lambda: read_return("E1.xlsx", returned, expect), repeat)
    t_read = best(lambda: floor_read(returned), repeat)
    print(
        f"{bidders:>4} bidders {len(issued.allocation):>4} scores {cells:>6} cells | "
        f"issue {t_issue * 1000:7.1f} ms vs XlsxWriter floor {t_write * 1000:7.1f} ms = x{t_issue / t_write:5.1f} | "
        f"collect {t_collect * 1000:7.1f} ms vs openpyxl read-only floor {t_read * 1000:7.1f} ms "
        f"= x{t_collect / t_read:5.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bidders", type=int, nargs="+", default=[3, 20, 60])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for bidders in args.bidders:
        run(bidders, args.repeat)


if __name__ == "__main__":
    main()
