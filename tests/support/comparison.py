"""Comparison workbooks built from hand-made evaluations, and their figures read back by name."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from tenderkit.scoring.inputs import CriterionInput, EvaluationInputs, exact
from tenderkit.scoring.quality import domain_points
from tenderkit.scoring.results import InputFile, evaluate, results_document
from tenderkit.templates.excel.comparison_workbook import (
    ComparisonMethod,
    MethodCriterion,
    write_comparison_workbook,
)
from tenderkit.templates.excel.names import excel_name
from tests.scoring.cases import evaluation

CREATED = dt.datetime(2027, 4, 1, 12, 0, tzinfo=dt.UTC)
CRITERIA_TITLES = {"Q1": "Staff-owned values", "Q2": "Visible, listening leaders"}
#: Two 0–5 criteria in two domains (60 + 40); a bid scoring under 2 on Q2 fails its threshold.
THRESHOLD_CRITERIA = (
    CriterionInput("Q1", "culture-values", Decimal(60), 5),
    CriterionInput("Q2", "leadership", Decimal(40), 5, threshold=2),
)


def built(inputs: EvaluationInputs) -> tuple[dict[str, Any], bytes]:
    """The results document for inputs and the comparison workbook written from it."""
    result = evaluate(inputs)
    document = results_document(
        result,
        reference="ICB-2027-014",
        rubric_id="small-rubric",
        rubric_version="1.0.0",
        rubric_hash="sha256:" + "ab" * 32,
        inputs=[InputFile("tender.yaml", "sha256:" + "01" * 32)],
        note_places={pair: ("Moderation", f"L{i + 5}") for i, pair in enumerate(inputs.notes)},
    )
    method = ComparisonMethod(
        title="Community nursing services",
        criteria=[
            MethodCriterion(
                c.id,
                CRITERIA_TITLES.get(c.id, c.id),
                c.domain,
                float(exact(c.scale_max)),
                float(exact(c.effective_weight)),
            )
            for c in inputs.criteria
        ],
        domain_titles={"culture-values": "Culture and values", "leadership": "Leadership"},
        domain_points={
            b.id: {d: float(p) for d, p in domain_points(b.criteria).items()}
            for b in result.decision.bids
        },
        lowest_price=None
        if result.decision.lowest_price is None
        else float(result.decision.lowest_price),
        tool_version="0.1.0",
        created=CREATED,
    )
    return document, write_comparison_workbook(document, method)


def three_bids(**options: Any) -> EvaluationInputs:
    """Three bids; B3 scores 1 on Q2, under its threshold (excluded, or flagged)."""
    base: dict[str, Any] = {
        "criteria": THRESHOLD_CRITERIA,
        "prices": {"B1": 125000.50, "B2": 118400, "B3": 99000},
        "notes": {("B1", "Q1"): '=HYPERLINK("http://example.org") evidence of staff values'},
    }
    return evaluation({"B1": [4, 3], "B2": [3, 3], "B3": [5, 1]}, **(base | options))


def named_values(path: Path, data_only: bool = True) -> dict[str, Any]:
    """Every workbook-level defined name of a single cell, and that cell's value."""
    book = openpyxl.load_workbook(path, data_only=data_only)
    out: dict[str, Any] = {}
    for name, defined in book.defined_names.items():
        destinations = list(defined.destinations)
        if len(destinations) != 1:
            continue
        sheet, ref = destinations[0]
        if ":" in ref:
            continue
        out[name] = book[sheet][ref.replace("$", "")].value
    return out


def expected_figures(document: Mapping[str, Any]) -> dict[str, float]:
    """The figures results.json holds, under the defined names the workbook gives them."""
    out: dict[str, float] = {}
    for bid in document["bidders"]:
        out[excel_name("Quality", bid["id"])] = bid["quality"]
        for key, prefix in (
            ("price_score", "PriceScore"),
            ("total", "Total"),
            ("price_per_quality_point", "PPQP"),
        ):
            if bid[key] is not None:
                out[excel_name(prefix, bid["id"])] = bid[key]
        for criterion in bid["criteria"]:
            out[excel_name("Weighted", bid["id"], criterion["id"])] = criterion["weighted"]
    return out


def with_cached_value(data: bytes, sheet_xml: str, cell: str, value: str) -> bytes:
    """The workbook with one formula cell's cached value replaced (to prove recalculation)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == sheet_xml:
                text = body.decode("utf-8")
                pattern = rf'(<c r="{cell}"[^>]*><f>[^<]*</f><v>)[^<]*(</v>)'
                text, count = re.subn(pattern, rf"\g<1>{value}\g<2>", text)
                assert count == 1, f"no formula with a cached value at {cell}"
                body = text.encode("utf-8")
            target.writestr(item, body)
    return out.getvalue()
