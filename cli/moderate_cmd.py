"""`tender moderate DIR`: issue the moderation workbook from the collected scores."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from tenderkit.cli.workbooks_cmd import parse_issued_at
from tenderkit.workspace.moderate import issue_moderation
from tenderkit.workspace.tender import open_tender, withdrawal_words


@click.command("moderate")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--allow-incomplete",
    is_flag=True,
    help="Issue even though collection is incomplete (recorded in the audit log).",
)
@click.option(
    "--reissue",
    is_flag=True,
    help="Issue a fresh workbook; the existing one is kept as moderation-superseded-<time>.xlsx.",
)
@click.option(
    "--issued-at",
    metavar="ISO-8601",
    callback=parse_issued_at,
    help="Issue time recorded in the workbook (default: now). The same time gives the same file.",
)
def moderate_cmd(
    directory: Path, allow_incomplete: bool, reissue: bool, issued_at: dt.datetime | None
) -> None:
    """Write DIRECTORY/moderation.xlsx for the panel's consensus scores and notes.

    Refuses unless collection is complete and out/collected.json is the file `tender
    collect` wrote. An existing moderation.xlsx is never overwritten.
    """
    tender = open_tender(directory)
    now = dt.datetime.now(dt.UTC)
    outcome = issue_moderation(
        tender, issued_at or now, now, allow_incomplete=allow_incomplete, reissue=reissue
    )
    workspace = tender.workspace
    if outcome.superseded is not None:
        click.echo(f"kept the previous workbook as {workspace.label(outcome.superseded)}")
    lines = outcome.workbook.lines
    flagged = sum(1 for line in lines if line.flagged)
    if outcome.workbook.allow_incomplete:
        click.echo(
            "warning: collection is incomplete; moderating anyway (recorded in the audit log)",
            err=True,
        )
    click.echo(
        f"issued {workspace.label(outcome.path)}: {len(lines)} row(s), {flagged} flagged for discussion"
    )
    for bidder in tender.config.withdrawn_bidders():
        click.echo(
            f"bidder {bidder.id} ({bidder.name}) {withdrawal_words(bidder)}: not moderated; "
            "the scores returned for them were set aside at collection"
        )
    click.echo(
        "the moderator enters a consensus score for every row, and a note where a row is "
        "flagged or the consensus differs from the rounded mean"
    )
