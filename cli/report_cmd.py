"""`tender report DIR`: the evaluation report, the record of how the decision was reached."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from tenderkit.workspace.folder import Workspace
from tenderkit.workspace.report import write_report


@click.command("report")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--reference-doc",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="A .docx whose styles, header and footer to use (default: the bundled one).",
)
def report_cmd(directory: Path, reference_doc: Path | None) -> None:
    """Write DIRECTORY/out/evaluation-report.docx from the result, collection and audit log."""
    path = write_report(directory, dt.datetime.now(dt.UTC), reference_doc)
    click.echo(f"wrote {Workspace(directory).label(path)}")
