"""Proposing who scores which bids: every criterion of every bid by at least N evaluators.

At national-framework size no evaluator scores every bid. `propose_allocation` spreads the
bids over the panel so that each criterion of each bid is scored by at least `per_bid`
evaluators who score that criterion (their `domains`) and have no declared conflict with
the bidder (`conflicts`), keeping every evaluator's load (bids × criteria) as even as it
can. It is greedy and deterministic: bids in tender.yaml order; for each, while a criterion
lacks scorers, the least-loaded free evaluator who scores one of them (load counted in
criterion scores), then the one covering most of what is missing, then by id. A bid it
cannot cover is reported, never silently left short.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenderkit.rubrics.model import Rubric
from tenderkit.scoring.tender import TenderConfig, allocated_criteria


@dataclass(frozen=True)
class Shortfall:
    """A criterion of a bid with fewer evaluators free to score it than asked for."""

    bidder: str
    criterion: str
    available: int


@dataclass(frozen=True)
class Allocation:
    """Bidders per evaluator (tender.yaml order), and what could not be covered."""

    bidders: dict[str, tuple[str, ...]]
    shortfalls: tuple[Shortfall, ...]
    per_bid: int

    def load(self, evaluator: str, criteria_count: int) -> int:
        return len(self.bidders[evaluator]) * criteria_count


def propose_allocation(config: TenderConfig, rubric: Rubric, per_bid: int) -> Allocation:
    """Bidders for each evaluator so every criterion of every bid has `per_bid` scorers."""
    if per_bid < 1:
        raise ValueError("each bid needs at least one evaluator per criterion")
    scored = {e.id: {c.id for c in allocated_criteria(e, rubric)} for e in config.evaluators}
    load = {e.id: 0 for e in config.evaluators}
    given: dict[str, list[str]] = {e.id: [] for e in config.evaluators}
    shortfalls: list[Shortfall] = []
    criteria = [c.id for _, c in rubric.criteria()]
    for bidder in config.evaluated_bidders():
        free = [e.id for e in config.evaluators if bidder.id not in e.conflicts]
        need = dict.fromkeys(criteria, per_bid)
        chosen: set[str] = set()
        while any(need.values()):
            candidates = [e for e in free if e not in chosen and any(need[c] for c in scored[e])]
            if not candidates:
                break
            best = min(
                candidates,
                key=lambda e: (load[e], -sum(1 for c in scored[e] if need[c]), e),
            )
            chosen.add(best)
            given[best].append(bidder.id)
            load[best] += len(scored[best])
            for c in scored[best]:
                need[c] = max(0, need[c] - 1)
        for c in criteria:
            if need[c]:
                shortfalls.append(Shortfall(bidder.id, c, per_bid - need[c]))
    return Allocation({e: tuple(b) for e, b in given.items()}, tuple(shortfalls), per_bid)
