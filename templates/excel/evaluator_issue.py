"""What one evaluator is issued: their criteria for every bidder, named cells and all.

`build_issue` turns the tender configuration, the pinned rubric and an evaluator into the
`IssuedWorkbook` payload, including every defined name and where it points. It is pure and
deterministic, so collection can rebuild exactly what should have been issued to an
evaluator at a given time and compare it with what a return says was issued.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from tenderkit.errors import InputError
from tenderkit.rubrics.model import Criterion, Rubric, RubricDomain
from tenderkit.rubrics.scale import NamedScale, RangeScale, allowed_scores
from tenderkit.scoring.tender import (
    Bidder,
    Evaluator,
    TenderConfig,
    allocated_bidders,
    allocated_criteria,
)
from tenderkit.templates.excel.evaluator_layout import (
    COL_LABEL,
    COL_SCORE,
    COL_TEXT,
    DECL_FIRST_ROW,
    DECLARATIONS_SHEET,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    block_rows,
)
from tenderkit.templates.excel.evaluator_payload import (
    IssuedBidder,
    IssuedCriterion,
    IssuedPair,
    IssuedPoint,
    IssuedScale,
    IssuedWorkbook,
    NamedCell,
)
from tenderkit.templates.excel.names import (
    cell_ref,
    check_unique,
    excel_name,
    range_ref,
    sheet_name,
)

SCORE, RATIONALE, DECLARATION, TEXT = "S", "R", "COI", "TXT"
META_NAME = excel_name("TK", "META")
#: The shapes of the names tenderkit issues (ignoring case, as Excel does): a bidder and a
#: criterion after S, R and TXT; a bidder after COI; TXT.DECL and TK.META.
ISSUED_NAME = re.compile(
    rf"^(?:(?:{SCORE}|{RATIONALE}|{TEXT})\.\w+\.\w+|(?:{DECLARATION}|{TEXT}|TK)\.\w+)$",
    re.IGNORECASE | re.ASCII,
)
DECLARATIONS_TEXT_NAME = excel_name(TEXT, "DECL")


def format_issued_at(moment: dt.datetime) -> str:
    """UTC, whole seconds, `Z`: `2027-03-01T09:00:00Z`. Naive times are taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def bidder_sheet(bidder_id: str) -> str:
    return sheet_name(f"Bidder {bidder_id}")


def issued_scale(scale: NamedScale | RangeScale) -> IssuedScale:
    return IssuedScale(
        kind="named" if isinstance(scale, NamedScale) else "range",
        minimum=scale.minimum,
        maximum=scale.maximum,
        half_points=scale.half_points,
        allowed=allowed_scores(scale),
        points=[
            IssuedPoint(score=p.score, label=p.label, descriptor=p.descriptor)
            for p in (scale.points if isinstance(scale, NamedScale) else [])
        ],
        guidance=None if isinstance(scale, NamedScale) else scale.guidance,
    )


def issued_criterion(
    rubric: Rubric, domain: RubricDomain, criterion: Criterion, domain_titles: Mapping[str, str]
) -> IssuedCriterion:
    return IssuedCriterion(
        id=criterion.id,
        domain=domain.id,
        domain_title=domain_titles.get(domain.id, domain.id),
        title=criterion.title,
        question=criterion.question,
        evidence=criterion.evidence,
        weight=round(rubric.effective_weight(domain, criterion), 6),
        threshold=criterion.threshold,
        word_limit=criterion.word_limit,
        scale=issued_scale(rubric.scale_for(criterion)),
    )


def build_issue(
    config: TenderConfig,
    rubric: Rubric,
    rubric_hash: str,
    evaluator: Evaluator,
    issued_at: str,
    domain_titles: Mapping[str, str],
    covering: Sequence[Bidder] | None = None,
) -> IssuedWorkbook:
    """The payload of the workbook issued to evaluator at issued_at (see module docstring).

    `covering` (default: every bidder allocated to the evaluator) gives the bidders it
    covers, in order: a supplementary workbook covers a bidder added after issue, and a
    return is checked against the bidders it was issued for."""
    domains = {c.id: d for d, c in rubric.criteria()}
    criteria = [
        issued_criterion(rubric, domains[c.id], c, domain_titles)
        for c in allocated_criteria(evaluator, rubric)
    ]
    blocks = block_rows(criteria)
    bidders: list[IssuedBidder] = []
    allocation: list[IssuedPair] = []
    given = list(covering) if covering is not None else allocated_bidders(config, evaluator)
    for index, bidder in enumerate(given):
        sheet = bidder_sheet(bidder.id)
        bidders.append(
            IssuedBidder(
                id=bidder.id,
                name=bidder.name,
                sheet=sheet,
                declaration=NamedCell(
                    name=excel_name(DECLARATION, bidder.id),
                    target=cell_ref(DECLARATIONS_SHEET, DECL_FIRST_ROW + index, 2),
                ),
            )
        )
        for criterion, rows in zip(criteria, blocks, strict=True):
            allocation.append(
                IssuedPair(
                    bidder=bidder.id,
                    criterion=criterion.id,
                    score=NamedCell(
                        name=excel_name(SCORE, bidder.id, criterion.id),
                        target=cell_ref(sheet, rows.score, COL_SCORE),
                    ),
                    rationale=NamedCell(
                        name=excel_name(RATIONALE, bidder.id, criterion.id),
                        target=cell_ref(sheet, rows.rationale, COL_TEXT),
                    ),
                    text=NamedCell(
                        name=excel_name(TEXT, bidder.id, criterion.id),
                        target=range_ref(sheet, (rows.first, COL_LABEL), (rows.last, COL_TEXT)),
                    ),
                )
            )
    last_decl = DECL_FIRST_ROW + len(given) - 1
    issue = IssuedWorkbook(
        tender_reference=config.reference,
        tender_title=config.title,
        evaluator_id=evaluator.id,
        evaluator_name=evaluator.name,
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        rubric_hash=rubric_hash,
        issued_at=issued_at,
        bidders=bidders,
        criteria=criteria,
        allocation=allocation,
        declarations_text=NamedCell(
            name=DECLARATIONS_TEXT_NAME,
            target=range_ref(DECLARATIONS_SHEET, (DECL_FIRST_ROW, 0), (last_decl, 1)),
        ),
    )
    check_unique([*issue.names(), META_NAME])
    sheets = [INSTRUCTIONS_SHEET, DECLARATIONS_SHEET, META_SHEET, *(b.sheet for b in bidders)]
    folded = [s.casefold() for s in sheets]
    if len(set(folded)) != len(folded):
        raise InputError(
            "two bidders would share a sheet name; make their ids differ by more than case"
        )
    return issue
