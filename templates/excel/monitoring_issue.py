"""What a provider is issued for a period, decided from the contract and the period alone.

Collection rebuilds the same payload and compares, so a return issued before contract.yaml
changed, or for another period, is told apart from one that was tampered with. The targets
shown come from the scoring core (`scoring.monitoring`), never worked out here.
"""

from __future__ import annotations

import datetime as dt

from tenderkit.scoring.contract import ContractClause, ContractConfig, Measure, measure_key
from tenderkit.scoring.entries import format_score
from tenderkit.scoring.monitoring import due_clauses, due_measures, final_target, trajectory
from tenderkit.scoring.periods import Period, deadline
from tenderkit.templates.excel.evaluator_payload import NamedCell
from tenderkit.templates.excel.monitoring_layout import place_names
from tenderkit.templates.excel.monitoring_payload import (
    CASE_STUDIES,
    IssuedBlock,
    IssuedCaseStudy,
    IssuedMeasure,
    IssuedReturn,
)
from tenderkit.templates.excel.names import check_unique, excel_name


def _unit(measure: Measure) -> str:
    if measure.unit == "percent":
        return "%"
    return " points" if measure.unit == "points" else ""


def baseline_text(measure: Measure) -> str:
    if measure.baseline is None:
        return "Not agreed before the contract: the first value reported is the baseline."
    return f"{format_score(measure.baseline)}{_unit(measure)} (agreed)"


def target_text(measure: Measure, period: Period) -> str:
    """The target in words, with this period's figure where the baseline is agreed."""
    rule = measure.target
    better = "above" if measure.direction == "higher" else "below"
    if rule.change == "hold":
        words = "No worse than the baseline"
    elif rule.change == "points":
        assert rule.amount is not None
        points = " percentage points" if measure.unit == "percent" else " points"
        words = f"{format_score(rule.amount)}{points} {better} the baseline within {rule.months} months of the contract start"
    else:
        assert rule.amount is not None
        words = f"{format_score(rule.amount)}% of the baseline {better} it within {rule.months} months of the contract start"
    if measure.baseline is None:
        return words + "; the target for each period follows a straight line from the baseline."
    now = trajectory(measure, measure.baseline, 0, period.months_from_start)
    end = final_target(measure, measure.baseline)
    return (
        f"{words} (final target {format_score(round(end, 2))}{_unit(measure)}); "
        f"for {period.label}: {'at least' if measure.direction == 'higher' else 'at most'} "
        f"{format_score(round(now, 2))}{_unit(measure)}"
    )


def _measure(clause: ContractClause, measure: Measure, period: Period) -> IssuedMeasure:
    has_ratio = measure.numerator is not None and measure.denominator is not None
    return IssuedMeasure(
        key=measure_key(clause, measure),
        title=measure.title,
        unit=measure.unit,
        minimum=measure.minimum,
        maximum=measure.maximum,
        direction=measure.direction,
        data_source=measure.data_source,
        numerator_label=measure.numerator.label if measure.numerator else None,
        numerator_whole=bool(measure.numerator and measure.numerator.whole),
        denominator_label=measure.denominator.label if measure.denominator else None,
        denominator_whole=bool(measure.denominator and measure.denominator.whole),
        baseline=baseline_text(measure),
        target=target_text(measure, period),
        value=NamedCell(name=excel_name("K", clause.id, measure.id), target=""),
        numerator=NamedCell(name=excel_name("KN", clause.id, measure.id), target="")
        if has_ratio
        else None,
        denominator=NamedCell(name=excel_name("KD", clause.id, measure.id), target="")
        if has_ratio
        else None,
    )


def build_return_issue(
    contract: ContractConfig, contract_hash: str, period: Period, issued_at: str
) -> IssuedReturn:
    """What is issued for period (cell targets filled in by the layout)."""
    due = {measure_key(c, m) for c, m in due_measures(contract, period)}
    blocks = []
    for clause in due_clauses(contract, period):
        blocks.append(
            IssuedBlock(
                clause=clause.id,
                version=clause.version,
                hash=clause.hash,
                title=clause.title,
                text=" ".join(clause.text.split()),
                measures=[
                    _measure(clause, m, period)
                    for m in clause.measures
                    if measure_key(clause, m) in due
                ],
                block_text=NamedCell(name=excel_name("KT", clause.id), target=""),
                commentary=NamedCell(name=excel_name("KC", clause.id), target=""),
            )
        )
    cases = [
        IssuedCaseStudy(
            title=NamedCell(name=excel_name("CST", str(i)), target=""),
            account=NamedCell(name=excel_name("CS", str(i)), target=""),
        )
        for i in range(1, CASE_STUDIES + 1)
    ]
    issue = IssuedReturn(
        contract_reference=contract.reference,
        contract_title=contract.title,
        contract_hash=contract_hash,
        provider=contract.provider,
        period=period.label,
        first_day=period.first_day.isoformat(),
        last_day=period.last_day.isoformat(),
        deadline=deadline(period, contract.reporting.within_working_days).isoformat(),
        issued_at=issued_at,
        blocks=blocks,
        case_studies=cases,
    )
    issue = place_names(issue)
    check_unique(issue.names())
    return issue


def format_issued_at(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()
