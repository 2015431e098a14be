"""The top-level group loads a command only when it runs, and lists each one truthfully."""

from __future__ import annotations

import inspect
import subprocess
import sys
from importlib import import_module

import click
import pytest
from click.testing import CliRunner

from tenderkit.cli.app import COMMANDS, cli


def command_for(path: str) -> click.Command:
    module, _, attribute = path.partition(":")
    command = getattr(import_module(module), attribute)
    assert isinstance(command, click.Command)
    return command


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_help_kept_for_a_command_is_what_the_command_says(name: str) -> None:
    """`tender --help` shows the first paragraph of each command's own help."""
    path, kept = COMMANDS[name]
    command = command_for(path)
    assert command.help is not None
    first = " ".join(inspect.cleandoc(command.help).split("\n\n")[0].split())
    assert kept == first


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_reachable_by_its_name(name: str) -> None:
    """The name a command is listed under runs that command."""
    result = CliRunner().invoke(cli, [name, "--help"], prog_name="tender")
    assert result.exit_code == 0, result.output
    assert f"Usage: tender {name}" in result.output


def test_version_and_help_import_no_office_library_and_no_command() -> None:
    """`tender --version` and `--help` load neither the Office libraries nor any command module."""
    probe = (
        "import sys\n"
        "from tenderkit.cli.app import cli\n"
        "for args in (['--version'], ['--help']):\n"
        "    try:\n"
        "        cli(args, prog_name='tender')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('openpyxl', 'xlsxwriter', 'docx', 'pydantic') or m.endswith('_cmd'))\n"
        "print('LOADED', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert "LOADED []" in out, out
