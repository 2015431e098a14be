"""`tender audit verify DIR`: check that the workspace's audit log is intact and complete."""

from __future__ import annotations

from pathlib import Path

import click

from tenderkit.workspace.audit import verify_trail
from tenderkit.workspace.folder import Workspace


@click.group("audit")
def audit_group() -> None:
    """The workspace audit log (out/audit.log)."""


@audit_group.command("verify")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--head",
    metavar="SHA256",
    help="A head hash recorded earlier (sha256:...); it must still be a line of the log.",
)
def verify_cmd(directory: Path, head: str | None) -> None:
    """Verify the hash chain of DIRECTORY/out/audit.log; exit 1 naming the first problem.

    Also checks that the log still records the workspace's issued workbooks, its
    collected.json and its rubric pin, which shows when its last entries were cut. Keep
    the printed head hash with the tender papers and pass it back with --head.
    """
    workspace = Workspace(directory)
    status = verify_trail(workspace, head)
    label = workspace.label(workspace.audit_log)
    if status.chain.entries == 0:
        click.echo(f"{label}: no entries")
        return
    click.echo(
        f"{label}: {status.chain.entries} entries, chain intact; head {status.chain.head} "
        f"({status.files_checked} workspace file(s) accounted for)"
    )
