"""Where outputs go: every command with -o refuses a path it cannot write, in one line."""

from __future__ import annotations

import errno
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tenderkit.cli.app import cli
from tests.support.builders import write_library
from tests.support.cli import assert_one_error_line, assert_usage_error
from tests.support.specs import spec_clauses, write_manifest

Command = Callable[[CliRunner, Path, Path], Result]


def spec_build(runner: CliRunner, tmp_path: Path, out: Path) -> Result:
    library = write_library(tmp_path / "lib", *spec_clauses())
    manifest = write_manifest(tmp_path / "m.yaml")
    return runner.invoke(
        cli, ["spec", "build", str(manifest), "--library", str(library), "-o", str(out)]
    )


def clauses_diff(runner: CliRunner, tmp_path: Path, out: Path) -> Result:
    return runner.invoke(cli, ["clauses", "diff", "WC-CV-001", "1.0.0", "2.0.0", "-o", str(out)])


def library_diff(runner: CliRunner, tmp_path: Path, out: Path) -> Result:
    library = write_library(tmp_path / "lib", *spec_clauses())
    return runner.invoke(cli, ["library", "diff", str(library), str(library), "-o", str(out)])


def export_ocds(runner: CliRunner, tmp_path: Path, out: Path) -> Result:
    args = ["rubric", "export-ocds", "workplace-compassion", "--quality-weight", "60"]
    return runner.invoke(cli, [*args, "--price-weight", "40", "-o", str(out)])


COMMANDS = pytest.mark.parametrize(
    ("command", "name"),
    [
        (spec_build, "spec.docx"),
        (clauses_diff, "redline.docx"),
        (library_diff, "report.md"),
        (export_ocds, "criteria.json"),
    ],
    ids=["spec-build", "clauses-diff", "library-diff", "export-ocds"],
)


@COMMANDS
def test_an_output_folder_that_does_not_exist_is_not_created(
    runner: CliRunner, tmp_path: Path, command: Command, name: str
) -> None:
    """-o into a missing folder is a usage error naming the folder; no folder appears."""
    out = tmp_path / "no-such-folder" / "deeper" / name
    assert_usage_error(command(runner, tmp_path, out), "does not exist; create it first")
    assert not (tmp_path / "no-such-folder").exists()


@COMMANDS
def test_an_output_inside_a_file_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, command: Command, name: str
) -> None:
    """-o whose folder is really a file is refused before anything is read or written."""
    (tmp_path / "notes.txt").write_text("keep me")
    assert_usage_error(command(runner, tmp_path, tmp_path / "notes.txt" / name), "is a file")
    assert (tmp_path / "notes.txt").read_text() == "keep me"


@COMMANDS
def test_an_output_that_is_a_folder_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, command: Command, name: str
) -> None:
    """-o naming an existing folder is refused (click's own check)."""
    (tmp_path / name).mkdir()
    assert_usage_error(command(runner, tmp_path, tmp_path / name), "is a directory")


@COMMANDS
def test_an_unwritable_output_folder_is_one_line_naming_the_output(
    runner: CliRunner, tmp_path: Path, command: Command, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder the user may not write to gives one error line naming the file asked for."""
    out = tmp_path / "shared" / name
    out.parent.mkdir()

    real_mkstemp = tempfile.mkstemp

    def refuse(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if Path(kwargs["dir"]) == out.parent:
            raise PermissionError(errno.EACCES, "Permission denied", str(out.parent / ".tmp"))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    line = assert_one_error_line(command(runner, tmp_path, out))
    assert line == f"error: {out}: cannot write: permission denied"
    assert not out.exists()


def test_an_empty_output_name_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    """-o "" is refused rather than written over the current folder."""
    result = runner.invoke(cli, ["clauses", "diff", "WC-CV-001", "1.0.0", "2.0.0", "-o", ""])
    assert_usage_error(result, "give a file name")


def test_demo_into_a_path_under_a_file_is_one_error_line(runner: CliRunner, tmp_path: Path) -> None:
    """tender demo OUT where OUT cannot be a folder fails in one line, no traceback."""
    (tmp_path / "notes.txt").write_text("keep me")
    result = runner.invoke(cli, ["demo", str(tmp_path / "notes.txt" / "demo")])
    assert_one_error_line(result, "cannot write", "notes.txt is a file, not a folder")
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_any_other_os_error_is_one_line_not_a_traceback(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OSError no check foresaw (here, a disk error reading the library) is one line."""

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error", "/media/library/library.yaml")

    monkeypatch.setattr("tenderkit.cli.clauses_cmd.load_library", broken)
    line = assert_one_error_line(runner.invoke(cli, ["clauses", "list"]))
    assert line == "error: /media/library/library.yaml: input/output error"
