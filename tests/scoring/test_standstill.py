"""Standstill dates: UK working days and the standstill rule of each regime.

Every expected date below was worked out by hand from a calendar and the published UK bank
holiday lists; the comment above each case shows the count, with (n) marking the n-th
working day counted.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenderkit.award import Regime
from tenderkit.scoring.standstill import (
    format_date,
    non_working_reason,
    standstill,
    standstill_paragraph,
    working_day,
)

ACT: Regime = "procurement-act-2023"
PSR: Regime = "provider-selection-regime-2023"


def reasons(regime: Regime, notice: date) -> dict[date, str]:
    return {d.day: d.reason for d in standstill(regime, notice).skipped}


# --- working days -------------------------------------------------------------------------


def test_a_weekend_day_is_not_a_working_day_and_says_which_day_it_is() -> None:
    """Saturday 6 March 2027 and Sunday 7 March 2027 are named by their weekday."""
    assert non_working_reason(date(2027, 3, 6)) == "Saturday"
    assert non_working_reason(date(2027, 3, 7)) == "Sunday"
    assert working_day(date(2027, 3, 8))


def test_a_holiday_of_one_nation_is_not_a_working_day_anywhere() -> None:
    """St Patrick's Day (NI), 2 January and St Andrew's Day (Scotland) count for every tender."""
    # Tuesday 17 March 2026; Friday 2 January 2026; Monday 30 November 2026.
    assert non_working_reason(date(2026, 3, 17)) == "St Patrick's Day, Northern Ireland"
    assert non_working_reason(date(2026, 1, 2)) == "2nd January, Scotland"
    assert non_working_reason(date(2026, 11, 30)) == "St Andrew's Day, Scotland"
    # Monday 12 July 2027.
    assert non_working_reason(date(2027, 7, 12)) == "Battle of the Boyne, Northern Ireland"


def test_substitute_days_are_named_as_substitute_days() -> None:
    """A holiday on a weekend moves to a weekday, which is reported as its substitute day."""
    # 17 March 2024 was a Sunday, so Monday 18 March 2024 was the NI holiday.
    assert non_working_reason(date(2024, 3, 18)) == (
        "St Patrick's Day (substitute day), Northern Ireland"
    )
    # 30 November 2025 is a Sunday, so Scotland's holiday is Monday 1 December 2025.
    assert non_working_reason(date(2025, 12, 1)) == "St Andrew's Day (substitute day), Scotland"
    # 25 and 26 December 2027 are Saturday and Sunday: Monday 27 and Tuesday 28 December.
    assert non_working_reason(date(2027, 12, 27)) == (
        "Christmas Day (substitute day), all UK nations"
    )
    assert non_working_reason(date(2027, 12, 28)) == "Boxing Day (substitute day), all UK nations"


def test_two_holidays_on_one_day_are_both_given_with_their_nations() -> None:
    """Monday 2 January 2023: New Year's substitute everywhere, and Scotland's 2 January."""
    assert non_working_reason(date(2023, 1, 2)) == (
        "New Year's Day (substitute day), all UK nations; 2nd January, Scotland"
    )


def test_easter_monday_is_not_a_working_day_though_scotland_works_it() -> None:
    """Easter Monday 6 April 2026 is a bank holiday in England, Wales and Northern Ireland."""
    assert non_working_reason(date(2026, 4, 3)) == "Good Friday, all UK nations"
    assert non_working_reason(date(2026, 4, 6)) == (
        "Easter Monday, England, Wales and Northern Ireland"
    )


def test_the_summer_bank_holidays_of_scotland_and_the_rest_of_the_uk_both_count() -> None:
    """2027: first Monday of August (2nd) in Scotland, last Monday (30th) elsewhere."""
    assert non_working_reason(date(2027, 8, 2)) == "Summer bank holiday, Scotland"
    assert non_working_reason(date(2027, 8, 30)) == (
        "Summer bank holiday, England, Wales and Northern Ireland"
    )


def test_one_off_bank_holidays_are_not_working_days() -> None:
    """The Queen's state funeral (19 September 2022) and the coronation (8 May 2023)."""
    assert non_working_reason(date(2022, 9, 19)) == (
        "State Funeral of Queen Elizabeth II, all UK nations"
    )
    assert non_working_reason(date(2023, 5, 8)) == "Coronation of Charles III, all UK nations"


# --- the Procurement Act 2023 standstill ------------------------------------------------------


def test_a_standstill_over_christmas_2027_skips_substitute_days_and_scotlands_2_january() -> None:
    """Notice on Friday 24 December 2027: the standstill ends on Monday 10 January 2028."""
    # Fri 24 Dec (1); Sat 25, Sun 26; Mon 27 Christmas sub; Tue 28 Boxing sub; Wed 29 (2),
    # Thu 30 (3), Fri 31 (4); Sat 1, Sun 2 Jan; Mon 3 New Year sub; Tue 4 2nd January sub
    # (Scotland, as 2 January 2028 is a Sunday); Wed 5 (5), Thu 6 (6), Fri 7 (7); Sat 8,
    # Sun 9; Mon 10 (8).
    period = standstill(ACT, date(2027, 12, 24))
    assert period.first_day == date(2027, 12, 24)
    assert period.last_day == date(2028, 1, 10)
    assert period.contract_from == date(2028, 1, 11)
    assert period.warning is None
    skipped = reasons(ACT, date(2027, 12, 24))
    assert skipped[date(2028, 1, 4)] == "2nd January (substitute day), Scotland"
    assert skipped[date(2028, 1, 3)] == "New Year's Day (substitute day), all UK nations"
    assert len(skipped) == 10  # 4 holidays and 3 weekends


def test_a_standstill_over_christmas_2032() -> None:
    """Notice on Thursday 23 December 2032: Christmas on a Saturday, New Year 2033 too."""
    # Thu 23 (1), Fri 24 (2); Sat 25, Sun 26; Mon 27 Christmas sub; Tue 28 Boxing sub;
    # Wed 29 (3), Thu 30 (4), Fri 31 (5); Sat 1, Sun 2 Jan 2033; Mon 3 New Year sub;
    # Tue 4 2nd January sub (Scotland); Wed 5 (6), Thu 6 (7), Fri 7 (8).
    period = standstill(ACT, date(2032, 12, 23))
    assert period.last_day == date(2033, 1, 7)
    assert period.contract_from == date(2033, 1, 8)
    assert set(reasons(ACT, date(2032, 12, 23))) >= {
        date(2032, 12, 27),
        date(2032, 12, 28),
        date(2033, 1, 3),
        date(2033, 1, 4),
    }


def test_scotlands_2_january_on_a_friday_lengthens_an_english_standstill() -> None:
    """Notice on Tuesday 30 December 2025: ends Monday 12 January 2026."""
    # Tue 30 (1), Wed 31 (2); Thu 1 Jan New Year's Day; Fri 2 Jan Scotland; Sat 3, Sun 4;
    # Mon 5 (3), Tue 6 (4), Wed 7 (5), Thu 8 (6), Fri 9 (7); Sat 10, Sun 11; Mon 12 (8).
    period = standstill(ACT, date(2025, 12, 30))
    assert period.last_day == date(2026, 1, 12)
    assert reasons(ACT, date(2025, 12, 30))[date(2026, 1, 2)] == "2nd January, Scotland"


def test_a_standstill_over_easter_skips_good_friday_and_easter_monday() -> None:
    """Notice on Wednesday 1 April 2026: ends Tuesday 14 April 2026."""
    # Wed 1 (1), Thu 2 (2); Fri 3 Good Friday; Sat 4, Sun 5; Mon 6 Easter Monday; Tue 7 (3),
    # Wed 8 (4), Thu 9 (5), Fri 10 (6); Sat 11, Sun 12; Mon 13 (7), Tue 14 (8).
    period = standstill(ACT, date(2026, 4, 1))
    assert period.last_day == date(2026, 4, 14)
    assert period.contract_from == date(2026, 4, 15)


def test_st_patricks_day_lengthens_the_standstill() -> None:
    """Notice on Monday 16 March 2026: ends Thursday 26 March 2026, not Wednesday 25."""
    # Mon 16 (1); Tue 17 St Patrick's Day; Wed 18 (2), Thu 19 (3), Fri 20 (4); Sat 21,
    # Sun 22; Mon 23 (5), Tue 24 (6), Wed 25 (7), Thu 26 (8).
    assert standstill(ACT, date(2026, 3, 16)).last_day == date(2026, 3, 26)


def test_st_andrews_day_substitute_lengthens_the_standstill() -> None:
    """Notice on Thursday 27 November 2025: ends Tuesday 9 December 2025."""
    # Thu 27 (1), Fri 28 (2); Sat 29, Sun 30; Mon 1 Dec St Andrew's sub; Tue 2 (3), Wed 3 (4),
    # Thu 4 (5), Fri 5 (6); Sat 6, Sun 7; Mon 8 (7), Tue 9 (8).
    assert standstill(ACT, date(2025, 11, 27)).last_day == date(2025, 12, 9)


def test_the_battle_of_the_boyne_lengthens_the_standstill() -> None:
    """Notice on Friday 9 July 2027: ends Wednesday 21 July 2027."""
    # Fri 9 (1); Sat 10, Sun 11; Mon 12 Boyne; Tue 13 (2), Wed 14 (3), Thu 15 (4), Fri 16 (5);
    # Sat 17, Sun 18; Mon 19 (6), Tue 20 (7), Wed 21 (8).
    assert standstill(ACT, date(2027, 7, 9)).last_day == date(2027, 7, 21)


def test_scotlands_early_summer_bank_holiday_lengthens_the_standstill() -> None:
    """Notice on Thursday 29 July 2027: ends Tuesday 10 August 2027."""
    # Thu 29 (1), Fri 30 (2); Sat 31, Sun 1 Aug; Mon 2 Scotland's summer bank holiday;
    # Tue 3 (3), Wed 4 (4), Thu 5 (5), Fri 6 (6); Sat 7, Sun 8; Mon 9 (7), Tue 10 (8).
    assert standstill(ACT, date(2027, 7, 29)).last_day == date(2027, 8, 10)


def test_a_notice_on_a_saturday_is_warned_about_and_counted_from_monday() -> None:
    """Notice on Saturday 6 March 2027: counted from Monday 8, ends Thursday 18 March."""
    # Sat 6, Sun 7; Mon 8 (1) .. Fri 12 (5); Sat 13, Sun 14; Mon 15 (6), Tue 16 (7);
    # Wed 17 St Patrick's Day; Thu 18 (8).
    period = standstill(ACT, date(2027, 3, 6))
    assert period.first_day == date(2027, 3, 6)
    assert period.counted_days[0] == date(2027, 3, 8)
    assert period.last_day == date(2027, 3, 18)
    assert period.warning == (
        "the contract award notice is dated Saturday 6 March 2027, which is not a working day "
        "(Saturday); the mandatory standstill period begins that day but counts from "
        "Monday 8 March 2027"
    )


def test_a_notice_on_a_bank_holiday_is_warned_about_with_the_holiday_named() -> None:
    """Notice on Tuesday 28 December 2027 (Boxing Day substitute): ends Tuesday 11 January."""
    # Tue 28 holiday; Wed 29 (1), Thu 30 (2), Fri 31 (3); Sat 1, Sun 2; Mon 3, Tue 4 holidays;
    # Wed 5 (4), Thu 6 (5), Fri 7 (6); Sat 8, Sun 9; Mon 10 (7), Tue 11 (8).
    period = standstill(ACT, date(2027, 12, 28))
    assert period.last_day == date(2028, 1, 11)
    assert period.warning is not None
    assert "(Boxing Day (substitute day), all UK nations)" in period.warning
    assert "counts from Wednesday 29 December 2027" in period.warning


def test_a_notice_on_st_patricks_day_is_warned_about_for_an_english_tender() -> None:
    """Tuesday 17 March 2026 is a Northern Ireland bank holiday, so the warning says so."""
    warning = standstill(ACT, date(2026, 3, 17)).warning
    assert warning is not None
    assert "(St Patrick's Day, Northern Ireland)" in warning


# --- the Provider Selection Regime standstill -------------------------------------------------


def test_the_psr_standstill_begins_the_day_after_and_counts_eight_working_days_after_that() -> None:
    """Notice on Monday 1 February 2027: begins Tuesday 2, representations until Friday 12."""
    # Mon 1 published; Tue 2 standstill begins (reg 12(2)); 8th working day after Tue 2
    # (reg 12(3)): Wed 3 (1), Thu 4 (2), Fri 5 (3); Sat 6, Sun 7; Mon 8 (4), Tue 9 (5),
    # Wed 10 (6), Thu 11 (7), Fri 12 (8). Under the Act the same date ends Wed 10 February.
    period = standstill(PSR, date(2027, 2, 1))
    assert period.first_day == date(2027, 2, 2)
    assert period.counted_days[0] == date(2027, 2, 3)
    assert period.last_day == date(2027, 2, 12)
    assert period.contract_from == date(2027, 2, 13)
    assert standstill(ACT, date(2027, 2, 1)).last_day == date(2027, 2, 10)


def test_the_psr_standstill_over_easter() -> None:
    """Notice on Thursday 2 April 2026: begins Good Friday, ends Thursday 16 April 2026."""
    # Fri 3 begins (Good Friday); Sat 4, Sun 5; Mon 6 Easter Monday; Tue 7 (1), Wed 8 (2),
    # Thu 9 (3), Fri 10 (4); Sat 11, Sun 12; Mon 13 (5), Tue 14 (6), Wed 15 (7), Thu 16 (8).
    period = standstill(PSR, date(2026, 4, 2))
    assert period.first_day == date(2026, 4, 3)
    assert period.last_day == date(2026, 4, 16)
    assert period.warning is None


def test_a_psr_notice_on_a_non_working_day_is_warned_about_in_the_regimes_terms() -> None:
    """The PSR warning speaks of the notice of intention to award, not a contract award notice."""
    warning = standstill(PSR, date(2027, 12, 25)).warning
    assert warning == (
        "the notice of intention to award is dated Saturday 25 December 2027, which is not a "
        "working day (Saturday); the standstill period still begins the day after it"
    )


def test_an_unknown_regime_is_refused() -> None:
    """A regime with no standstill rule is an error, not a silent default."""
    with pytest.raises(ValueError, match="no standstill rule"):
        standstill(cast(Any, "public-contracts-2015"), date(2027, 2, 1))


# --- the summary paragraph ----------------------------------------------------------------


def test_dates_are_written_as_a_reader_writes_them() -> None:
    """Weekday, day without a leading zero, month name, year."""
    assert format_date(date(2027, 1, 4)) == "Monday 4 January 2027"


def test_the_act_paragraph_gives_the_last_day_and_the_first_day_of_entry() -> None:
    """The paragraph names the notice, the period, both dates and the holidays skipped."""
    text = standstill_paragraph(standstill(ACT, date(2027, 12, 24)))
    assert "contract award notice was published on Friday 24 December 2027" in text
    assert "section 51 of the Procurement Act 2023" in text
    assert "mandatory standstill period" in text
    assert "ends at midnight at the end of Monday 10 January 2028" in text
    assert "will not enter into the contract before Tuesday 11 January 2028" in text
    assert "Tuesday 4 January 2028 (2nd January (substitute day), Scotland)" in text
    assert "Saturday 25 December" not in text  # weekends go without saying


def test_the_psr_paragraph_uses_the_regimes_own_terms() -> None:
    """Notice of intention to award, representations, relevant authority; no contract award notice."""
    text = standstill_paragraph(standstill(PSR, date(2027, 2, 1)))
    assert "notice of intention to award was published on Monday 1 February 2027" in text
    assert "regulation 12 of the Health Care Services (Provider Selection Regime)" in text
    assert "begins on the day after publication, Tuesday 2 February 2027" in text
    assert "written representations" in text
    assert "before midnight at the end of Friday 12 February 2027" in text
    assert "may enter into the contract from Saturday 13 February 2027" in text
    assert "contract award notice" not in text
    assert "not counted" not in text  # no holiday fell inside this period


# --- properties -----------------------------------------------------------------------------

notice_dates = st.dates(min_value=date(2022, 1, 1), max_value=date(2035, 12, 31))
regimes = st.sampled_from([ACT, PSR])


@given(regime=regimes, notice=notice_dates)
def test_every_standstill_counts_exactly_eight_working_days(regime: Regime, notice: date) -> None:
    """Eight working days, none a weekend, the last one the last day, entry the day after."""
    period = standstill(regime, notice)
    assert len(period.counted_days) == 8
    assert len(set(period.counted_days)) == 8
    assert all(working_day(d) and d.weekday() < 5 for d in period.counted_days)
    assert period.last_day == period.counted_days[-1]
    assert working_day(period.last_day)
    assert period.contract_from == period.last_day + timedelta(days=1)
    # Every day of the period is counted, skipped as non-working, or (under the PSR) the
    # working day the period begins on, which regulation 12(3) counts after.
    day = period.first_day
    counted, skipped = set(period.counted_days), {d.day for d in period.skipped}
    while day <= period.last_day:
        if day in skipped:
            assert not working_day(day)
        elif day not in counted:
            assert regime == PSR and day == period.first_day and working_day(day)
        day += timedelta(days=1)
    assert (period.warning is None) == working_day(notice)
