"""Contract monitoring decisions: is a reported figure valid, what was due, was it met.

Plain values in, plain values out. `judge_measure` checks one measure's readings from a
return against its definition (a number, in range, counts whole, numerator not above its
denominator, the value agreeing with them, a group too small to report withheld);
`monitor` turns every period's returns into a status per measure and period:
- `met` / `not-met`: the value against the target for that period, on a straight line from
  the baseline to the final target at the target month (`trajectory`); where no baseline
  was agreed, the first value reported is the baseline, and its period is met by definition;
- `suppressed`: the group is smaller than the clause's minimum group size, so no value is
  published;
- `missing`: a return for the period is in, but the value was not given or not valid;
- `late`: no return for the period, and its reporting deadline has passed.
A period with no return whose deadline has not passed is awaited, not judged.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from tenderkit.clauses.measures import Frequency
from tenderkit.errors import Location
from tenderkit.findings import Finding
from tenderkit.scoring.collection import Place, Reading, RefusedReturn
from tenderkit.scoring.contract import ContractClause, ContractConfig, Measure, measure_key
from tenderkit.scoring.entries import Entry, format_score
from tenderkit.scoring.periods import Period, deadline

Status = Literal["met", "not-met", "missing", "late", "suppressed"]
STATUSES: tuple[Status, ...] = ("met", "not-met", "missing", "late", "suppressed")

#: A reported value may differ from 100 × numerator / denominator (or numerator /
#: denominator for a score) by this much: one decimal place, rounded.
ROUNDING = 0.05
_EPSILON = 1e-9
_NUMBER_TEXT = re.compile(r"^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*$")


def due(frequency: Frequency, period: Period) -> bool:
    """Whether something measured at frequency is reported in period."""
    if frequency == "annual":
        return period.last_in_year
    if frequency == "between-surveys":
        return not period.last_in_year
    return True


def due_measures(contract: ContractConfig, period: Period) -> list[tuple[ContractClause, Measure]]:
    return [(c, m) for c, m in contract.measures() if due(m.frequency, period)]


def due_clauses(contract: ContractConfig, period: Period) -> list[ContractClause]:
    """Clauses with something due in period: a measure, or the clause's own account."""
    out = []
    for clause in contract.clauses:
        if clause.measures:
            if any(due(m.frequency, period) for m in clause.measures):
                out.append(clause)
        elif due(clause.frequency, period):
            out.append(clause)
    return out


# --- one measure in one return ----------------------------------------------------------


@dataclass(frozen=True)
class MeasureReading:
    """What a return holds for one measure: the value and, where defined, its parts."""

    value: Reading
    numerator: Reading | None = None
    denominator: Reading | None = None


@dataclass(frozen=True)
class Judged:
    """A measure's readings once checked: a value, a withheld group, or nothing given."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    suppressed: bool = False


@dataclass(frozen=True)
class Flawed:
    """Readings that break the definition: why, and where."""

    rule: str
    message: str
    place: Place


def _blank(entry: Entry) -> bool:
    value = entry.value
    return not entry.present or (
        not entry.formula
        and entry.error is None
        and (value is None or (isinstance(value, str) and not value.strip()))
    )


def _number(reading: Reading, what: str) -> float | Flawed | None:
    entry = reading.entry
    if _blank(entry):
        return None
    if entry.formula:
        return Flawed(
            "formula", f"the {what} is a formula ({entry.value}); type the number", reading.place
        )
    if entry.error is not None:
        return Flawed("cell-error", f"the {what} is the error {entry.error}", reading.place)
    value = entry.value
    if isinstance(value, bool) or not (
        isinstance(value, int | float) or (isinstance(value, str) and _NUMBER_TEXT.match(value))
    ):
        return Flawed("not-a-number", f"the {what} must be a number, not {value!r}", reading.place)
    number = float(value)
    if not math.isfinite(number):
        return Flawed("not-a-number", f"the {what} is not a finite number", reading.place)
    return number


def _unit_text(measure: Measure) -> str:
    low, high = format_score(measure.minimum), format_score(measure.maximum)
    if measure.unit == "percent":
        return f"a percentage from {low} to {high}"
    return f"{'a score' if measure.unit == 'score' else 'points'} from {low} to {high}"


def judge_measure(measure: Measure, reading: MeasureReading) -> Judged | Flawed:
    """Check one measure's readings against its definition (see the module docstring)."""
    value = _number(reading.value, "value")
    if isinstance(value, Flawed):
        return value
    parts: list[float | None] = []
    for part, what, where in (
        (measure.numerator, "numerator", reading.numerator),
        (measure.denominator, "denominator", reading.denominator),
    ):
        if part is None or where is None:
            parts.append(None)
            continue
        number = _number(where, what)
        if isinstance(number, Flawed):
            return number
        if number is not None and number < 0:
            return Flawed(
                "negative", f"the {what} cannot be negative ({format_score(number)})", where.place
            )
        if number is not None and part.whole and not float(number).is_integer():
            return Flawed(
                "not-whole",
                f"the {what} counts {part.label.lower()}: a whole number, not {format_score(number)}",
                where.place,
            )
        parts.append(number)
    numerator, denominator = parts
    group = measure.denominator
    if (
        group is not None
        and group.group_size
        and measure.suppress_below is not None
        and denominator is not None
        and denominator < measure.suppress_below
    ):
        return Judged(None, None, denominator, suppressed=True)
    if value is None:
        return Judged(None, numerator, denominator)
    if not measure.minimum - _EPSILON <= value <= measure.maximum + _EPSILON:
        return Flawed(
            "out-of-range",
            f"{format_score(value)} is outside the definition: {_unit_text(measure)}",
            reading.value.place,
        )
    if measure.numerator is not None and reading.numerator is not None:
        assert reading.denominator is not None
        for number, where, what in (
            (numerator, reading.numerator, "numerator"),
            (denominator, reading.denominator, "denominator"),
        ):
            if number is None:
                return Flawed(
                    "part-missing",
                    f"the {what} is needed with the value (the definition is a ratio)",
                    where.place,
                )
        assert numerator is not None and denominator is not None
        return _ratio(measure, value, numerator, denominator, reading)
    return Judged(value)


def _ratio(
    measure: Measure, value: float, numerator: float, denominator: float, reading: MeasureReading
) -> Judged | Flawed:
    assert reading.numerator is not None and reading.denominator is not None
    if denominator == 0:
        return Flawed(
            "zero-denominator",
            "the denominator is 0, so there is no value",
            reading.denominator.place,
        )
    if measure.unit == "percent":
        if numerator > denominator + _EPSILON:
            return Flawed(
                "numerator-above-denominator",
                f"the numerator {format_score(numerator)} is above its denominator "
                f"{format_score(denominator)}",
                reading.numerator.place,
            )
        computed = 100 * numerator / denominator
    else:
        if numerator > measure.maximum * denominator + _EPSILON:
            return Flawed(
                "numerator-above-denominator",
                f"the numerator {format_score(numerator)} is above {format_score(measure.maximum)} "
                f"× the denominator {format_score(denominator)}",
                reading.numerator.place,
            )
        computed = numerator / denominator
    if abs(computed - value) > ROUNDING + _EPSILON:
        return Flawed(
            "value-mismatch",
            f"the value {format_score(value)} does not agree with its numerator and denominator "
            f"({format_score(round(computed, 2))})",
            reading.value.place,
        )
    return Judged(value, numerator, denominator)


# --- targets ------------------------------------------------------------------------------


def final_target(measure: Measure, baseline: float) -> float:
    """The target at the target month, from the baseline."""
    rule = measure.target
    sign = 1 if measure.direction == "higher" else -1
    if rule.change == "points":
        assert rule.amount is not None
        target = baseline + sign * rule.amount
    elif rule.change == "percent-of-baseline":
        assert rule.amount is not None
        target = baseline * (1 + sign * rule.amount / 100)
    else:
        target = baseline
    return min(max(target, measure.minimum), measure.maximum)


def trajectory(measure: Measure, baseline: float, baseline_month: int, month: int) -> float:
    """The target for a period ending `month` months after the start: on a straight line
    from the baseline (at baseline_month) to the final target (at the target month)."""
    end = final_target(measure, baseline)
    months = measure.target.months
    if measure.target.change == "hold" or months is None or month >= months:
        return end
    if months <= baseline_month:
        return end
    share = max(0, month - baseline_month) / (months - baseline_month)
    return baseline + (end - baseline) * share


def is_met(measure: Measure, value: float, target: float) -> bool:
    if measure.direction == "higher":
        return value >= target - _EPSILON
    return value <= target + _EPSILON


# --- the collection -------------------------------------------------------------------


@dataclass(frozen=True)
class CaseStudy:
    period: str
    file: str
    title: str
    account: str


@dataclass(frozen=True)
class PeriodReturn:
    """An authentic return for one period, as read: plain values and where each was."""

    file: str
    sha256: str
    period: str
    measures: Mapping[str, MeasureReading]  # by measure key, `WC-MR-001.engagement`
    commentary: Mapping[str, Reading]  # by clause id
    case_studies: Sequence[tuple[Reading, Reading]] = ()  # (title, account)


@dataclass(frozen=True)
class PeriodStatus:
    period: str
    first_day: str
    last_day: str
    deadline: str
    status: Status
    value: float | None
    numerator: float | None
    denominator: float | None
    target: float | None
    file: str | None
    baseline_period: bool = False


@dataclass(frozen=True)
class MeasureResult:
    key: str
    clause: str
    title: str
    measure: Measure
    baseline: float | None
    baseline_source: Literal["agreed", "first-period"] | None
    final_target: float | None
    periods: list[PeriodStatus]

    @property
    def not_met_in_a_row(self) -> int:
        """Latest periods not met, counting back; met or suppressed ends the count, a missing
        or late period neither counts nor ends it (its value is not known)."""
        count = 0
        for row in reversed(self.periods):
            if row.status == "not-met":
                count += 1
            elif row.status in ("met", "suppressed"):
                break
        return count


@dataclass(frozen=True)
class Account:
    clause: str
    period: str
    text: str | None


@dataclass(frozen=True)
class ReturnRecord:
    file: str
    sha256: str | None
    period: str | None
    status: Literal["accepted", "refused"]


@dataclass(frozen=True)
class Monitoring:
    as_of: str
    periods: list[str]  # issued, in time order
    awaiting: list[str]  # issued, no return, deadline not passed
    measures: list[MeasureResult]
    accounts: list[Account]
    case_studies: list[CaseStudy]
    returns: list[ReturnRecord]
    problems: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems


def _where(file: str, place: Place | None) -> Location:
    if place is None:
        return Location(file=file)
    return Location(file=file, sheet=place.sheet, cell=place.cell, path=place.name)


def _text(reading: Reading | None) -> str | None:
    if reading is None or _blank(reading.entry) or reading.entry.error is not None:
        return None
    return str(reading.entry.value).strip()


def monitor(
    contract: ContractConfig,
    issued: Sequence[Period],
    returned: Sequence[PeriodReturn],
    refused: Sequence[RefusedReturn],
    as_of: dt.date,
    notes: Sequence[Finding] = (),
) -> Monitoring:
    """Every measure's status per issued period, from the returns that were read."""
    periods = sorted(issued)
    problems = [Finding(_where(r.file, r.place), r.rule, r.message) for r in refused]
    records = [ReturnRecord(r.file, r.sha256, None, "refused") for r in refused]
    by_period: dict[str, PeriodReturn] = {}
    for one in sorted(returned, key=lambda r: r.file):
        if one.period in by_period:
            first = by_period[one.period].file
            problems.append(
                Finding(
                    Location(file=one.file),
                    "duplicate-return",
                    f"a second return for {one.period}; {first} is counted, remove one of them",
                )
            )
            records.append(ReturnRecord(one.file, one.sha256, one.period, "refused"))
            continue
        by_period[one.period] = one
        records.append(ReturnRecord(one.file, one.sha256, one.period, "accepted"))
    window = contract.reporting.within_working_days
    overdue = {p.label: deadline(p, window) < as_of for p in periods}
    results: list[MeasureResult] = []
    for clause, measure in contract.measures():
        key = measure_key(clause, measure)
        rows: list[PeriodStatus] = []
        baseline = measure.baseline
        source: Literal["agreed", "first-period"] | None = (
            "agreed" if baseline is not None else None
        )
        baseline_month = 0
        for period in periods:
            if not due(measure.frequency, period):
                continue
            item = by_period.get(period.label)
            judged: Judged | None = None
            if item is not None and key in item.measures:
                outcome = judge_measure(measure, item.measures[key])
                if isinstance(outcome, Flawed):
                    problems.append(
                        Finding(
                            _where(item.file, outcome.place),
                            outcome.rule,
                            f"{key}: {outcome.message}",
                        )
                    )
                else:
                    judged = outcome
            elif item is None and not overdue[period.label]:
                continue  # awaited
            first_value = False
            if judged is not None and judged.value is not None and baseline is None:
                baseline, source, baseline_month = (
                    judged.value,
                    "first-period",
                    period.months_from_start,
                )
                first_value = True
            target = (
                trajectory(measure, baseline, baseline_month, period.months_from_start)
                if baseline is not None
                else None
            )
            status: Status
            if item is None:
                status = "late"
            elif judged is None or (judged.value is None and not judged.suppressed):
                status = "missing"
            elif judged.suppressed:
                status = "suppressed"
            else:
                assert judged.value is not None and target is not None
                status = "met" if is_met(measure, judged.value, target) else "not-met"
            rows.append(
                PeriodStatus(
                    period=period.label,
                    first_day=period.first_day.isoformat(),
                    last_day=period.last_day.isoformat(),
                    deadline=deadline(period, window).isoformat(),
                    status=status,
                    value=judged.value if judged else None,
                    numerator=judged.numerator if judged and not judged.suppressed else None,
                    denominator=judged.denominator if judged else None,
                    target=target,
                    file=item.file if item else None,
                    baseline_period=first_value,
                )
            )
        results.append(
            MeasureResult(
                key=key,
                clause=clause.ref,
                title=measure.title,
                measure=measure,
                baseline=baseline,
                baseline_source=source,
                final_target=final_target(measure, baseline) if baseline is not None else None,
                periods=rows,
            )
        )
    accounts: list[Account] = []
    studies: list[CaseStudy] = []
    for period in periods:
        item = by_period.get(period.label)
        if item is None:
            continue
        for clause in due_clauses(contract, period):
            accounts.append(Account(clause.id, period.label, _text(item.commentary.get(clause.id))))
        for title, account in item.case_studies:
            text = _text(account)
            if text:
                studies.append(
                    CaseStudy(period.label, item.file, _text(title) or "(untitled)", text)
                )
    awaiting = [p.label for p in periods if p.label not in by_period and not overdue[p.label]]
    return Monitoring(
        as_of=as_of.isoformat(),
        periods=[p.label for p in periods],
        awaiting=awaiting,
        measures=results,
        accounts=accounts,
        case_studies=studies,
        returns=sorted(records, key=lambda r: r.file),
        problems=problems,
        notes=list(notes),
    )
