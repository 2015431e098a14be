"""`tender init DIR`: create a tender workspace with a commented tender.yaml and its folders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from tenderkit.workspace.folder import SECRET_FILE, TENDER_FILE
from tenderkit.workspace.init import init_workspace


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
def init_cmd(directory: Path) -> None:
    """Create a tender workspace in DIRECTORY: a commented tender.yaml, a private signing
    secret, and the issued/, returns/ and out/ folders."""
    init_workspace(directory, dt.datetime.now(dt.UTC))
    click.echo(f"created tender workspace {directory}")
    click.echo(f"  {TENDER_FILE}     edit the title, reference, bidders and evaluators")
    click.echo(f"  {SECRET_FILE}  private signing key: never share it; back it up")
    click.echo("  issued/ returns/ out/")
    click.echo(f"next: tender workbooks issue {directory}")
