"""What every command shares: error reporting, exit codes and common options."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from tenderkit.clauses.approve import Approval
from tenderkit.errors import TenderkitError
from tenderkit.findings import Finding

F = TypeVar("F", bound=Callable[..., Any])

EXIT_INVALID = 1  # bad input or a check that found problems
EXIT_USAGE = 2  # click's own code for usage errors


class TenderGroup(click.Group):
    """A click group that turns tenderkit errors into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TenderkitError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_INVALID)
        except PermissionError as exc:
            click.echo(f"error: {exc.filename}: permission denied", err=True)
            ctx.exit(EXIT_INVALID)


def library_option(func: F) -> F:
    return click.option(
        "--library",
        "library_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Clause library folder (default: the bundled workplace-compassion library).",
    )(func)


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


def fail(message: str) -> None:
    """Print one error line and exit 1 (for checks that found problems)."""
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_INVALID)


def _as_date(
    ctx: click.Context, param: click.Parameter, value: dt.datetime | None
) -> dt.date | None:
    return value.date() if value is not None else None


def approval_options(func: F) -> F:
    """--approver and --effective, as every approve command takes them."""
    func = click.option(
        "--effective",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        callback=_as_date,
        help="Date the version takes effect (default: as in the file, else today).",
    )(func)
    return click.option("--approver", help="Who approves (recorded in the file).")(func)


def echo_approval(result: Approval) -> None:
    """What an approve command prints: the hash recorded and what was superseded."""
    if result.already_recorded:
        click.echo(f"{result.key} is already approved ({result.digest})")
        return
    click.echo(f"approved {result.key} {result.digest}")
    for key in result.superseded:
        click.echo(f"superseded {key}")


def report_findings(findings: Sequence[Finding], scope: str) -> None:
    """Print one line per finding; exit 1 if there are any, else say the scope is clean."""
    for finding in findings:
        click.echo(str(finding))
    if findings:
        fail(f"{len(findings)} finding(s) in {scope}")
    click.echo(f"{scope}: clean")
