"""Monitoring decisions on plain values: a figure against its definition, a status against its target."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tenderkit.scoring.collection import Place, Reading, RefusedReturn
from tenderkit.scoring.contract import ContractConfig, Measure
from tenderkit.scoring.entries import Entry
from tenderkit.scoring.monitoring import (
    Flawed,
    Judged,
    MeasureReading,
    PeriodReturn,
    judge_measure,
    monitor,
    trajectory,
)
from tenderkit.scoring.periods import parse_period

START = dt.date(2027, 4, 1)


def percent_measure(**changes: Any) -> Measure:
    data: dict[str, Any] = {
        "id": "participation",
        "title": "Participation",
        "unit": "percent",
        "minimum": 0,
        "maximum": 100,
        "direction": "higher",
        "data_source": "records",
        "numerator": {"label": "Staff who took part", "whole": True},
        "denominator": {"label": "Headcount", "whole": True, "group_size": True},
        "frequency": "each-period",
        "target": {"change": "points", "amount": 10, "months": 24},
        "suppress_below": 11,
    }
    data.update(changes)
    return Measure.model_validate(data)


def reading(value: object, cell: str) -> Reading:
    return Reading(Entry(value=value), Place(f"K.{cell}", "Return", cell))  # type: ignore[arg-type]


def readings(value: object, numerator: object = None, denominator: object = None) -> MeasureReading:
    return MeasureReading(
        reading(value, "B10"), reading(numerator, "B11"), reading(denominator, "B12")
    )


def test_a_value_agreeing_with_its_numerator_and_denominator_stands() -> None:
    assert judge_measure(percent_measure(), readings(9.0, 38, 420)) == Judged(9.0, 38, 420)


@pytest.mark.parametrize(
    ("given", "rule", "cell"),
    [
        (readings(140, 38, 420), "out-of-range", "B10"),
        (readings(-1, 38, 420), "out-of-range", "B10"),
        (readings(50, 430, 420), "numerator-above-denominator", "B11"),
        (readings(9.0, 38.5, 420), "not-whole", "B11"),
        (readings(9.0, 38, -420), "negative", "B12"),
        (readings(12.0, 38, 420), "value-mismatch", "B10"),
        (readings("about nine", 38, 420), "not-a-number", "B10"),
        (readings(9.0, None, 420), "part-missing", "B11"),
    ],
)
def test_a_figure_outside_its_definition_is_refused_at_its_cell(
    given: MeasureReading, rule: str, cell: str
) -> None:
    outcome = judge_measure(percent_measure(), given)
    assert isinstance(outcome, Flawed)
    assert (outcome.rule, outcome.place.cell) == (rule, cell)


def test_a_group_under_the_minimum_size_is_withheld_even_when_a_value_is_given() -> None:
    outcome = judge_measure(percent_measure(), readings(30.0, 3, 10))
    assert outcome == Judged(None, None, 10, suppressed=True)


def test_a_score_numerator_may_exceed_the_denominator_up_to_the_scale_maximum() -> None:
    score = percent_measure(
        unit="score",
        maximum=10,
        numerator={"label": "Sum of scores", "whole": False},
        target={"change": "points", "amount": 0.3, "months": 24},
    )
    assert judge_measure(score, readings(6.6, 1188, 180)) == Judged(6.6, 1188, 180)
    flawed = judge_measure(score, readings(6.6, 1900, 180))
    assert isinstance(flawed, Flawed) and flawed.rule == "numerator-above-denominator"


def test_the_trajectory_runs_straight_from_the_baseline_to_the_final_target() -> None:
    """+10 points by month 24 from a baseline of 20 at the start: 25 at month 12."""
    measure = percent_measure()
    assert trajectory(measure, 20, 0, 12) == pytest.approx(25)
    assert trajectory(measure, 20, 0, 30) == pytest.approx(30)


def test_a_share_of_the_baseline_target_falls_for_a_lower_is_better_measure() -> None:
    measure = percent_measure(
        direction="lower", target={"change": "percent-of-baseline", "amount": 10, "months": 24}
    )
    assert trajectory(measure, 2.4, 0, 24) == pytest.approx(2.16)


def contract(measure: Measure, baseline: float | None = None) -> ContractConfig:
    return ContractConfig.model_validate(
        {
            "reference": "C-1",
            "title": "Test contract",
            "commissioner": "ICB",
            "provider": "Provider Ltd",
            "start": START,
            "reporting": {"frequency": "quarterly", "within_working_days": 20},
            "specification": {
                "reference": "S-1",
                "title": "Spec",
                "manifest_hash": "sha256:x",
                "library": "lib 1",
            },
            "clauses": [
                {
                    "id": "WC-AA-004",
                    "version": "2.0.0",
                    "hash": "sha256:" + "0" * 64,
                    "kind": "kpi",
                    "title": "Participation",
                    "obligation": "must",
                    "text": "The Provider must raise participation.",
                    "frequency": "each-period",
                    "measures": [measure.model_copy(update={"baseline": baseline}).model_dump()],
                }
            ],
        }
    )


def period_return(label: str, value: float, num: int, den: int) -> PeriodReturn:
    return PeriodReturn(
        file=f"returns/{label}.xlsx",
        sha256="x",
        period=label,
        measures={"WC-AA-004.participation": readings(value, num, den)},
        commentary={},
    )


def test_statuses_follow_the_trajectory_from_the_first_period_when_no_baseline_was_agreed() -> None:
    """Baseline 10.0 in Q1 (month 3): targets 10 + 10 × (m − 3) / 21 at months 6, 9, 12."""
    periods = [parse_period(f"2027-Q{i}", START, "quarterly") for i in range(1, 5)]
    figures = [(10.0, 42, 420), (11.9, 50, 420), (11.4, 48, 420), (12.4, 52, 420)]
    returned = [period_return(p.label, *f) for p, f in zip(periods, figures, strict=True)]
    result = monitor(contract(percent_measure()), periods, returned, [], dt.date(2028, 6, 1))
    rows = result.measures[0].periods
    targets = [10.0, 10 + 10 * 3 / 21, 10 + 10 * 6 / 21, 10 + 10 * 9 / 21]
    assert [r.target for r in rows] == pytest.approx(targets)
    assert [r.status for r in rows] == ["met", "met", "not-met", "not-met"]
    assert rows[0].baseline_period
    assert result.measures[0].not_met_in_a_row == 2


def test_an_overdue_period_without_a_return_is_late_and_an_awaited_one_is_not_judged() -> None:
    periods = [parse_period(f"2027-Q{i}", START, "quarterly") for i in range(1, 3)]
    returned = [period_return("2027-Q1", 10.0, 42, 420)]
    late = monitor(contract(percent_measure()), periods, returned, [], dt.date(2027, 12, 1))
    assert [r.status for r in late.measures[0].periods] == ["met", "late"]
    waiting = monitor(contract(percent_measure()), periods, returned, [], dt.date(2027, 10, 5))
    assert [r.period for r in waiting.measures[0].periods] == ["2027-Q1"]
    assert waiting.awaiting == ["2027-Q2"]


def test_a_blank_value_in_a_return_is_missing_and_a_missing_period_does_not_end_a_run() -> None:
    periods = [parse_period(f"2027-Q{i}", START, "quarterly") for i in range(1, 4)]
    returned = [
        period_return("2027-Q1", 9.0, 38, 420),
        PeriodReturn(
            "returns/q2.xlsx",
            "x",
            "2027-Q2",
            {"WC-AA-004.participation": readings(None, None, None)},
            {},
        ),
        period_return("2027-Q3", 9.0, 38, 420),
    ]
    result = monitor(contract(percent_measure(), 20.0), periods, returned, [], dt.date(2028, 1, 1))
    assert [r.status for r in result.measures[0].periods] == ["not-met", "missing", "not-met"]
    assert result.measures[0].not_met_in_a_row == 2
    assert result.clean


def test_refused_files_and_second_returns_for_a_period_are_problems() -> None:
    periods = [parse_period("2027-Q1", START, "quarterly")]
    returned = [period_return("2027-Q1", 9.0, 38, 420)]
    twin = PeriodReturn("returns/z.xlsx", "y", "2027-Q1", returned[0].measures, {})
    refused = [RefusedReturn("returns/bad.xlsx", "z", "tampered", "signature", Place("TK.META"))]
    result = monitor(contract(percent_measure()), periods, [*returned, twin], refused, START)
    assert [p.rule for p in result.problems] == ["tampered", "duplicate-return"]
    assert result.measures[0].periods[0].file == "returns/2027-Q1.xlsx"
