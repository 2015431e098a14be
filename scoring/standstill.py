"""Standstill dates: working days across the United Kingdom, and the standstill each regime sets.

Pure: dates come in, dates and text come out; no clock and no files.

Working day (Procurement Act 2023, s.123 "Interpretation"): a day other than a Saturday or
Sunday, Christmas Day, Good Friday, or a bank holiday under the Banking and Financial
Dealings Act 1971 in any part of the United Kingdom. "Any part" means a holiday of one nation
alone (St Patrick's Day in Northern Ireland, 2 January or St Andrew's Day in Scotland) is not
a working day for every tender, wherever the authority is.

Holidays come from the maintained `holidays` library (`holidays.UnitedKingdom` with subdivisions
ENG, NIR, SCT and WLS), not from a table kept here. Checked against version 0.109:
- it lists substitute days, as "<name> (observed)" (Christmas Day on a Saturday gives
  "Christmas Day (observed)" on Monday 27 December and "Boxing Day (observed)" on Tuesday 28
  December; St Andrew's Day on a Sunday moves to Monday 1 December); this module calls them
  "(substitute day)", the term GOV.UK uses;
- it lists one-off days proclaimed under the 1971 Act (the State Funeral of Queen Elizabeth II
  on 19 September 2022, the Coronation of Charles III on 8 May 2023, the Platinum Jubilee on
  3 June 2022) and the Battle of the Boyne in Northern Ireland, which is proclaimed each year;
- a one-off day proclaimed after the installed release is unknown until the library is
  upgraded, so a standstill that spans such a day is only as right as the installed release;
- it also lists holidays that fall on a weekend (Christmas Day on a Saturday); a weekend day
  is not a working day for being a weekend day, and this module gives that as its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

from holidays.countries.united_kingdom import UnitedKingdom

from tenderkit.award import Regime

STANDSTILL_WORKING_DAYS: Final = 8

#: The library's constructor is not annotated; this names what it returns (a dict of day to
#: holiday name) so the rest of the module stays type-checked.
_uk_holidays: Callable[..., Mapping[date, str]] = UnitedKingdom

#: The four parts of the United Kingdom as the `holidays` library names its subdivisions,
#: with the names a reader expects. England and Wales share one list of bank holidays but the
#: library keeps them apart, so both are asked.
_NATIONS: Final = {
    "ENG": "England",
    "WLS": "Wales",
    "SCT": "Scotland",
    "NIR": "Northern Ireland",
}

#: The library's names -> the names GOV.UK's bank holiday list uses.
_NAMES: Final = {
    "Saint Patrick's Day": "St Patrick's Day",
    "Saint Andrew's Day": "St Andrew's Day",
    "New Year Holiday": "2nd January",
    "May Day": "Early May bank holiday",
    "Spring Bank Holiday": "Spring bank holiday",
    "Late Summer Bank Holiday": "Summer bank holiday",
    "Summer Bank Holiday": "Summer bank holiday",
}

_OBSERVED: Final = " (observed)"
_WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(day: date) -> str:
    """A date as a reader writes it: "Monday 4 January 2027" (English whatever the locale)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _clean_name(raw: str) -> str:
    substitute = raw.endswith(_OBSERVED)
    base = raw.removesuffix(_OBSERVED)
    name = _NAMES.get(base, base)
    return f"{name} (substitute day)" if substitute else name


@lru_cache(maxsize=64)
def _holidays_in(year: int) -> dict[date, dict[str, frozenset[str]]]:
    """Every UK holiday of `year`: day -> clean holiday name -> the nation codes keeping it."""
    found: dict[date, dict[str, set[str]]] = {}
    for code in _NATIONS:
        for day, raw in _uk_holidays(subdiv=code, years=year).items():
            # The library joins two holidays on one day with "; " (Scotland's 2 January 2023
            # was both "New Year Holiday" and "New Year's Day (observed)").
            for part in raw.split("; "):
                found.setdefault(day, {}).setdefault(_clean_name(part), set()).add(code)
    return {
        day: {name: frozenset(codes) for name, codes in names.items()}
        for day, names in found.items()
    }


def _nations_text(codes: frozenset[str]) -> str:
    if codes == frozenset(_NATIONS):
        return "all UK nations"
    names = [label for code, label in _NATIONS.items() if code in codes]
    if codes == {"ENG", "WLS"}:
        return "England and Wales"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def non_working_reason(day: date) -> str | None:
    """Why `day` is not a working day in the United Kingdom, or None if it is one.

    A weekend day gives its weekday ("Saturday"); a holiday gives its name and the nations
    keeping it ("Boxing Day (substitute day), all UK nations", "St Patrick's Day, Northern
    Ireland"), several separated by "; ".
    """
    if day.weekday() >= 5:
        return _WEEKDAYS[day.weekday()]
    names = _holidays_in(day.year).get(day)
    if not names:
        return None
    return "; ".join(f"{name}, {_nations_text(codes)}" for name, codes in names.items())


def working_day(day: date) -> bool:
    """Whether `day` is a working day under s.123 of the Procurement Act 2023."""
    return non_working_reason(day) is None


@dataclass(frozen=True)
class NonWorkingDay:
    day: date
    reason: str


@dataclass(frozen=True)
class StandstillWording:
    """The terms one regime uses, so a summary speaks the regime's own language."""

    period: str
    notice: str
    authority: str
    bidder: str
    source: str


WORDING: Final[dict[Regime, StandstillWording]] = {
    "procurement-act-2023": StandstillWording(
        period="mandatory standstill period",
        notice="contract award notice",
        authority="contracting authority",
        bidder="supplier",
        source="section 51 of the Procurement Act 2023",
    ),
    "provider-selection-regime-2023": StandstillWording(
        period="standstill period",
        notice="notice of intention to award",
        authority="relevant authority",
        bidder="provider",
        source="regulation 12 of the Health Care Services (Provider Selection Regime) "
        "Regulations 2023 (SI 2023/1348)",
    ),
}


@dataclass(frozen=True)
class Standstill:
    """The standstill after one notice: its days, the days it skipped, and any warning.

    `first_day` is the day the period begins; `counted_days` are the eight working days the
    rule counts; `last_day` is the last of them (the period ends at midnight at its end);
    `contract_from` is the first day the contract may be entered into; `skipped` are the
    non-working days from `first_day` to `last_day` with their reasons; `warning` says why
    the notice date is not a working day, if it is not.
    """

    regime: Regime
    notice_date: date
    first_day: date
    last_day: date
    contract_from: date
    counted_days: tuple[date, ...]
    skipped: tuple[NonWorkingDay, ...]
    warning: str | None

    @property
    def wording(self) -> StandstillWording:
        return WORDING[self.regime]


def _days_from(start: date) -> Iterator[date]:
    day = start
    while True:
        yield day
        day += timedelta(days=1)


def _working_days_from(start: date, count: int) -> tuple[date, ...]:
    found: list[date] = []
    for day in _days_from(start):
        if working_day(day):
            found.append(day)
            if len(found) == count:
                return tuple(found)
    raise AssertionError("unreachable: the days run on for ever")  # pragma: no cover


def standstill(regime: Regime, notice_date: date) -> Standstill:
    """The standstill that follows a notice published on `notice_date` under `regime`.

    Procurement Act 2023, s.51 ("Standstill periods on the award of contracts"): the
    mandatory standstill period is the period of eight working days beginning with the day
    the contract award notice is published, and the contracting authority cannot enter into
    the contract during it (as the Cabinet Office guidance on contract award notices and
    standstill puts s.51). A notice published
    on a non-working day begins the period that day, but the first day counted is the next
    working day. The period ends at midnight at the end of its eighth working day, and the Act
    restrains entry only during the period, so the contract may be entered into from the next
    calendar day, a weekend day included; nothing in s.51 defers it to a working day.

    Provider Selection Regime, SI 2023/1348 regulation 12: the relevant authority must not
    enter into the contract before the end of a standstill period (12(1)); the period begins
    on the day after the day the notice of intention to award is published (12(2)); an
    aggrieved provider may make written representations before midnight at the end of the
    8th working day after the day the standstill period begins (12(3)). So the eight working
    days are counted from the second day after publication (NHS England's final statutory
    guidance of January 2024 corrected its draft, which had started the count a day earlier),
    and if no representations arrive the period may end then; `contract_from` is that earliest
    day. Representations keep the period open (12(4)), which no date arithmetic can know.
    The regulation's own definition of working day was not confirmed from the published text;
    the UK-wide definition used here can only make the period longer, never shorter.
    """
    if regime == "procurement-act-2023":
        first_day = notice_date
        counted = _working_days_from(notice_date, STANDSTILL_WORKING_DAYS)
    elif regime == "provider-selection-regime-2023":
        first_day = notice_date + timedelta(days=1)
        counted = _working_days_from(first_day + timedelta(days=1), STANDSTILL_WORKING_DAYS)
    else:
        raise ValueError(f"no standstill rule for regime {regime!r}")
    last_day = counted[-1]
    skipped = tuple(
        NonWorkingDay(day, reason)
        for day in _days_between(first_day, last_day)
        if (reason := non_working_reason(day)) is not None
    )
    return Standstill(
        regime=regime,
        notice_date=notice_date,
        first_day=first_day,
        last_day=last_day,
        contract_from=last_day + timedelta(days=1),
        counted_days=counted,
        skipped=skipped,
        warning=_notice_warning(regime, notice_date),
    )


def _days_between(first: date, last: date) -> Iterator[date]:
    for day in _days_from(first):
        if day > last:
            return
        yield day


def _notice_warning(regime: Regime, notice_date: date) -> str | None:
    reason = non_working_reason(notice_date)
    if reason is None:
        return None
    words = WORDING[regime]
    head = (
        f"the {words.notice} is dated {format_date(notice_date)}, which is not a working day "
        f"({reason})"
    )
    if regime == "procurement-act-2023":
        first = _working_days_from(notice_date, 1)[0]
        return f"{head}; the {words.period} begins that day but counts from {format_date(first)}"
    return f"{head}; the {words.period} still begins the day after it"


def standstill_paragraph(period: Standstill) -> str:
    """The standstill paragraph of an assessment summary, with concrete dates."""
    words = period.wording
    published = format_date(period.notice_date)
    ends = format_date(period.last_day)
    contract_from = format_date(period.contract_from)
    if period.regime == "procurement-act-2023":
        text = (
            f"The {words.notice} was published on {published}. Under {words.source}, the "
            f"{words.period} is eight working days beginning with the day the {words.notice} "
            f"is published. It ends at midnight at the end of {ends}, and the "
            f"{words.authority} will not enter into the contract before {contract_from}."
        )
    else:
        text = (
            f"The {words.notice} was published on {published}. Under {words.source}, the "
            f"{words.period} begins on the day after publication, {format_date(period.first_day)}. "
            f"A {words.bidder} who is aggrieved by the decision and believes the Regulations "
            f"have not been complied with may make written representations to the "
            f"{words.authority} before midnight at the end of {ends}, the 8th working day after "
            f"the day the {words.period} begins. If no representations are made, the "
            f"{words.authority} may enter into the contract from {contract_from}."
        )
    holidays_skipped = [d for d in period.skipped if d.day.weekday() < 5]
    if holidays_skipped:
        listed = "; ".join(f"{format_date(d.day)} ({d.reason})" for d in holidays_skipped)
        text += (
            " Working days exclude weekends, Christmas Day, Good Friday and bank holidays in "
            f"any part of the United Kingdom, so these days are not counted: {listed}."
        )
    return text
