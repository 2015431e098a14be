"""Assertions every command-line test of bad input makes."""

from __future__ import annotations

from click.testing import Result


def assert_one_error_line(result: Result, *fragments: str) -> str:
    """Bad input: exit 1, one `error:` line on stderr holding every fragment, nothing on
    stdout, no traceback. Returns the line."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert result.stdout == "", result.stdout
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def assert_usage_error(result: Result, *fragments: str) -> None:
    """A usage error: exit 2 with click's usage message holding every fragment."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
