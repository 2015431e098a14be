"""`tender workbooks issue DIR`: write one evaluator workbook per panel member into issued/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from tenderkit.workspace.folder import LOCK_FILE
from tenderkit.workspace.issue import issue_supplements, issue_workbooks
from tenderkit.workspace.tender import open_tender, read_pin


def parse_issued_at(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> dt.datetime | None:
    """An ISO 8601 date-time such as 2027-03-01T09:00:00Z; without an offset it is UTC."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 date-time (e.g. 2027-03-01T09:00:00Z)"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


@click.group("workbooks")
def workbooks_group() -> None:
    """Evaluator workbooks: issue them to the panel."""


@workbooks_group.command("issue")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--issued-at",
    metavar="ISO-8601",
    callback=parse_issued_at,
    help="Issue time recorded in the workbooks (default: now). The same time gives the same files.",
)
@click.option(
    "--evaluator", "only", multiple=True, metavar="ID", help="Only this evaluator (repeatable)."
)
@click.option(
    "--bidder",
    "late",
    multiple=True,
    metavar="ID",
    help="Issue supplementary workbooks for this bidder only, added to tender.yaml after "
    "issue: issued/<evaluator>.<bidder>.xlsx for each evaluator allocated them (repeatable).",
)
@click.option("--reissue", is_flag=True, help="Replace workbooks already in issued/.")
def issue_cmd(
    directory: Path,
    issued_at: dt.datetime | None,
    only: tuple[str, ...],
    late: tuple[str, ...],
    reissue: bool,
) -> None:
    """Write issued/<evaluator>.xlsx for every evaluator in DIRECTORY's tender.yaml.

    The first issue pins the rubric (in tender.lock); a later change to the rubric is refused.
    A workbook already issued is kept. A bidder added after issue is not slipped into a
    workbook an evaluator may be completing: the plain issue refuses and names them, and
    `--bidder B4` writes each allocated evaluator a supplementary workbook for B4 alone,
    whose return is collected with their first. A bidder with `status: withdrawn` is left
    out of new workbooks; returns already holding their scores still count for the others.
    """
    tender = open_tender(directory)
    first = read_pin(tender.workspace) is None
    now = dt.datetime.now(dt.UTC)
    if late:
        outcomes = issue_supplements(
            tender, late, issued_at or now, now, only=only, reissue=reissue
        )
    else:
        outcomes = issue_workbooks(tender, issued_at or now, now, only=only, reissue=reissue)
    if first:
        pin = read_pin(tender.workspace)
        if pin is not None:
            click.echo(f"pinned rubric {pin.id}@{pin.version} ({pin.hash}) in {LOCK_FILE}")
    for outcome in outcomes:
        label = tender.workspace.label(outcome.path)
        covering = f" (supplementary, bidder {outcome.bidder} only)" if outcome.bidder else ""
        if outcome.action == "issued":
            click.echo(f"issued {label}{covering}")
        elif outcome.action == "kept":
            click.echo(f"kept {label}{covering} (already issued; --reissue replaces it)")
        elif outcome.action == "skipped":
            what = f" for bidder {outcome.bidder}" if outcome.bidder else ""
            click.echo(f"skipped {outcome.evaluator}{what}: {outcome.detail}")
        else:
            click.echo(
                f"warning: {label} no longer matches tender.yaml: {outcome.detail}", err=True
            )
