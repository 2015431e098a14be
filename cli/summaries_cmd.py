"""`tender summaries DIR --notice-date YYYY-MM-DD`: one assessment summary per assessed bidder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from tenderkit.scoring.standstill import format_date
from tenderkit.workspace.folder import Workspace
from tenderkit.workspace.summaries import parse_notice_date, write_summaries


@click.command("summaries")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--notice-date",
    required=True,
    metavar="YYYY-MM-DD",
    help="The day the contract award notice (or notice of intention to award) is published.",
)
@click.option(
    "--reference-doc",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="A .docx whose styles, header and footer to use (default: the bundled one).",
)
def summaries_cmd(directory: Path, notice_date: str, reference_doc: Path | None) -> None:
    """Write DIRECTORY/out/summaries/<bidder>.docx from out/results.json.

    Each summary gives the award criteria, the bidder's scores with the moderation notes'
    reasons, beside the most advantageous tender's, and the standstill dates that follow
    the notice date. Refuses a result older than the files it was computed from.
    """
    day = parse_notice_date(notice_date)
    outcome = write_summaries(directory, day, dt.datetime.now(dt.UTC), reference_doc)
    workspace = Workspace(directory)
    if outcome.warning is not None:
        click.echo(f"warning: {outcome.warning}", err=True)
    for path in outcome.files:
        click.echo(f"wrote {workspace.label(path)}")
    for bidder, name, withdrawn in outcome.withdrawn:
        click.echo(f"no summary for {bidder} ({name}): the bidder withdrew on {withdrawn}")
    if outcome.without_notes:
        click.echo(
            f"note: {len(outcome.without_notes)} consensus score(s) have no moderation note "
            "(none was required), so their summaries give the score without reasons"
        )
    period = outcome.standstill
    click.echo(
        f"standstill: last day {format_date(period.last_day)}; contract from "
        f"{format_date(period.contract_from)}"
    )
