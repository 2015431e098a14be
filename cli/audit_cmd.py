"""`tender audit verify DIR`: check that the workspace's audit log is intact."""

from __future__ import annotations

from pathlib import Path

import click

from tenderkit.auditlog import verify_chain
from tenderkit.cli.workspace import Workspace


@click.group("audit")
def audit_group() -> None:
    """The workspace audit log (out/audit.log)."""


@audit_group.command("verify")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
def verify_cmd(directory: Path) -> None:
    """Verify the hash chain of DIRECTORY/out/audit.log; exit 1 naming the first broken line.

    Keep the printed head hash with the tender papers: the chain shows any edit, but only
    a recorded head shows that entries were cut from the end.
    """
    workspace = Workspace(directory)
    status = verify_chain(workspace.audit_log)
    label = workspace.label(workspace.audit_log)
    if status.entries == 0:
        click.echo(f"{label}: no entries")
        return
    click.echo(f"{label}: {status.entries} entries, chain intact; head {status.head}")
