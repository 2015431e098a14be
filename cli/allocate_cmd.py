"""`tender allocate DIR`: propose which bids each evaluator scores."""

from __future__ import annotations

from pathlib import Path

import click

from tenderkit.cli.common import fail
from tenderkit.scoring.allocation import propose_allocation
from tenderkit.workspace.tender import open_tender


@click.command("allocate")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--per-bid",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Evaluators to score each criterion of each bid.",
)
def allocate_cmd(directory: Path, per_bid: int) -> None:
    """Propose a balanced allocation of bids to the evaluators in DIRECTORY/tender.yaml.

    Each criterion of each bid gets at least --per-bid evaluators who score that criterion
    and declared no conflict with the bidder. The proposal is printed as `bidders:` lines
    to paste into tender.yaml; nothing is written.
    """
    tender = open_tender(directory)
    allocation = propose_allocation(tender.config, tender.rubric, per_bid)
    click.echo(f"# proposed allocation, at least {per_bid} evaluator(s) per criterion of each bid")
    click.echo("evaluators:")
    for evaluator in tender.config.evaluators:
        bids = allocation.bidders[evaluator.id]
        click.echo(f"  - id: {evaluator.id}")
        if bids:
            click.echo(f"    bidders: [{', '.join(bids)}]")
        else:
            click.echo(
                "    # no bids needed at this --per-bid; keep them in reserve or remove them"
            )
    for short in allocation.shortfalls:
        click.echo(
            f"warning: bidder {short.bidder}, criterion {short.criterion}: only "
            f"{short.available} evaluator(s) free to score it",
            err=True,
        )
    if allocation.shortfalls:
        fail(
            f"{len(allocation.shortfalls)} criterion/bid pair(s) cannot have {per_bid} "
            "evaluators; add evaluators or lower --per-bid"
        )
