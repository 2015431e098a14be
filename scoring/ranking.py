"""Competition ranking (1, 1, 3) with the tender's tie-break, and ties reported, never hidden.

Bids are ordered on their basis (total points, higher first; or price per quality point,
lower first). Bids level on the basis are separated by the tender's tie-break
(`higher-quality`: more quality points first; `lower-price`: cheaper first; `none`). Bids
still level share a rank, the next rank skips (1, 1, 3) and each is marked tied. The
tie-break is applied only where it separates; a rule that cannot apply (lower price
where prices were not asked for) leaves the tie standing.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from tenderkit.scoring.tender import TieBreak

_TIE_BREAK_WORDS = {"higher-quality": "higher quality", "lower-price": "lower price"}


@dataclass(frozen=True)
class Contender:
    """One eligible bid as the ranking sees it."""

    bidder: str
    basis: Fraction
    quality: Fraction
    price: Fraction | None


@dataclass(frozen=True)
class Placing:
    """Where a bid came: its rank, whether it is tied, and what the tie-break decided."""

    bidder: str
    rank: int
    tied: bool
    tied_with: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def rank_contenders(
    contenders: Sequence[Contender],
    *,
    tie_break: TieBreak,
    lower_is_better: bool = False,
    basis_name: str = "total",
) -> list[Placing]:
    """Placings for every contender, in the order given."""
    sign = 1 if lower_is_better else -1

    def primary(c: Contender) -> Fraction:
        return sign * c.basis

    groups: dict[Fraction, list[Contender]] = {}
    for c in contenders:
        groups.setdefault(primary(c), []).append(c)

    def secondary(c: Contender) -> Fraction:
        group = groups[primary(c)]
        if tie_break == "higher-quality":
            return -c.quality
        if tie_break == "lower-price" and all(g.price is not None for g in group):
            assert c.price is not None
            return c.price
        return Fraction(0)

    keys = {c.bidder: (primary(c), secondary(c)) for c in contenders}
    ordered = sorted(keys.values())
    placings: list[Placing] = []
    for c in contenders:
        key = keys[c.bidder]
        rank = 1 + bisect.bisect_left(ordered, key)  # 1 + how many keys are strictly better
        level = [o.bidder for o in groups[primary(c)] if o.bidder != c.bidder]
        tied_with = tuple(sorted(o for o in level if keys[o] == key))
        separated = sorted(o for o in level if keys[o] != key)
        notes: tuple[str, ...] = ()
        if separated:
            notes = (
                f"level on {basis_name} with {', '.join(separated)}; placed by "
                f"{_TIE_BREAK_WORDS[tie_break]} (tie-break)",
            )
        if tied_with:
            notes += (f"tied on {basis_name} with {', '.join(tied_with)}; the tie stands",)
        placings.append(Placing(c.bidder, rank, bool(tied_with), tied_with, notes))
    return placings
