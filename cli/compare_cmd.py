"""`tender compare DIR`: the award decided from the moderation and the prices, with its robustness."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import click

from tenderkit.cli.common import fail
from tenderkit.scoring.decision import BidResult
from tenderkit.scoring.results import EvaluationResult
from tenderkit.workspace.compare import ComparisonRefused, compare_bids
from tenderkit.workspace.tender import OpenTender, open_tender


def _points(value: Fraction | None) -> str:
    return "none" if value is None else f"{float(value):.2f}"


def _bid_line(bid: BidResult, basis: str) -> str:
    if bid.rank is None:
        return f"   {bid.id} {bid.name}: {bid.status} ({'; '.join(bid.reasons)})"
    if basis == "price-per-quality-point":
        figure = f"price per quality point {_points(bid.price_per_quality_point)}"
    else:
        score = "" if bid.price_score is None else f", price score {_points(bid.price_score)}"
        figure = f"total {_points(bid.total)} (quality {_points(bid.quality)}{score})"
    marks = [
        m for m in ("tied" if bid.tied else "", "flagged" if bid.status == "flagged" else "") if m
    ]
    suffix = f" [{', '.join(marks)}]" if marks else ""
    return f"{bid.rank:>2}. {bid.id} {bid.name}: {figure}{suffix}"


def _summary(tender: OpenTender, result: EvaluationResult) -> list[str]:
    decision, sens = result.decision, result.sensitivity
    config = tender.config
    formula = config.price.formula if config.price is not None else "none"
    lines = [
        f"compared {len(decision.bids)} bid(s): quality {config.weights.quality:g}, price "
        f"{config.weights.price:g} ({formula})"
    ]
    lines += [_bid_line(bid, decision.basis) for bid in decision.bids]
    unit = "per quality point" if decision.basis == "price-per-quality-point" else "points"
    if decision.winner is not None:
        winner = decision.bid(decision.winner)
        margin = "" if sens.margin is None else f", by {_points(sens.margin)} {unit}"
        lines.append(f"winner: {winner.id} {winner.name}{margin}")
    else:
        tied = [b.id for b in decision.bids if b.rank == 1]
        lines.append(
            f"no winner: first place is tied between {', '.join(tied)}; the panel must resolve it"
            if tied
            else "no winner: no bid is ranked"
        )
    if sens.flips:
        flip = sens.flips[0]
        outcome = (
            f"gives {flip.new_winner} the award"
            if flip.new_winner
            else f"ties {flip.bidder} for first"
        )
        lines.append(
            f"closest flip: {flip.changed}'s {flip.criterion} from {float(flip.from_score):g} to "
            f"{float(flip.to_score):g} ({flip.steps} step(s)) {outcome}"
        )
    elif decision.winner is not None and len(decision.ranked()) > 1:
        lines.append("closest flip: no single score change changes the winner")
    if sens.quality_weight_break_even is not None:
        beyond = (
            f" ({sens.break_even_winner} would win beyond it)" if sens.break_even_winner else ""
        )
        lines.append(
            f"quality weight at which the winner changes: {_points(sens.quality_weight_break_even)}{beyond}"
        )
    return lines


@click.command("compare")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
def compare_cmd(directory: Path) -> None:
    """Decide the award from DIRECTORY/moderation.xlsx and prices.csv.

    Writes out/results.json and out/comparison.xlsx. On any bad input every problem is
    printed with its file and cell or row, nothing is written (earlier outputs stay as
    they were) and the exit code is 1.
    """
    tender = open_tender(directory)
    workspace = tender.workspace
    try:
        outcome = compare_bids(tender, dt.datetime.now(dt.UTC))
    except ComparisonRefused as refused:
        for problem in refused.problems:
            click.echo(problem)
        fail(
            f"comparison refused: {len(refused.problems)} problem(s); "
            f"{workspace.label(workspace.results_json)} and "
            f"{workspace.label(workspace.comparison_xlsx)} were not changed"
        )
        return
    for note in outcome.notes:
        click.echo(f"note: {note}")
    for line in _summary(tender, outcome.result):
        click.echo(line)
    for warning in outcome.warnings:
        click.echo(f"note warning: {warning}")
    if outcome.warnings:
        click.echo(
            f"{len(outcome.warnings)} moderation note warning(s), recorded in results.json: "
            "notes should judge the bid against the criterion, with a reason"
        )
    for path in outcome.written:
        click.echo(f"wrote {workspace.label(path)}")
