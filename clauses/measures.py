"""The measures of KPI clauses: what a provider reports for each, as data.

A KPI clause's text defines its indicator in words; `clauses/data/measures.yaml` names the
figures that text defines, so a return workbook can ask for them and a collection can check
them: unit and range, which way is better, numerator and denominator, the data source, how
often it is measured, and which of the clause's parameters set the target, the time to reach
it and the suppression threshold. Entries are keyed by clause id and major version, since a
new major version may measure something else. The same file says which reporting clauses
are due less often than every period, and which clause sets the reporting schedule.
Loading and checking the file against a library is `clauses.measure_catalogue`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tenderkit.clauses.model import CLAUSE_ID, PARAM_NAME

Unit = Literal["percent", "score", "points"]
Direction = Literal["higher", "lower"]
Frequency = Literal["each-period", "annual", "between-surveys"]
Change = Literal["points", "percent-of-baseline", "hold"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ratio(_Frozen):
    """A numerator or denominator: what it counts, and whether it is a whole number."""

    label: str = Field(min_length=1)
    whole: bool
    group_size: bool = Field(
        default=False, description="The denominator counts the people the result describes."
    )


class TargetRule(_Frozen):
    """How the target follows from the baseline, by parameter name."""

    change: Change
    amount: str | None = Field(default=None, pattern=PARAM_NAME)
    months: str | None = Field(default=None, pattern=PARAM_NAME)


class MeasureDefinition(_Frozen):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str = Field(min_length=1)
    unit: Unit
    minimum: float
    maximum: float
    direction: Direction
    data_source: str = Field(min_length=1)
    numerator: Ratio | None = None
    denominator: Ratio | None = None
    frequency: Frequency
    target: TargetRule
    suppress_below: str | None = Field(default=None, pattern=PARAM_NAME)


class ClauseMeasures(_Frozen):
    clause: str = Field(pattern=CLAUSE_ID)
    major: int = Field(ge=0)
    measures: list[MeasureDefinition] = Field(min_length=1)


class ReportFrequency(_Frozen):
    clause: str = Field(pattern=CLAUSE_ID)
    major: int = Field(ge=0)
    frequency: Frequency


class Schedule(_Frozen):
    clause: str = Field(pattern=CLAUSE_ID)
    major: int = Field(ge=0)
    frequency: str = Field(pattern=PARAM_NAME)
    within_working_days: str = Field(pattern=PARAM_NAME)


class MeasureCatalogue(_Frozen):
    clauses: list[ClauseMeasures]
    reports: list[ReportFrequency] = []
    schedule: Schedule

    def measures_of(self, clause_id: str, major: int) -> list[MeasureDefinition] | None:
        entry = next((c for c in self.clauses if (c.clause, c.major) == (clause_id, major)), None)
        return None if entry is None else entry.measures

    def report_frequency(self, clause_id: str, major: int) -> Frequency:
        entry = next((r for r in self.reports if (r.clause, r.major) == (clause_id, major)), None)
        return "each-period" if entry is None else entry.frequency
