"""What an evaluator workbook carries: everything issued, as signed canonical JSON.

The payload records the tender, the evaluator, the rubric (id, version, hash), the issue
time, the bidders, the text of every criterion and its scale, the allocation (which
criteria for which bidders) and where each defined name pointed when issued. It is stored
in the workbook's hidden metadata sheet with an HMAC-SHA256 over its canonical JSON, keyed
by the workspace secret, which never leaves the workspace. An evaluator can read the
payload but cannot change it without the signature failing; sheet protection only deters.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from tenderkit.hashing import canonical_json

FORMAT: Literal["tenderkit-evaluator-workbook/1"] = "tenderkit-evaluator-workbook/1"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IssuedPoint(_Frozen):
    score: int
    label: str
    descriptor: str


class IssuedScale(_Frozen):
    kind: Literal["named", "range"]
    minimum: float
    maximum: float
    half_points: bool
    allowed: list[float]
    points: list[IssuedPoint] = []
    guidance: str | None = None


class IssuedCriterion(_Frozen):
    id: str
    domain: str
    domain_title: str
    title: str
    question: str
    evidence: str
    weight: float
    threshold: float | None
    word_limit: int | None
    scale: IssuedScale


class NamedCell(_Frozen):
    """A workbook-level defined name and the reference it pointed at when issued."""

    name: str
    target: str


class IssuedBidder(_Frozen):
    id: str
    name: str
    sheet: str
    declaration: NamedCell


class IssuedPair(_Frozen):
    """One bidder × criterion the evaluator scores, with its three defined names."""

    bidder: str
    criterion: str
    score: NamedCell
    rationale: NamedCell
    text: NamedCell


class IssuedWorkbook(_Frozen):
    format: Literal["tenderkit-evaluator-workbook/1"] = FORMAT
    tender_reference: str
    tender_title: str
    evaluator_id: str
    evaluator_name: str
    rubric_id: str
    rubric_version: str
    rubric_hash: str
    issued_at: str
    bidders: list[IssuedBidder]
    criteria: list[IssuedCriterion]
    allocation: list[IssuedPair]
    declarations_text: NamedCell

    def canonical(self) -> str:
        return canonical_json(self.model_dump(mode="json"))

    def criterion(self, criterion_id: str) -> IssuedCriterion:
        return next(c for c in self.criteria if c.id == criterion_id)

    def names(self) -> list[str]:
        """Every defined name the workbook is read back by."""
        out = [b.declaration.name for b in self.bidders] + [self.declarations_text.name]
        for pair in self.allocation:
            out += [pair.score.name, pair.rationale.name, pair.text.name]
        return out


def differences(issued: IssuedWorkbook, expected: IssuedWorkbook) -> list[str]:
    """What differs between a return's (authentic) payload and what the workspace expects now."""
    out: list[str] = []
    if issued.rubric_hash != expected.rubric_hash:
        out.append(
            f"rubric hash {issued.rubric_hash} (the tender is pinned to {expected.rubric_hash})"
        )
    got_b = [b.id for b in issued.bidders]
    want_b = [b.id for b in expected.bidders]
    for b in want_b:
        if b not in got_b:
            out.append(f"bidder {b} was added after it was issued")
    for b in got_b:
        if b not in want_b:
            out.append(
                f"bidder {b} is no longer in tender.yaml, or no longer allocated to "
                f"{issued.evaluator_id}"
            )
    got_c = [c.id for c in issued.criteria]
    want_c = [c.id for c in expected.criteria]
    if got_c != want_c:
        out.append(f"criteria allocated {', '.join(got_c)} (now {', '.join(want_c)})")
    elif issued.criteria != expected.criteria:
        changed = [c.id for c, e in zip(issued.criteria, expected.criteria, strict=True) if c != e]
        out.append(f"criterion text or scale of {', '.join(changed)}")
    if not out and with_names_of(issued, expected) != expected:
        fields = [
            name
            for name in IssuedWorkbook.model_fields
            if getattr(issued, name) != getattr(expected, name)
        ]
        out.append(f"{', '.join(fields)}")
    return out


def with_names_of(issued: IssuedWorkbook, expected: IssuedWorkbook) -> IssuedWorkbook:
    """issued, with the display names (tender title, evaluator and bidder names) of expected.

    Names are shown to the evaluator but do not change what is scored, so a lead may
    correct them after issue without invalidating returns.
    """
    if [b.id for b in issued.bidders] != [b.id for b in expected.bidders]:
        return issued
    bidders = [
        b.model_copy(update={"name": e.name})
        for b, e in zip(issued.bidders, expected.bidders, strict=True)
    ]
    return issued.model_copy(
        update={
            "tender_title": expected.tender_title,
            "evaluator_name": expected.evaluator_name,
            "bidders": bidders,
        }
    )


def name_changes(issued: IssuedWorkbook, expected: IssuedWorkbook) -> list[str]:
    """Display names that differ between what was issued and tender.yaml now."""
    out = []
    if issued.tender_title != expected.tender_title:
        out.append(f"tender title {issued.tender_title!r} (now {expected.tender_title!r})")
    if issued.evaluator_name != expected.evaluator_name:
        out.append(f"evaluator name {issued.evaluator_name!r} (now {expected.evaluator_name!r})")
    for b, e in zip(issued.bidders, expected.bidders, strict=False):
        if b.id == e.id and b.name != e.name:
            out.append(f"bidder {b.id} name {b.name!r} (now {e.name!r})")
    return out
