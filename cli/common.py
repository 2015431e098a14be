"""What every command shares: error reporting, exit codes and common options."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from tenderkit.errors import TenderkitError

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
