"""What a provider return workbook carries: everything issued, as signed canonical JSON.

The payload records the contract (reference, provider, the hash of contract.yaml), the
period and its dates, the reporting deadline, the issue time, and for every clause due in
the period its text and, per measure, the definition, baseline, target and the defined
names of its input cells. It is stored in the workbook's very hidden metadata sheet with an
HMAC-SHA256 keyed by the contract workspace's secret, like an evaluator workbook's.

What is issued is decided by `monitoring_issue.build_return_issue`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from tenderkit.hashing import canonical_json
from tenderkit.templates.excel.evaluator_payload import NamedCell

FORMAT: Literal["tenderkit-monitoring-return/1"] = "tenderkit-monitoring-return/1"
RETURN_SHEET = "Return"
CASE_SHEET = "Case studies"
CASE_STUDIES = 3


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IssuedMeasure(_Frozen):
    key: str
    title: str
    unit: str
    minimum: float
    maximum: float
    direction: str
    data_source: str
    numerator_label: str | None
    numerator_whole: bool
    denominator_label: str | None
    denominator_whole: bool
    baseline: str
    target: str
    value: NamedCell
    numerator: NamedCell | None
    denominator: NamedCell | None


class IssuedBlock(_Frozen):
    clause: str
    version: str
    hash: str
    title: str
    text: str
    measures: list[IssuedMeasure]
    block_text: NamedCell  # the protected definition rows of the block
    commentary: NamedCell


class IssuedCaseStudy(_Frozen):
    title: NamedCell
    account: NamedCell


class IssuedReturn(_Frozen):
    format: Literal["tenderkit-monitoring-return/1"] = FORMAT
    contract_reference: str
    contract_title: str
    contract_hash: str
    provider: str
    period: str
    first_day: str
    last_day: str
    deadline: str
    issued_at: str
    blocks: list[IssuedBlock]
    case_studies: list[IssuedCaseStudy]

    def canonical(self) -> str:
        return canonical_json(self.model_dump(mode="json"))

    def names(self) -> list[str]:
        out: list[str] = []
        for block in self.blocks:
            out += [block.block_text.name, block.commentary.name]
            for m in block.measures:
                out += [n.name for n in (m.value, m.numerator, m.denominator) if n is not None]
        for case in self.case_studies:
            out += [case.title.name, case.account.name]
        return out
