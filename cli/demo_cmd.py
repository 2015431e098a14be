"""`tender demo OUT`: the main job end to end on the bundled library and example tender."""

from __future__ import annotations

from pathlib import Path

import click

from tenderkit import fsio
from tenderkit.workspace.demo.journey import STEPS


@click.command("demo")
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
def demo_cmd(out: Path) -> None:
    """Run the main job on the bundled library and example tender, writing into OUT."""
    fsio.make_folder(out)
    for step in STEPS:
        for path in step(out):
            click.echo(f"wrote {path}")
