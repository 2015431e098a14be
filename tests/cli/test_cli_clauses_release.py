"""`tender clauses release` records a release; `tender clauses lint` holds the number to it."""

from __future__ import annotations

from click.testing import CliRunner

from tenderkit.cli.app import cli
from tests.conftest import LibraryFactory, clause, version

FIRST = clause("WC-CV-001", version("1.0.0"))
WEAKENED = clause(
    "WC-CV-001",
    version("1.0.0", status="superseded"),
    version("2.0.0", obligation="should", effective="2026-12-01"),
)


def test_a_release_is_recorded_then_a_change_needs_a_new_number(
    runner: CliRunner, make_library: LibraryFactory
) -> None:
    """Release 1, change a clause, lint fails naming it; number 2, lint passes, release 2."""
    root = make_library(FIRST)
    result = runner.invoke(
        cli, ["clauses", "release", "--library", str(root), "--date", "2026-11-26"]
    )
    assert result.exit_code == 0, result.output
    assert f"recorded release 1 of 1 clauses in {root / 'releases.yaml'}" in result.output

    make_library(WEAKENED)
    lint = runner.invoke(cli, ["clauses", "lint", "--library", str(root)])
    assert lint.exit_code == 1
    assert f"{root / 'library.yaml'}:2: release: [release-number]" in lint.output
    assert "changed since release 1 (WC-CV-001 breaking)" in lint.output
    refused = runner.invoke(cli, ["clauses", "release", "--library", str(root)])
    assert refused.exit_code == 1
    assert "Traceback" not in refused.output

    make_library(WEAKENED, release="2")
    assert runner.invoke(cli, ["clauses", "lint", "--library", str(root)]).exit_code == 0
    second = runner.invoke(cli, ["clauses", "release", "--library", str(root)])
    assert second.exit_code == 0, second.output
    assert "recorded release 2 of 1 clauses" in second.output
    assert "(since 1: WC-CV-001 breaking)" in second.output
    again = runner.invoke(cli, ["clauses", "release", "--library", str(root)])
    assert "release 2 is already recorded" in again.output


def test_a_release_number_that_is_not_a_number_is_one_clear_error(
    runner: CliRunner, make_library: LibraryFactory
) -> None:
    root = make_library(FIRST, release="spring", lock=False)
    result = runner.invoke(cli, ["clauses", "lint", "--library", str(root)])
    assert result.exit_code == 1
    assert (
        f"{root / 'library.yaml'}:2: release: 'spring' is not a release number: "
        "use numbers separated by dots, such as 2027.1"
    ) in result.output
    assert "Traceback" not in result.output
