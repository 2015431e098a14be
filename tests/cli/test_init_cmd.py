"""`tender init` creates a workspace and never overwrites one."""

from __future__ import annotations

import stat
from pathlib import Path

from click.testing import CliRunner

from tenderkit.auditlog import verify_chain
from tenderkit.cli.app import cli
from tenderkit.workspace.folder import Workspace, read_secret
from tenderkit.workspace.tender import open_tender


def test_init_writes_a_valid_commented_workspace(tmp_path: Path, runner: CliRunner) -> None:
    """The workspace has a commented tender.yaml that validates, the folders and a private secret."""
    root = tmp_path / "tender"
    result = runner.invoke(cli, ["init", str(root)])
    assert result.exit_code == 0, result.output
    text = (root / "tender.yaml").read_text()
    assert "# tenderkit tender workspace" in text and "domains: [culture-values" in text
    for folder in ("issued", "returns", "out"):
        assert (root / folder).is_dir()
    tender = open_tender(root)
    assert [b.id for b in tender.config.bidders] == ["B1", "B2"]
    assert stat.S_IMODE((root / ".tender-secret").stat().st_mode) == 0o600
    assert len(read_secret(Workspace(root))) == 32
    assert ".tender-secret" in (root / ".gitignore").read_text()
    assert verify_chain(root / "out" / "audit.log").entries == 1


def test_each_workspace_gets_its_own_secret(tmp_path: Path, runner: CliRunner) -> None:
    """Two workspaces never share a signing key."""
    runner.invoke(cli, ["init", str(tmp_path / "a")])
    runner.invoke(cli, ["init", str(tmp_path / "b")])
    assert read_secret(Workspace(tmp_path / "a")) != read_secret(Workspace(tmp_path / "b"))


def test_init_refuses_to_overwrite_a_workspace(tmp_path: Path, runner: CliRunner) -> None:
    """A second init in the same folder exits 1 naming tender.yaml and changes nothing."""
    root = tmp_path / "tender"
    runner.invoke(cli, ["init", str(root)])
    (root / "tender.yaml").write_text("title: mine\n")
    secret = (root / ".tender-secret").read_bytes()
    result = runner.invoke(cli, ["init", str(root)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.strip() == (
        f"error: {root / 'tender.yaml'}: a tender workspace already exists here; refusing to overwrite it"
    )
    assert (root / "tender.yaml").read_text() == "title: mine\n"
    assert (root / ".tender-secret").read_bytes() == secret
