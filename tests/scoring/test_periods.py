"""Reporting periods count from the contract start, labelled by the year a contract year begins."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tenderkit.scoring.periods import PeriodError, add_months, deadline, parse_period

START = dt.date(2027, 4, 1)


def test_a_quarter_is_three_months_of_the_contract_year_it_is_labelled_by() -> None:
    """2028-Q1 of a contract starting 1 April 2027 is April to June 2028, its fifth quarter."""
    period = parse_period("2028-Q1", START, "quarterly")
    assert (period.first_day, period.last_day) == (dt.date(2028, 4, 1), dt.date(2028, 6, 30))
    assert period.months_from_start == 15
    assert period.contract_year == 2
    assert not period.last_in_year


def test_the_fourth_quarter_ends_the_contract_year() -> None:
    period = parse_period("2027-Q4", START, "quarterly")
    assert period.last_day == dt.date(2028, 3, 31)
    assert period.last_in_year


def test_halves_are_the_periods_of_a_six_monthly_contract() -> None:
    period = parse_period("2027-H2", START, "six-monthly")
    assert (period.first_day, period.last_day) == (dt.date(2027, 10, 1), dt.date(2028, 3, 31))
    assert period.last_in_year


def test_a_start_late_in_the_month_keeps_periods_contiguous() -> None:
    """Periods of a contract starting on 31 January neither overlap nor leave gaps."""
    start = dt.date(2027, 1, 31)
    quarters = [parse_period(f"2027-Q{i}", start, "quarterly") for i in range(1, 5)]
    for before, after in itertools.pairwise(quarters):
        assert after.first_day == before.last_day + dt.timedelta(days=1)
    assert add_months(start, 1) == dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2028-Q5", "a contract year has Q1 to Q4"),
        ("Q1-2028", "is not a reporting period"),
        ("2028-q1", "is not a reporting period"),
        ("2026-Q4", "is before the contract start"),
        ("2028-H1", "this contract reports quarterly"),
        ("2028", "is a whole contract year"),
        ("", "is not a reporting period"),
    ],
)
def test_a_string_that_is_not_a_period_of_this_contract_is_refused_with_the_reason(
    text: str, says: str
) -> None:
    with pytest.raises(PeriodError, match=says):
        parse_period(text, START, "quarterly")


def test_the_deadline_counts_uk_working_days_after_the_period_ends() -> None:
    """2027-Q4 ends Friday 31 March 2028; Good Friday (14 April), Easter Monday (17 April)
    and the early May bank holiday (1 May) are not working days, so the 20th working day
    after is Wednesday 3 May 2028."""
    period = parse_period("2027-Q4", START, "quarterly")
    assert deadline(period, 20) == dt.date(2028, 5, 3)
