"""`tender clauses lint` reports a version number too small for its changes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tenderkit.cli.app import cli
from tests.conftest import LibraryFactory, clause, version


def test_lint_prints_the_semver_bump_finding_and_fails(
    runner: CliRunner, make_library: LibraryFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An obligation change released as a patch is one finding line with file, line and rule."""
    # Only the version-number rule is under test here, not the prescriptive deny list.
    monkeypatch.setattr("tenderkit.clauses.lint.matchers_for", lambda extra=(): [])
    root = make_library(
        clause(
            "WC-CV-001",
            version("1.0.0", status="superseded"),
            version("1.0.1", obligation="should"),
        )
    )
    result = runner.invoke(cli, ["clauses", "lint", "--library", str(root)])
    assert result.exit_code == 1
    (line,) = [x for x in result.stdout.splitlines() if "[semver-bump]" in x]
    assert line.startswith(f"{root / 'culture-values' / 'WC-CV-001.yaml'}:")
    assert "versions[1].version: [semver-bump] WC-CV-001@1.0.1 is a patch release" in line
    assert "release it as 2.0.0 or later" in line
