"""A whole tender at scale: every evaluation stage timed against the raw library floor.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 3,30,100,300] [--repeat 3] [--out FILE]

For each size it builds a tender workspace in code (N bidders x 12 evaluators, each
evaluator scoring all 15 criteria of the bundled rubric workplace-compassion@2, synthetic
prices), issues the workbooks, fills every return by defined names, collects, moderates,
fills the consensus by defined names and compares, so every stage has real input. Then it
times each stage as the command runs it, from `open_tender` on, on a fresh copy of that
workspace, each run in a fresh Python process that reports its own time and peak RSS:

- issue    `issue_workbooks(..., reissue=True)`: all 12 workbooks written and signed;
- collect  `collect_returns`: every return checked and read, collected.json and the log;
- moderate `issue_moderation`: moderation.xlsx from collected.json;
- compare  `compare_bids`: moderation.xlsx and prices.csv read, results.json and
           comparison.xlsx written;
- spec     `prepare_specification` + `render_specification` of a 60-clause specification
           (once, not per size: the bundled library holds 44 clauses, so the benchmark copies
           it to a temporary folder and adds 16 clauses copied from existing ones under new
           ids, their approvals recorded in the copy's lock).

Each stage's floor runs in the same way, on the same files, with no logic:
- issue, moderate: XlsxWriter in constant-memory mode writing as many text cells as the
  stage's workbooks hold (one floor workbook per workbook the stage writes);
- compare: openpyxl read-only reading every cell of moderation.xlsx, plus XlsxWriter
  (constant memory) writing as many cells as comparison.xlsx holds, since compare does both;
- collect: openpyxl read-only iterating every cell of every sheet of every return; and, as
  the physical reference, python-calamine (Rust) reading the same sheets (needs the
  `bench` extra: `pip install -e ".[bench]"`; without it that column is left out).

Times are medians of --repeat runs (the minimum is kept beside them in the JSON). A stage's
runs alternate with its floor's, so drift in the machine's speed moves both alike; `ratio` is
median over median (wall clock), and `ratio_cpu_paired` (the table's CPU column) the median,
over the repeats, of the stage's CPU time over its floor's in the same repeat. Peak RSS is the process's own maximum resident set (ru_maxrss), with
the RSS after imports and before the stage beside it. The machine, the load average before
and after each size, and every run are written to JSON (benchmarks/results/scale-<date>.json
by default). The growth exponent of time against the number of bidders is a least-squares fit
on log-log, over all sizes run and over the sizes of 30 and more (where fixed start-up costs
stop dominating). Ratios are what to watch; absolute times depend on the machine and its
load. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.metadata
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVALUATORS = 12
RUBRIC = "workplace-compassion@2.0.0"
SPEC_CLAUSES = 60
ISSUED_AT = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
COLLECTED_AT = dt.datetime(2027, 3, 15, 17, 0, tzinfo=dt.UTC)
MODERATED_AT = dt.datetime(2027, 3, 16, 9, 0, tzinfo=dt.UTC)
COMPARED_AT = dt.datetime(2027, 3, 20, 10, 0, tzinfo=dt.UTC)
STAGES = ("issue", "collect", "moderate", "compare")
SYNTHETIC = "SYNTHETIC BENCHMARK SCORE"


# ---------------------------------------------------------------------------------------
# Building the tender (in the parent process, not timed)


def tender_text(bidders: int, evaluators: int = EVALUATORS) -> str:
    lines = [
        "# A benchmark tender written by benchmarks/bench_scale.py; every score is synthetic.",
        f"title: Benchmark tender ({bidders} bidders)",
        "reference: BENCH-2027-001",
        "regime: procurement-act-2023",
        f"rubric: {RUBRIC}",
        "weights: {quality: 60, price: 40}",
        "price: {formula: lowest-over-bid}",
        "tie_break: higher-quality",
        "thresholds: flag",
        "moderation: {spread_threshold: 2}",
        "bidders:",
        *(f"  - {{id: B{i}, name: Benchmark Bidder {i} Ltd}}" for i in range(1, bidders + 1)),
        "evaluators:",
        *(f"  - {{id: E{i}, name: Evaluator {i}}}" for i in range(1, evaluators + 1)),
    ]
    return "\n".join(lines) + "\n"


def prices_text(bidders: int) -> str:
    rows = "".join(f"B{i},{400000 + (i * 7919) % 50000}.00\n" for i in range(1, bidders + 1))
    return f"# SYNTHETIC BENCHMARK PRICES: not real bids.\nbidder,price\n{rows}"


def synthetic_score(allowed: Sequence[float], evaluator: str, bidder: str, criterion: str) -> float:
    digest = hashlib.sha256(f"{evaluator}/{bidder}/{criterion}".encode()).digest()
    upper = allowed[len(allowed) // 3 :]
    return upper[digest[0] % len(upper)]


def build_tender(root: Path, bidders: int, evaluators: int) -> None:
    """A workspace at root ready to compare: issued, returned, collected and moderated."""
    from tenderkit import fsio
    from tenderkit.scoring.entries import NO_CONFLICT
    from tenderkit.templates.excel.evaluator_issue import format_issued_at
    from tenderkit.templates.excel.workbook_fill import fill_named_cells
    from tenderkit.workspace.collect import collect_returns
    from tenderkit.workspace.init import init_workspace
    from tenderkit.workspace.issue import issue_workbooks
    from tenderkit.workspace.moderate import issue_moderation
    from tenderkit.workspace.tender import open_tender

    init_workspace(root, ISSUED_AT, tender_text=tender_text(bidders, evaluators))
    tender = open_tender(root)
    fsio.write_text(tender.workspace.prices_csv, prices_text(bidders))
    stamp = format_issued_at(ISSUED_AT)
    for outcome in issue_workbooks(tender, ISSUED_AT, ISSUED_AT):
        issued = tender.expected_issue(outcome.evaluator, stamp)
        assert issued is not None
        values: dict[str, str | int | float | None] = {
            b.declaration.name: NO_CONFLICT for b in issued.bidders
        }
        for pair in issued.allocation:
            allowed = issued.criterion(pair.criterion).scale.allowed
            score = synthetic_score(allowed, outcome.evaluator, pair.bidder, pair.criterion)
            values[pair.score.name] = int(score) if score.is_integer() else score
            values[pair.rationale.name] = (
                f"{SYNTHETIC}: {pair.criterion} for {pair.bidder}; the evidence is measured, "
                "staff-led and reviewed with the workforce."
            )
        target = tender.workspace.returns_dir / outcome.path.name
        fsio.write_bytes(target, fill_named_cells(outcome.path.read_bytes(), values))
    collected = collect_returns(tender, COLLECTED_AT)
    if not collected.collection.complete:
        raise SystemExit(f"benchmark collection incomplete: {collected.collection.problems[0]}")
    moderation = issue_moderation(tender, MODERATED_AT, MODERATED_AT)
    consensus: dict[str, str | int | float | None] = {}
    for line in moderation.workbook.lines:
        assert line.rounded_mean is not None
        mean = line.rounded_mean
        consensus[line.consensus.name] = int(mean) if mean.is_integer() else mean
        consensus[line.note.name] = (
            f"SYNTHETIC BENCHMARK CONSENSUS: the panel kept the rounded mean for {line.criterion}."
        )
    fsio.write_bytes(moderation.path, fill_named_cells(moderation.path.read_bytes(), consensus))


def build_library(root: Path, clauses: int = SPEC_CLAUSES) -> Path:
    """A copy of the bundled clause library at root, topped up to `clauses` approved clauses.

    Extra clauses are copies of the bundled ones in turn, under ids with a 1 in front of the
    number (WC-CV-001 becomes WC-CV-1001), approved in the copy's lock as `tender clauses
    approve` would record them. Returns the manifest that selects every domain.
    """
    from tenderkit.clauses.library import bundled_library_path, clause_files, load_library
    from tenderkit.clauses.model import Status, version_hash

    library = root / "library"
    shutil.copytree(bundled_library_path(), library)
    bundled = load_library(library)
    approved = [
        c for c in bundled.clauses.values() if any(v.status is Status.APPROVED for v in c.versions)
    ]
    sources = [p for p in clause_files(library)]
    by_id = {p.stem: p for p in sources}
    extra = clauses - len(approved)
    for n in range(max(0, extra)):
        source = approved[n % len(approved)]
        prefix, number = source.id.rsplit("-", 1)
        new_id = f"{prefix}-{n // len(approved) + 1}{number}"
        path = by_id[source.id]
        text = path.read_text(encoding="utf-8").replace(f"id: {source.id}\n", f"id: {new_id}\n", 1)
        (path.parent / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    grown = load_library(library)
    for clause in grown.clauses.values():
        for version in clause.versions:
            key = f"{clause.id}@{version.version}"
            if version.status is not Status.DRAFT and key not in grown.lock.approved:
                grown.lock.record(key, version_hash(clause, version))
    grown.lock.save()
    domains = [d.id for d in grown.taxonomy.domains]
    manifest = root / "spec-manifest.yaml"
    manifest.write_text(
        "\n".join(
            [
                "title: Benchmark specification",
                "reference: BENCH-2027-001/SPEC/01",
                "commissioner: NHS Example Integrated Care Board",
                "author: Head of Commissioning",
                'version: "1.0"',
                "status: benchmark",
                "date: 2027-01-15",
                "regime: procurement-act-2023",
                "rubric: workplace-compassion@2",
                "weights: {quality: 60, price: 40}",
                "thresholds: exclude",
                "parameters:",
                "  service_name: Community Nursing Service",
                "clauses:",
                *(f"  - domain: {d}" for d in domains),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return manifest


def count_cells(path: Path) -> int:
    """Cells holding a value, over every sheet, as openpyxl read-only sees them."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return sum(
            1
            for ws in book.worksheets
            for row in ws.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    finally:
        book.close()


# ---------------------------------------------------------------------------------------
# One timed run (in a fresh Python process)


def _peak_kib() -> int:
    """This process's peak resident set in KiB.

    Linux's VmHWM, where there is one: ru_maxrss of a process started by fork and exec
    carries over the parent's peak from before the exec, so it would show the parent's size.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS


def stage_action(stage: str, args: Sequence[str]) -> Callable[[], object]:
    """What one run of a stage (or floor) does; the imports happen here, before timing."""
    if stage in STAGES:
        from tenderkit.workspace.collect import collect_returns
        from tenderkit.workspace.compare import compare_bids
        from tenderkit.workspace.issue import issue_workbooks
        from tenderkit.workspace.moderate import issue_moderation
        from tenderkit.workspace.tender import open_tender

        root = Path(args[0])
        actions: dict[str, Callable[[], object]] = {
            "issue": lambda: issue_workbooks(open_tender(root), ISSUED_AT, ISSUED_AT, reissue=True),
            "collect": lambda: collect_returns(open_tender(root), COLLECTED_AT),
            "moderate": lambda: issue_moderation(open_tender(root), MODERATED_AT, MODERATED_AT),
            "compare": lambda: compare_bids(open_tender(root), COMPARED_AT),
        }
        return actions[stage]
    if stage == "spec":
        from tenderkit.templates.word.spec_docx import render_specification
        from tenderkit.workspace.specification import prepare_specification

        manifest, library, out = (Path(a) for a in args)

        def spec() -> int:
            prepared = prepare_specification(manifest, library_dir=library)
            if len(prepared.assembly.clauses()) != SPEC_CLAUSES:
                raise SystemExit(
                    f"the specification has {len(prepared.assembly.clauses())} clauses"
                )
            data = render_specification(prepared)
            out.write_bytes(data)
            return len(data)

        return spec
    if stage == "write":
        return _floor_write([int(a) for a in args[1:]], Path(args[0]))
    if stage == "read":
        return _floor_read([Path(a) for a in args])
    if stage == "calamine":
        return _floor_calamine([Path(a) for a in args])
    raise SystemExit(f"unknown stage {stage}")


def _floor_write(counts: Sequence[int], folder: Path) -> Callable[[], object]:
    import xlsxwriter

    def write() -> None:
        for n, cells in enumerate(counts):
            book = xlsxwriter.Workbook(str(folder / f"floor-{n}.xlsx"), {"constant_memory": True})
            sheet = book.add_worksheet()
            for i in range(cells):
                sheet.write_string(i // 10, i % 10, f"text {i}")
            book.close()

    return write


def _floor_read(paths: Sequence[Path]) -> Callable[[], object]:
    import openpyxl

    def read() -> int:
        seen = 0
        for path in paths:
            book = openpyxl.load_workbook(path, read_only=True)
            for ws in book.worksheets:
                for row in ws.iter_rows(values_only=True):
                    seen += len(row)
            book.close()
        return seen

    return read


def _floor_calamine(paths: Sequence[Path]) -> Callable[[], object]:
    from python_calamine import CalamineWorkbook

    def read() -> int:
        seen = 0
        for path in paths:
            book = CalamineWorkbook.from_path(str(path))
            for name in book.sheet_names:
                for row in book.get_sheet_by_name(name).to_python():
                    seen += len(row)
        return seen

    return read


def worker(stage: str, args: Sequence[str]) -> None:
    action = stage_action(stage, args)
    before = _peak_kib()
    start, cpu = time.perf_counter(), time.process_time()
    action()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    # CPU time beside wall time: on a shared machine the wall clock counts other people's work.
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_s": cpu_seconds,
                "rss_kib": _peak_kib(),
                "rss_before_kib": before,
            }
        )
    )


# ---------------------------------------------------------------------------------------
# Driving the runs


def run_once(stage: str, args: Sequence[str], timeout: float) -> dict[str, Any] | None:
    """One fresh-process run: its time and RSS, or None when it ran past timeout (killed)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", stage, *map(str, args)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise SystemExit(f"{stage} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


class Limits:
    """How long one run may take (then it is killed and reported as timed out) and how much
    time the repeats of one timing may use (repeats stop once it is spent)."""

    def __init__(self, repeat: int, timeout: float, budget: float) -> None:
        self.repeat, self.timeout, self.budget = repeat, timeout, budget


@dataclass(frozen=True)
class Timing:
    """One thing to time: a stage or floor, its arguments for a run's folder, the workspace
    each run works on a fresh copy of (None: an empty folder), and what to look at after
    the first run."""

    key: str
    stage: str
    args: Callable[[Path], Sequence[str]]
    source: Path | None = None
    inspect: Callable[[Path], None] | None = None


def _run_in_copy(timing: Timing, n: int, limits: Limits, scratch: Path, first: bool) -> Any:
    work = scratch / f"{timing.key}-{n}"
    if timing.source is not None:
        shutil.copytree(timing.source, work)
        if timing.stage == "moderate":
            (work / "moderation.xlsx").unlink()
    else:
        work.mkdir()
    run = run_once(timing.stage, timing.args(work), limits.timeout)
    if run is not None and timing.inspect is not None and first:
        timing.inspect(work)
    shutil.rmtree(work)
    return run


def _summary(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    times = [r["seconds"] for r in runs]
    return {
        "median_s": statistics.median(times),
        "median_cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "min_s": min(times),
        "rss_mib": max(r["rss_kib"] for r in runs) / 1024,
        "rss_before_mib": max(r["rss_before_kib"] for r in runs) / 1024,
        "runs": list(runs),
    }


def measure_together(
    timings: Sequence[Timing], limits: Limits, scratch: Path
) -> dict[str, dict[str, Any]]:
    """Fresh-process runs of each timing in turn, repeat by repeat (a stage's run, then its
    floors' runs, then the stage's next run), so a machine that speeds up or slows down
    between repeats moves a stage and its floor alike. Repeats stop once the first timing
    (the stage) has used the budget; a timing that runs past the timeout is not run again."""
    runs: dict[str, list[dict[str, Any]]] = {t.key: [] for t in timings}
    timed_out: set[str] = set()
    spent = 0.0
    for n in range(limits.repeat):
        for index, timing in enumerate(timings):
            if timing.key in timed_out:
                continue
            run = _run_in_copy(timing, n, limits, scratch, first=not runs[timing.key])
            if run is None:
                timed_out.add(timing.key)
                continue
            runs[timing.key].append(run)
            if index == 0:
                spent += run["seconds"]
        if spent > limits.budget or timings[0].key in timed_out:
            break
    return {
        t.key: (
            {"timed_out": True, "timeout_s": limits.timeout, "runs": runs[t.key]}
            if t.key in timed_out or not runs[t.key]
            else _summary(runs[t.key])
        )
        for t in timings
    }


def measure(timing: Timing, limits: Limits, scratch: Path) -> dict[str, Any]:
    """Median and minimum of fresh-process runs of one timing."""
    return measure_together([timing], limits, scratch)[timing.key]


def _paired(stage: dict[str, Any], floors: Sequence[dict[str, Any]]) -> float | None:
    """Median over repeats of the stage's CPU time over its floors' in the same repeat."""
    if "runs" not in stage or any("runs" not in f for f in floors):
        return None
    pairs = zip(stage["runs"], *(f["runs"] for f in floors), strict=False)
    ratios = [run["cpu_s"] / sum(f["cpu_s"] for f in fl) for run, *fl in pairs]
    return statistics.median(ratios) if ratios else None


def run_size(
    bidders: int,
    evaluators: int,
    limits: Limits,
    scratch: Path,
    calamine: bool,
    skip: set[str],
    keep: Path | None,
) -> dict[str, Any]:
    """Every stage and floor at one size; stages in skip (too slow at a smaller size) are not run."""
    load_before = os.getloadavg()
    tender = (keep or scratch) / f"tender-{bidders}"
    start = time.perf_counter()
    build_tender(tender, bidders, evaluators)
    built = time.perf_counter() - start
    issued = sorted((tender / "issued").glob("*.xlsx"))
    returns = sorted((tender / "returns").glob("*.xlsx"))
    moderation = tender / "moderation.xlsx"
    issued_cells = [count_cells(p) for p in issued]
    moderation_cells = count_cells(moderation)
    return_cells = sum(count_cells(p) for p in returns)
    comparison_cells: list[int] = []
    runs = scratch / "runs"
    runs.mkdir(exist_ok=True)

    def on_tender(work: Path) -> list[str]:
        return [str(work)]

    def files(paths: Sequence[Path]) -> Callable[[Path], list[str]]:
        return lambda _work: [str(p) for p in paths]

    def writes(counts: Callable[[], Sequence[int]]) -> Callable[[Path], list[str]]:
        return lambda work: [str(work), *map(str, counts())]

    def count_comparison(work: Path) -> None:
        comparison_cells.append(count_cells(work / "out" / "comparison.xlsx"))

    floors: dict[str, list[Timing]] = {
        "issue": [Timing("floor", "write", writes(lambda: issued_cells))],
        "collect": [Timing("floor", "read", files(returns))]
        + ([Timing("calamine", "calamine", files(returns))] if calamine else []),
        "moderate": [Timing("floor", "write", writes(lambda: [moderation_cells]))],
        # compare reads moderation.xlsx and writes comparison.xlsx: both floors, summed.
        "compare": [
            Timing("floor_read", "read", files([moderation])),
            Timing("floor_write", "write", writes(lambda: comparison_cells[:1])),
        ],
    }
    stages: dict[str, Any] = {}
    for stage in STAGES:
        if stage in skip:
            stages[stage] = {"stage": {"skipped": True}}
            continue
        inspect = count_comparison if stage == "compare" else None
        own = Timing("stage", stage, on_tender, tender, inspect)
        result = measure_together([own, *floors[stage]], limits, runs)
        if stage == "compare" and not comparison_cells:
            result.pop("floor_write")  # the stage never finished: nothing to count
        stages[stage] = result
    compare = stages["compare"]
    if "median_s" in compare.get("floor_read", {}) and "median_s" in compare.get("floor_write", {}):
        read, write = compare["floor_read"], compare["floor_write"]
        compare["floor"] = {
            "median_s": read["median_s"] + write["median_s"],
            "median_cpu_s": read["median_cpu_s"] + write["median_cpu_s"],
            "rss_mib": max(read["rss_mib"], write["rss_mib"]),
        }
        compare["ratio_cpu_paired"] = _paired(compare["stage"], [read, write])
    for name, result in stages.items():
        if "median_s" not in result["stage"] or "median_s" not in result.get("floor", {}):
            continue
        result["ratio"] = result["stage"]["median_s"] / result["floor"]["median_s"]
        # The same over CPU time: on a shared machine the wall clock also counts others' work.
        result["ratio_cpu"] = result["stage"]["median_cpu_s"] / result["floor"]["median_cpu_s"]
        if name != "compare":
            result["ratio_cpu_paired"] = _paired(result["stage"], [result["floor"]])
        if "median_s" in result.get("calamine", {}):
            result["ratio_calamine"] = result["stage"]["median_s"] / result["calamine"]["median_s"]
    return {
        "bidders": bidders,
        "evaluators": evaluators,
        "scores": bidders * evaluators * 15,
        "cells": {
            "issued": sum(issued_cells),
            "returns": return_cells,
            "moderation": moderation_cells,
            "comparison": comparison_cells[0] if comparison_cells else None,
        },
        "bytes": {
            "issued": sum(p.stat().st_size for p in issued),
            "returns": sum(p.stat().st_size for p in returns),
            "moderation": moderation.stat().st_size,
        },
        "build_s": built,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "stages": stages,
    }


def exponent(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(time) against log(size)."""
    if len({x for x, _ in points}) < 2:
        return None
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def _median(result: dict[str, Any] | None) -> float | None:
    return None if result is None else result.get("median_s")


def exponents(sizes: Sequence[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """Per stage, the fitted exponent over the sizes where the stage (or floor) finished."""
    out: dict[str, dict[str, float | None]] = {}
    for stage in STAGES:
        timed = [(s["bidders"], _median(s["stages"][stage]["stage"])) for s in sizes]
        every = [(b, t) for b, t in timed if t is not None]
        floors = [(s["bidders"], _median(s["stages"][stage].get("floor"))) for s in sizes]
        out[stage] = {
            "all_sizes": exponent(every),
            "sizes_30_and_more": exponent([p for p in every if p[0] >= 30]),
            "floor_all_sizes": exponent([(b, t) for b, t in floors if t is not None]),
        }
    return out


def machine() -> dict[str, Any]:
    versions = {}
    for package in ("openpyxl", "XlsxWriter", "python-calamine", "python-docx"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "packages": versions,
    }


def _seconds(result: dict[str, Any] | None) -> str:
    if result is None:
        return "-"
    if result.get("skipped"):
        return "skipped"
    if result.get("timed_out"):
        return f">{result['timeout_s']:.0f}"
    return f"{result['median_s']:.3f}"


def _mib(result: dict[str, Any] | None, key: str = "rss_mib") -> str:
    return f"{result[key]:.1f}" if result is not None and key in result else "-"


def table(sizes: Sequence[dict[str, Any]], fits: dict[str, dict[str, float | None]]) -> str:
    lines = [
        f"{'bidders':>7} {'stage':<8} {'time s':>8} {'floor s':>8} {'ratio':>6} {'CPU':>5} "
        f"{'calamine s':>10} {'/calam':>7} {'RSS MiB':>8} {'(start)':>8} {'floor RSS':>9}"
    ]
    for size in sizes:
        for stage in STAGES:
            r = size["stages"][stage]
            cal = r.get("calamine")
            ratio = f"{r['ratio']:.2f}" if "ratio" in r else "-"
            paired = r.get("ratio_cpu_paired")
            cpu = f"{paired:.2f}" if paired is not None else "-"
            lines.append(
                f"{size['bidders']:>7} {stage:<8} {_seconds(r['stage']):>8} "
                f"{_seconds(r.get('floor')):>8} {ratio:>6} {cpu:>5} "
                + (
                    f"{_seconds(cal):>10} {r.get('ratio_calamine', 0):>7.1f} "
                    if cal
                    else f"{'':>10} {'':>7} "
                )
                + f"{_mib(r['stage']):>8} {_mib(r['stage'], 'rss_before_mib'):>8} "
                f"{_mib(r.get('floor')):>9}"
            )
        load = ", ".join(f"{x:.2f}" for x in size["load_before"])
        lines.append(f"{'':>7} (load average before: {load}; cells {size['cells']})")
    if fits:
        lines.append("growth exponent of time vs bidders (log-log least squares):")
    for stage, fit in fits.items():
        shown = {k: "n/a" if v is None else f"{v:.2f}" for k, v in fit.items()}
        lines.append(
            f"  {stage:<8} all sizes {shown['all_sizes']}, sizes >= 30 {shown['sizes_30_and_more']}"
            f" (floor, all sizes {shown['floor_all_sizes']})"
        )
    return "\n".join(lines)


def write_results(
    out: Path,
    args: argparse.Namespace,
    about: dict[str, Any],
    spec: dict[str, Any],
    results: Sequence[dict[str, Any]],
) -> None:
    document = {
        "format": "tenderkit-bench-scale/1",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": about,
        "repeat": args.repeat,
        "timeout_s": args.timeout,
        "budget_s": args.budget,
        "rubric": RUBRIC,
        "spec": {"clauses": SPEC_CLAUSES, **spec},
        "sizes": list(results),
        "exponents": exponents(results),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="3,30,100,300", help="bidder counts, comma-separated")
    parser.add_argument("--evaluators", type=int, default=EVALUATORS)
    parser.add_argument("--repeat", type=int, default=3, help="fresh-process runs per timing")
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds one run may take before it is killed"
    )
    parser.add_argument(
        "--budget", type=float, default=120, help="seconds after which a timing stops repeating"
    )
    parser.add_argument("--keep", type=Path, help="keep the built workspaces in this folder")
    parser.add_argument(
        "--out", type=Path, help="JSON file (default benchmarks/results/scale-<date>.json)"
    )
    parser.add_argument("--worker", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], args.worker[1:])
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    try:
        import python_calamine  # noqa: F401

        calamine = True
    except ImportError:
        calamine = False
        print("python-calamine is not installed (pip install -e '.[bench]'): no calamine floor")
    about = machine()
    print(
        f"{about['platform']}, {about['cpus']} CPUs, Python {about['python']}, {about['packages']}"
    )
    print(f"median of {args.repeat} fresh-process runs; load average now {os.getloadavg()}")
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="tenderkit-bench-") as tmp:
        scratch = Path(tmp)
        spec_dir = scratch / "spec"
        spec_dir.mkdir()
        manifest = build_library(spec_dir)
        limits = Limits(args.repeat, args.timeout, args.budget)
        spec = measure(
            Timing(
                "spec",
                "spec",
                lambda work: [str(manifest), str(spec_dir / "library"), str(work / "spec.docx")],
            ),
            limits,
            scratch,
        )
        print(
            f"spec build, {SPEC_CLAUSES} clauses: {spec['median_s']:.3f} s (min {spec['min_s']:.3f}), "
            f"peak RSS {spec['rss_mib']:.1f} MiB"
        )
        out = args.out or Path(__file__).parent / "results" / f"scale-{dt.date.today()}.json"
        skip: set[str] = set()
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
        for bidders in sizes:
            result = run_size(bidders, args.evaluators, limits, scratch, calamine, skip, args.keep)
            results.append(result)
            # A stage that ran past the timeout would only take longer with more bidders.
            skip |= {s for s in STAGES if result["stages"][s]["stage"].get("timed_out")}
            print(table([result], {}), flush=True)
            write_results(out, args, about, spec, results)  # after each size: a stop loses little
    print()
    print(table(results, exponents(results)))
    print(f"written {out}")


if __name__ == "__main__":
    main()
