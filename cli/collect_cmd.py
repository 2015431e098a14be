"""`tender collect DIR`: read the returned workbooks, check them, write out/collected.json."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import click

from tenderkit.cli.common import fail
from tenderkit.workspace.collect import collect_returns
from tenderkit.workspace.tender import open_tender

#: Below this many files the bar would only flash.
PROGRESS_MIN_FILES = 5


def _progress(files: Sequence[Path]) -> AbstractContextManager[Iterable[Path]]:
    if len(files) >= PROGRESS_MIN_FILES and sys.stderr.isatty():
        return click.progressbar(files, label="reading returns", file=sys.stderr)
    return nullcontext(files)


@click.command("collect")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
def collect_cmd(directory: Path) -> None:
    """Collect the workbooks in DIRECTORY/returns/ into out/collected.json.

    Every problem is printed with its file and cell or defined name; valid returns are
    collected whatever else fails. Exits 1 unless every expected score was accepted.
    """
    tender = open_tender(directory)
    outcome = collect_returns(tender, dt.datetime.now(dt.UTC), progress=_progress)
    collection = outcome.collection
    accepted = sum(1 for r in collection.returns if r.status == "accepted")
    rejected = sum(1 for r in collection.returns if r.status == "rejected")
    click.echo(
        f"returns: {accepted} accepted, {rejected} rejected ({len(collection.returns)} file(s) read)"
    )
    for tally in collection.tallies:
        if not tally.returned:
            click.echo(
                f"{tally.evaluator} {tally.name}: no accepted return ({tally.expected} score(s) expected)"
            )
        elif tally.missing:
            click.echo(
                f"{tally.evaluator} {tally.name}: {tally.accepted} of {tally.expected} score(s) accepted, "
                f"{tally.missing} missing or invalid"
            )
        else:
            click.echo(f"{tally.evaluator} {tally.name}: all {tally.expected} score(s) accepted")
    for aside in collection.set_aside:
        click.echo(
            f"set aside: {aside.evaluator}'s scores for {aside.bidder} (conflict of interest declared)"
        )
    for finding in collection.problems:
        click.echo(str(finding))
    for note in collection.notes:
        click.echo(f"note: {note}")
    for path in outcome.written:
        click.echo(f"wrote {tender.workspace.label(path)}")
    report = tender.workspace.label(tender.workspace.collection_report)
    if not collection.complete:
        fail(f"collection incomplete: {len(collection.problems)} problem(s); see {report}")
    click.echo(f"collection complete: {len(collection.scores)} score(s) accepted")
