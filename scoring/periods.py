"""Reporting periods of a contract, counted from its start date.

The 2027.1 library counts reporting from the contract start (WC-MR-003: "counted from the
contract start"), so periods are contract periods, not calendar ones. A contract year
begins on the anniversary of the start and is labelled with the calendar year it begins
in, as NHS financial years are: for a contract starting 1 April 2027, `2027-Q1` is
1 April to 30 June 2027, `2027-H2` is 1 October 2027 to 31 March 2028, `2028` is
1 April 2028 to 31 March 2029. Which forms a contract accepts follows its reporting
frequency: quarterly contracts report by quarter (`YYYY-Qn`), six-monthly ones by half
(`YYYY-Hn`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from tenderkit.scoring.standstill import working_day

ReportingFrequency = Literal["quarterly", "six-monthly"]

#: Months in a period of each frequency.
PERIOD_MONTHS: dict[ReportingFrequency, int] = {"quarterly": 3, "six-monthly": 6}
_LETTER: dict[ReportingFrequency, str] = {"quarterly": "Q", "six-monthly": "H"}
#: Reporting beyond this many contract years is refused as a likely typing slip.
MAX_CONTRACT_YEARS = 25

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?P<letter>[QH])(?P<index>\d))?$")


class PeriodError(ValueError):
    """A period string that is not a reporting period of this contract; the message says why."""


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month, months later (the last day when the month is shorter)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: its label, its place in the contract and its dates."""

    ordinal: int  # 0 for the first period after the start; sorts periods in time order
    label: str
    first_day: dt.date
    last_day: dt.date
    months_from_start: int  # months from the contract start to the end of the period
    contract_year: int  # 1 for the first contract year
    last_in_year: bool

    def dates(self) -> str:
        return f"{self.first_day.isoformat()} to {self.last_day.isoformat()}"


def period_at(start: dt.date, frequency: ReportingFrequency, ordinal: int) -> Period:
    """The ordinal-th period (0-based) of a contract starting on start."""
    months = PERIOD_MONTHS[frequency]
    per_year = 12 // months
    year, index = divmod(ordinal, per_year)
    label = f"{start.year + year}-{_LETTER[frequency]}{index + 1}"
    first = add_months(start, ordinal * months)
    last = add_months(start, (ordinal + 1) * months) - dt.timedelta(days=1)
    return Period(
        ordinal=ordinal,
        label=label,
        first_day=first,
        last_day=last,
        months_from_start=(ordinal + 1) * months,
        contract_year=year + 1,
        last_in_year=index == per_year - 1,
    )


def parse_period(text: str, start: dt.date, frequency: ReportingFrequency) -> Period:
    """The period text names; PeriodError with a sentence fit for the user otherwise."""
    letter = _LETTER[frequency]
    per_year = 12 // PERIOD_MONTHS[frequency]
    forms = f"{start.year}-{letter}1 to {start.year}-{letter}{per_year}"
    match = _PERIOD.match(text.strip())
    if match is None:
        raise PeriodError(
            f"{text!r} is not a reporting period: write the contract year and the "
            f"{'quarter' if letter == 'Q' else 'half'}, e.g. {forms} for the first contract "
            f"year (contract years begin on the anniversary of the start, {start.isoformat()})"
        )
    year = int(match["year"])
    if match["letter"] is None:
        raise PeriodError(
            f"{text!r} is a whole contract year; this contract reports {frequency}: "
            f"give one of {year}-{letter}1 to {year}-{letter}{per_year}"
        )
    if match["letter"] != letter:
        raise PeriodError(
            f"{text!r}: this contract reports {frequency} (WC-MR-003), so its periods are "
            f"{year}-{letter}1 to {year}-{letter}{per_year}"
        )
    index = int(match["index"])
    if not 1 <= index <= per_year:
        raise PeriodError(
            f"{text!r} is not a reporting period: a contract year has "
            f"{letter}1 to {letter}{per_year}"
        )
    offset = year - start.year
    if offset < 0:
        raise PeriodError(
            f"{text!r} is before the contract start ({start.isoformat()}); the first "
            f"period is {start.year}-{letter}1"
        )
    if offset >= MAX_CONTRACT_YEARS:
        raise PeriodError(f"{text!r} is more than {MAX_CONTRACT_YEARS} contract years ahead")
    return period_at(start, frequency, offset * per_year + index - 1)


def deadline(period: Period, working_days: int) -> dt.date:
    """The last day a report for period is on time: that many UK working days after its end."""
    day, counted = period.last_day, 0
    while counted < working_days:
        day += dt.timedelta(days=1)
        if working_day(day):
            counted += 1
    return day
