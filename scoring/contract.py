"""The contract configuration (`contract.yaml`): what the provider reports, and the targets.

`tender monitor init` writes it from a service specification's manifest: the provider, the
contract start, the reporting schedule, and every KPI and reporting clause the provider is
bound by, with its pinned version and content hash, its filled text (the definition), its
parameter values and, for a KPI clause, its measures with baseline and target. Everything
issue and collection need is here, so a contract keeps monitoring against what was signed
even when the library moves on. `scoring/schemas/contract.schema.json` is generated from
these models.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tenderkit.clauses.measures import Change, Direction, Frequency, Unit
from tenderkit.clauses.model import CLAUSE_ID, ParamValue
from tenderkit.scoring.periods import ReportingFrequency

FORMAT: Literal["tenderkit-contract/1"] = "tenderkit-contract/1"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RatioPart(_Frozen):
    label: str = Field(min_length=1)
    whole: bool = Field(description="Counts: the value must be a whole number.")
    group_size: bool = Field(
        default=False, description="The number of people the result describes."
    )


class Target(_Frozen):
    """Where the measure must be, relative to its baseline, and by when."""

    change: Change
    amount: float | None = Field(
        default=None, ge=0, description="Points, or percent of the baseline, by `months`."
    )
    months: int | None = Field(
        default=None, ge=1, description="Months from the contract start to reach the target."
    )

    @model_validator(mode="after")
    def _complete(self) -> Target:
        if self.change != "hold" and (self.amount is None or self.months is None):
            raise ValueError(f"a {self.change} target needs an amount and months")
        return self


class Measure(_Frozen):
    """One figure a KPI clause asks for."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str = Field(min_length=1)
    unit: Unit
    minimum: float
    maximum: float
    direction: Direction
    data_source: str = Field(min_length=1)
    numerator: RatioPart | None = None
    denominator: RatioPart | None = None
    frequency: Frequency
    baseline: float | None = Field(
        default=None,
        description="The agreed baseline; empty: the value of the first period reported.",
    )
    target: Target
    suppress_below: int | None = Field(
        default=None, ge=0, description="Groups smaller than this are withheld."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Measure:
        if self.minimum >= self.maximum:
            raise ValueError(f"minimum {self.minimum} is not below maximum {self.maximum}")
        if self.baseline is not None and not self.minimum <= self.baseline <= self.maximum:
            raise ValueError(f"baseline {self.baseline} is outside {self.minimum}–{self.maximum}")
        if (self.numerator is None) != (self.denominator is None):
            raise ValueError("give both numerator and denominator, or neither")
        return self


class ContractClause(_Frozen):
    """A KPI or reporting clause of the contract, as signed."""

    id: str = Field(pattern=CLAUSE_ID)
    version: str
    hash: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    kind: Literal["kpi", "reporting"]
    title: str = Field(min_length=1)
    obligation: Literal["must", "should", "may"]
    text: str = Field(min_length=1, description="The clause text with its values filled in.")
    parameters: dict[str, ParamValue] = Field(default_factory=dict)
    frequency: Frequency = Field(description="When the clause's account is due.")
    measures: list[Measure] = Field(default_factory=list)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"


class Reporting(_Frozen):
    """The reporting schedule: how often, and how soon after each period ends."""

    clause: str | None = Field(default=None, description="The clause that sets it (id@version).")
    frequency: ReportingFrequency
    within_working_days: int = Field(ge=0, le=120)


class Specification(_Frozen):
    """The specification the contract came from."""

    reference: str
    title: str
    manifest_hash: str
    library: str


class ContractConfig(_Frozen):
    format: Literal["tenderkit-contract/1"] = FORMAT
    reference: str = Field(min_length=1, description="The contract reference.")
    title: str = Field(min_length=1)
    commissioner: str = Field(min_length=1)
    provider: str = Field(min_length=1)
    start: dt.date = Field(description="Contract start: periods and targets count from it.")
    reporting: Reporting
    specification: Specification
    clauses: list[ContractClause] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> ContractConfig:
        seen: set[str] = set()
        for clause in self.clauses:
            if clause.id in seen:
                raise ValueError(f"clause {clause.id} appears twice")
            seen.add(clause.id)
            ids = [m.id for m in clause.measures]
            if len(ids) != len(set(ids)):
                raise ValueError(f"clause {clause.id} has two measures with the same id")
        return self

    def measures(self) -> list[tuple[ContractClause, Measure]]:
        return [(c, m) for c in self.clauses for m in c.measures]

    def clause(self, clause_id: str) -> ContractClause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)


def measure_key(clause: ContractClause, measure: Measure) -> str:
    """How monitoring.json and messages name a measure: `WC-MR-001.engagement`."""
    return f"{clause.id}.{measure.id}"
