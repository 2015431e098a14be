"""Allocation by bidder and lot, and the proposal that spreads bids over the panel."""

from __future__ import annotations

from typing import Any

import pytest

from tenderkit.scoring.allocation import propose_allocation
from tenderkit.scoring.tender import TenderConfig, allocated_bidders, tender_problems
from tests.support.evaluation import small_rubric_model, small_tender


def config(**overrides: Any) -> TenderConfig:
    return TenderConfig.model_validate(small_tender(**overrides))


BIDDERS = [
    {"id": f"B{i}", "name": f"Bidder {i}", "lot": "north" if i <= 3 else "south"}
    for i in range(1, 7)
]


def test_an_evaluator_scores_the_bidders_or_lots_allocated_and_never_a_conflict() -> None:
    """`bidders`, `lots` and `conflicts` decide whose bids an evaluator is given."""
    tender = config(
        bidders=BIDDERS,
        evaluators=[
            {"id": "E1", "name": "One", "bidders": ["B2", "B5"]},
            {"id": "E2", "name": "Two", "lots": ["south"], "conflicts": ["B4"]},
            {"id": "E3", "name": "Three", "conflicts": ["B1"]},
        ],
    )
    ids = {e.id: [b.id for b in allocated_bidders(tender, e)] for e in tender.evaluators}
    assert ids == {"E1": ["B2", "B5"], "E2": ["B5", "B6"], "E3": ["B2", "B3", "B4", "B5", "B6"]}


def test_a_bid_nobody_is_allocated_is_reported_at_its_line() -> None:
    """B1 is scored by nobody (E1 takes only the south lot, E2 declared a conflict)."""
    tender = config(
        bidders=BIDDERS,
        evaluators=[
            {"id": "E1", "name": "One", "lots": ["south"]},
            {"id": "E2", "name": "Two", "bidders": ["B2", "B3"], "conflicts": ["B1"]},
        ],
    )
    problems = dict(tender_problems(tender, small_rubric_model()))
    assert "no evaluator is allocated bidder B1" in problems[("bidders", 0, "id")]


def test_unknown_bidders_and_lots_in_an_allocation_are_named() -> None:
    tender = config(
        bidders=BIDDERS,
        evaluators=[
            {"id": "E1", "name": "One", "bidders": ["B9"]},
            {"id": "E2", "name": "Two", "lots": ["east"]},
            {"id": "E3", "name": "Three"},
        ],
    )
    problems = dict(tender_problems(tender, small_rubric_model()))
    assert problems[("evaluators", 0, "bidders", 0)].startswith("no bidder 'B9'")
    assert problems[("evaluators", 1, "lots", 0)] == "no lot 'east'; known: north, south"


def test_an_evaluator_is_allocated_by_bidders_or_lots_not_both() -> None:
    with pytest.raises(ValueError, match="not both"):
        config(evaluators=[{"id": "E1", "name": "One", "bidders": ["B1"], "lots": ["north"]}])


@pytest.mark.parametrize("per_bid", [1, 2, 3])
def test_the_proposal_covers_every_criterion_of_every_bid_and_balances_the_load(
    per_bid: int,
) -> None:
    """Six bids, five evaluators (two score culture and values only, one has a conflict)."""
    evaluators = [
        {"id": "E1", "name": "One"},
        {"id": "E2", "name": "Two"},
        {"id": "E3", "name": "Three", "conflicts": ["B2"]},
        {"id": "E4", "name": "Four", "domains": ["culture-values"]},
        {"id": "E5", "name": "Five", "domains": ["culture-values"]},
    ]
    tender = config(bidders=BIDDERS, evaluators=evaluators)
    rubric = small_rubric_model()
    allocation = propose_allocation(tender, rubric, per_bid)
    if per_bid == 3:
        # B2 has only E1 and E2 for the criteria beyond culture and values (E3's conflict).
        assert {(s.bidder, s.available) for s in allocation.shortfalls} == {("B2", 2)}
        return
    assert allocation.shortfalls == ()
    proposed = config(
        bidders=BIDDERS,
        evaluators=[
            dict(e, bidders=list(allocation.bidders[e["id"]]))
            for e in evaluators
            if allocation.bidders[e["id"]]
        ],
    )
    # Checked independently: count, for each bid and criterion, who scores it.
    for bidder in BIDDERS:
        for domain, criterion in rubric.criteria():
            scorers = [
                e
                for e in evaluators
                if bidder["id"] in allocation.bidders[e["id"]]
                and ("domains" not in e or domain.id in e["domains"])
            ]
            assert len(scorers) >= per_bid, (bidder["id"], criterion.id)
            assert all(bidder["id"] not in e.get("conflicts", []) for e in scorers)
    assert tender_problems(proposed, rubric) == []
    # Evaluators who score the same criteria get within one bid of each other, and the
    # culture-and-values evaluators take their share of that domain: nobody is left idle.
    for group in (("E1", "E2", "E3"), ("E4", "E5")):
        counts = [len(allocation.bidders[e]) for e in group]
        assert max(counts) - min(counts) <= 1, (group, counts)
    assert all(allocation.bidders[e["id"]] for e in evaluators)


def test_a_proposal_that_cannot_cover_a_bid_says_which_criterion() -> None:
    """Only E1 scores leadership, and E1 has a conflict with B1."""
    tender = config(
        bidders=BIDDERS[:2],
        evaluators=[
            {"id": "E1", "name": "One", "conflicts": ["B1"]},
            {"id": "E2", "name": "Two", "domains": ["culture-values"]},
        ],
    )
    allocation = propose_allocation(tender, small_rubric_model(), 1)
    missing = {(s.bidder, s.available) for s in allocation.shortfalls}
    assert missing and all(bidder == "B1" and available == 0 for bidder, available in missing)
