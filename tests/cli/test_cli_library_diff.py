"""`tender library diff OLD NEW`: release reports from folders and git revisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tenderkit.cli.app import cli
from tests.conftest import LibraryFactory, clause, version
from tests.support.cli import assert_one_error_line
from tests.support.gitrepo import git
from tests.support.tracked import revision_ids


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(cli, ["library", "diff", *args])


@pytest.fixture
def states(make_library: LibraryFactory) -> tuple[Path, Path]:
    """Two folders: WC-CV-001 1.0.0 approved; then 2.0.0 approved (must -> should)."""
    old = make_library(clause("WC-CV-001", version("1.0.0")), name="old")
    new = make_library(
        clause(
            "WC-CV-001",
            version("1.0.0", status="superseded"),
            version("2.0.0", obligation="should", effective="2026-04-01"),
        ),
        name="new",
    )
    return old, new


def test_the_default_report_is_markdown(runner: CliRunner, states: tuple[Path, Path]) -> None:
    """Headline, clause table, newly approved versions, status changes and the word diff."""
    result = run(runner, *map(str, states))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# Release report: Test library")
    assert "**Classification: breaking. 1 clause affected: 1 changed.**" in out
    assert "| WC-CV-001 | Wellbeing reviews | changed | 1.0.0 → 2.0.0 | breaking |" in out
    assert "- WC-CV-001@2.0.0" in out
    assert "| WC-CV-001 | 1.0.0 | approved | superseded |" in out
    assert "<del>must</del><ins>should</ins>" in out


def test_json_lists_the_release(runner: CliRunner, states: tuple[Path, Path]) -> None:
    """JSON names each clause's change, versions, status moves and diff."""
    data = json.loads(run(runner, *map(str, states), "--format", "json").stdout)
    assert data["severity"] == "breaking"
    assert data["newly_approved"] == ["WC-CV-001@2.0.0"]
    (item,) = data["clauses"]
    assert (item["change"], item["old_version"], item["new_version"]) == (
        "changed",
        "1.0.0",
        "2.0.0",
    )
    assert item["diff"]["changes"][0]["code"] == "obligation-changed"


def test_docx_writes_one_redline_for_the_release(
    runner: CliRunner, states: tuple[Path, Path], tmp_path: Path
) -> None:
    """-o report.docx writes the release redline atomically."""
    target = tmp_path / "report.docx"
    result = run(runner, *map(str, states), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert revision_ids(target)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_same_library_twice_reports_no_changes(
    runner: CliRunner, states: tuple[Path, Path]
) -> None:
    """Comparing a library with itself says so and exits 0."""
    result = run(runner, str(states[0]), str(states[0]))
    assert result.exit_code == 0
    assert "No changes: the two libraries hold the same clauses" in result.stdout


def test_a_folder_that_is_not_a_library_is_one_error_line(
    runner: CliRunner, states: tuple[Path, Path], tmp_path: Path
) -> None:
    """Either side being a plain folder is refused in one line."""
    assert_one_error_line(run(runner, str(tmp_path), str(states[1])), "not a clause library")
    assert_one_error_line(run(runner, str(states[0]), str(tmp_path / "missing")), "not a folder")


@pytest.fixture
def repo(make_library: LibraryFactory, tmp_path: Path) -> Path:
    """A git repository with `lib/` at two commits: 1.0.0, then 2.0.0 approved."""
    root = tmp_path / "repo"
    make_library(clause("WC-CV-001", version("1.0.0")), name="repo/lib")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    make_library(
        clause(
            "WC-CV-001",
            version("1.0.0", status="superseded"),
            version("2.0.0", obligation="should", effective="2026-04-01"),
        ),
        name="repo/lib",
    )
    git(root, "commit", "-q", "-am", "second")
    return root


def test_a_git_revision_is_compared_with_the_working_folder(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git:HEAD~1 takes its path from the other side, lib."""
    monkeypatch.chdir(repo)
    result = run(runner, "git:HEAD~1", "lib")
    assert result.exit_code == 0, result.output
    assert "- Old: git:HEAD~1:lib (" in result.stdout
    assert "| WC-CV-001 | Wellbeing reviews | changed | 1.0.0 → 2.0.0 | breaking |" in result.stdout


def test_two_git_revisions_can_be_compared(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git:REV:PATH on both sides needs no working folder at all."""
    monkeypatch.chdir(repo)
    result = run(runner, "git:HEAD~1:lib", "git:HEAD:lib", "--format", "json")
    assert json.loads(result.stdout)["newly_approved"] == ["WC-CV-001@2.0.0"]


def test_a_bad_git_revision_is_one_error_line(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A revision that does not exist is named; nothing is written."""
    monkeypatch.chdir(repo)
    assert_one_error_line(run(runner, "git:nosuch", "lib"), "git revision 'nosuch' does not exist")
    assert_one_error_line(run(runner, "git:HEAD:nowhere", "lib"), "no folder 'nowhere'")


def test_git_sources_outside_a_repository_are_one_error_line(
    runner: CliRunner, states: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a repository around the current folder, git: sources cannot be read."""
    monkeypatch.chdir(states[0])
    assert_one_error_line(run(runner, "git:HEAD", str(states[1])), "is not inside a git repository")


def test_a_missing_folder_is_explained_in_library_diff_terms(
    runner: CliRunner, states: tuple[Path, Path], tmp_path: Path
) -> None:
    """The hint names OLD and NEW, not a --library option library diff does not have."""
    result = run(runner, str(states[0]), str(tmp_path / "missing"))
    assert_one_error_line(result, "OLD and NEW are clause library folders, or git:REV[:PATH]")
    assert "--library" not in result.stderr
