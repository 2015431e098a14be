"""`out/monitoring.json` (`tenderkit-monitoring/1`): the monitoring result as one document.

Built from a `Monitoring` and the contract by `monitoring_file`; the dashboard and the
report are generated from this document alone (read back with `MonitoringFile`), so every
figure a contract review meeting sees is the one in the JSON.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from tenderkit.scoring.contract import ContractConfig
from tenderkit.scoring.monitoring import Monitoring, Status

FORMAT: Literal["tenderkit-monitoring/1"] = "tenderkit-monitoring/1"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PeriodRow(_Frozen):
    period: str
    first_day: str
    last_day: str
    deadline: str
    status: Status
    value: float | None
    numerator: float | None
    denominator: float | None
    target: float | None
    baseline_period: bool
    file: str | None


class MeasureRow(_Frozen):
    key: str
    clause: str
    title: str
    unit: str
    minimum: float
    maximum: float
    direction: Literal["higher", "lower"]
    data_source: str
    baseline: float | None
    baseline_source: Literal["agreed", "first-period"] | None
    final_target: float | None
    target_months: int | None
    not_met_in_a_row: int
    periods: list[PeriodRow]


class AccountRow(_Frozen):
    clause: str
    title: str
    period: str
    text: str | None


class CaseStudyRow(_Frozen):
    period: str
    file: str
    title: str
    account: str


class ReturnRow(_Frozen):
    file: str
    sha256: str | None
    period: str | None
    status: Literal["accepted", "refused"]


class ProblemRow(_Frozen):
    file: str | None
    sheet: str | None
    cell: str | None
    name: str | None
    rule: str
    message: str


class ContractRow(_Frozen):
    reference: str
    title: str
    commissioner: str
    provider: str
    start: str
    reporting_frequency: str
    within_working_days: int
    contract_hash: str
    clauses: list[str]  # id@version, as pinned


class MonitoringFile(_Frozen):
    format: Literal["tenderkit-monitoring/1"] = FORMAT
    tool_version: str
    as_of: str
    contract: ContractRow
    periods: list[str]
    awaiting: list[str]
    measures: list[MeasureRow]
    accounts: list[AccountRow]
    case_studies: list[CaseStudyRow]
    returns: list[ReturnRow]
    problems: list[ProblemRow]

    def latest_period(self) -> str | None:
        reported = {p.period for m in self.measures for p in m.periods}
        ordered = [p for p in self.periods if p in reported]
        return ordered[-1] if ordered else None

    def status_counts(self, period: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for m in self.measures:
            for p in m.periods:
                if p.period == period:
                    counts[p.status] = counts.get(p.status, 0) + 1
        return counts


def monitoring_file(
    monitoring: Monitoring, contract: ContractConfig, contract_hash: str, tool_version: str
) -> MonitoringFile:
    titles = {c.id: c.title for c in contract.clauses}
    return MonitoringFile(
        tool_version=tool_version,
        as_of=monitoring.as_of,
        contract=ContractRow(
            reference=contract.reference,
            title=contract.title,
            commissioner=contract.commissioner,
            provider=contract.provider,
            start=contract.start.isoformat(),
            reporting_frequency=contract.reporting.frequency,
            within_working_days=contract.reporting.within_working_days,
            contract_hash=contract_hash,
            clauses=[c.ref for c in contract.clauses],
        ),
        periods=monitoring.periods,
        awaiting=monitoring.awaiting,
        measures=[
            MeasureRow(
                key=r.key,
                clause=r.clause,
                title=r.title,
                unit=r.measure.unit,
                minimum=r.measure.minimum,
                maximum=r.measure.maximum,
                direction=r.measure.direction,
                data_source=r.measure.data_source,
                baseline=r.baseline,
                baseline_source=r.baseline_source,
                final_target=_round(r.final_target),
                target_months=r.measure.target.months,
                not_met_in_a_row=r.not_met_in_a_row,
                periods=[
                    PeriodRow(
                        period=p.period,
                        first_day=p.first_day,
                        last_day=p.last_day,
                        deadline=p.deadline,
                        status=p.status,
                        value=p.value,
                        numerator=p.numerator,
                        denominator=p.denominator,
                        target=_round(p.target),
                        baseline_period=p.baseline_period,
                        file=p.file,
                    )
                    for p in r.periods
                ],
            )
            for r in monitoring.measures
        ],
        accounts=[
            AccountRow(
                clause=a.clause, title=titles.get(a.clause, a.clause), period=a.period, text=a.text
            )
            for a in monitoring.accounts
        ],
        case_studies=[
            CaseStudyRow(period=c.period, file=c.file, title=c.title, account=c.account)
            for c in monitoring.case_studies
        ],
        returns=[
            ReturnRow(file=r.file, sha256=r.sha256, period=r.period, status=r.status)
            for r in monitoring.returns
        ],
        problems=[
            ProblemRow(
                file=str(f.location.file) if f.location.file is not None else None,
                sheet=f.location.sheet,
                cell=f.location.cell,
                name=f.location.path,
                rule=f.rule,
                message=f.message,
            )
            for f in monitoring.problems
        ],
    )


def _round(value: float | None) -> float | None:
    """Targets to four decimal places: enough for any figure shown, and stable in JSON."""
    return None if value is None else round(value, 4)
