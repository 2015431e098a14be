"""Moderation rules: what the panel sees per bidder × criterion, and what its record must hold.

For each bidder × criterion the evaluators' scores give a mean, minimum, maximum and spread
(maximum − minimum). A row is flagged for discussion when its spread reaches the tender's
`moderation.spread_threshold`. The rounded mean is the mean rounded half up to the scale's
step (to a whole point, or to a half point on a scale that allows halves: 3.25 -> 3.5 on a
half-point scale, 3.5 -> 4 on a whole-point one), so it is always a score the panel could
give. A moderation note is required when the row was flagged or the consensus differs from
the rounded mean: the record must say why the panel moved.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from tenderkit.rubrics.scale import NamedScale, RangeScale
from tenderkit.scoring.entries import Entry, Flaw, judge_score
from tenderkit.scoring.inputs import Number, exact


@dataclass(frozen=True)
class ModerationRow:
    """The evaluators' scores for one bidder × criterion, summarised for the moderator."""

    bidder: str
    criterion: str
    scores: Mapping[str, Fraction]  # evaluator id -> score
    mean: Fraction
    minimum: Fraction
    maximum: Fraction
    spread: Fraction
    flagged: bool
    rounded_mean: Fraction


def _round_half_up(numerator: int, denominator: int, step: Fraction, origin: Fraction) -> Fraction:
    """numerator/denominator (denominator > 0) rounded half up to origin + k * step.

    In integers: k = floor((v - o) / s + 1/2) is floor((2a + b) / 2b) where (v - o) / s = a/b,
    the same k as the Fraction arithmetic without building a Fraction per step.
    """
    s_num, s_den = step.numerator, step.denominator
    o_num, o_den = origin.numerator, origin.denominator
    # (v - o) / s = (numerator * o_den - o_num * denominator) * s_den / (denominator * o_den * s_num)
    a = (numerator * o_den - o_num * denominator) * s_den
    b = denominator * o_den * s_num
    if b < 0:
        a, b = -a, -b
    k = (2 * a + b) // (2 * b)
    return Fraction(o_num * s_den + k * s_num * o_den, o_den * s_den)


def round_to_step(value: Number, step: Number, origin: Number = 0) -> Fraction:
    """`value` rounded half up to the nearest multiple of `step` above `origin`."""
    v, s, o = exact(value), exact(step), exact(origin)
    if not s:
        raise ZeroDivisionError(f"a scale step of {step} cannot round {value}")
    return _round_half_up(v.numerator, v.denominator, s, o)


def moderation_row(
    bidder: str,
    criterion: str,
    scores: Mapping[str, Number],
    *,
    spread_threshold: Number,
    scale_step: Number = 1,
    scale_min: Number = 0,
) -> ModerationRow:
    """Summarise one row; `scores` maps evaluator id to score and must not be empty."""
    if not scores:
        raise ValueError(f"no evaluator scores for bidder {bidder} on {criterion}")
    values = {e: exact(s) for e, s in scores.items()}
    # In integers over the scores' common denominator: the same fractions as summing,
    # subtracting and comparing Fraction objects, at a fraction of the cost for thousands of
    # rows (each Fraction operation normalises by a gcd and dispatches on types).
    common = math.lcm(*(v.denominator for v in values.values()))
    scaled = [v.numerator * (common // v.denominator) for v in values.values()]
    mean = Fraction(sum(scaled), common * len(scaled))
    low, high = min(scaled), max(scaled)
    threshold = exact(spread_threshold)
    return ModerationRow(
        bidder=bidder,
        criterion=criterion,
        scores=values,
        mean=mean,
        minimum=Fraction(low, common),
        maximum=Fraction(high, common),
        spread=Fraction(high - low, common),
        # spread >= threshold, cross-multiplied (both denominators are positive)
        flagged=(high - low) * threshold.denominator >= threshold.numerator * common,
        rounded_mean=round_to_step(mean, scale_step, scale_min),
    )


def note_required(row: ModerationRow, consensus: Number) -> bool:
    """Whether the row needs a moderation note: flagged, or consensus moved off the rounded mean."""
    return row.flagged or exact(consensus) != row.rounded_mean


def judge_consensus(entry: Entry, scale: NamedScale | RangeScale) -> float | Flaw:
    """The consensus score if it is present and on the criterion's scale, else the flaw.

    The same rules as an evaluator's score (a number, on the scale, on an allowed step, not a
    formula); the rule ids are prefixed `consensus-` so the record tells them apart.
    """
    judged = judge_score(entry, scale)
    if isinstance(judged, Flaw):
        rule = judged.rule.replace("score-", "consensus-", 1)
        message = "no consensus score given" if rule == "consensus-missing" else judged.message
        return Flaw(rule, message)
    return judged


def judge_note(row: ModerationRow, consensus: Number, note: str | None) -> Flaw | None:
    """The flaw when a required note is missing; None when the note is there or not needed."""
    if note is not None and note.strip():
        return None
    if not note_required(row, consensus):
        return None
    if row.flagged:
        why = (
            f"the evaluators' scores spread by {_fmt(row.spread)} "
            f"({_fmt(row.minimum)}–{_fmt(row.maximum)})"
        )
    else:
        why = (
            f"the consensus {_fmt(exact(consensus))} differs from the rounded mean "
            f"{_fmt(row.rounded_mean)}"
        )
    return Flaw(
        "note-missing",
        f"{why}, so the moderation note must say why the panel agreed this score",
    )


def _fmt(value: Fraction) -> str:
    return f"{float(value):g}"
