"""What every command shares: error reporting, exit codes and common options."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from tenderkit.clauses.approve import Approval
from tenderkit.cli.lazy import EXIT_INVALID
from tenderkit.errors import InputError, Location
from tenderkit.findings import Finding, blocking
from tenderkit.text import unwritable_character

F = TypeVar("F", bound=Callable[..., Any])

EXIT_USAGE = 2  # click's own code for usage errors


class OutputFile(click.Path):
    """An output file: not a folder, and in a folder that exists (none is created).

    A mistyped `-o` folder is refused as a usage error rather than silently created.
    """

    def __init__(self) -> None:
        super().__init__(path_type=Path, dir_okay=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not str(value).strip():
            self.fail("give a file name", param, ctx)
        path = super().convert(value, param, ctx)
        folder = Path(os.fsdecode(path)).parent
        if not folder.exists():
            self.fail(f"folder {str(folder)!r} does not exist; create it first", param, ctx)
        if not folder.is_dir():
            self.fail(f"{str(folder)!r} is a file, not a folder", param, ctx)
        return path


def refuse_overwriting(output: Path | None, inputs: Iterable[Path | None]) -> None:
    """Refuse an output path that is one of the command's input files: inputs are never modified."""
    if output is None or not output.exists():
        return
    target = output.resolve()
    for source in inputs:
        if source is not None and source.exists() and source.resolve() == target:
            raise InputError(
                "the output would overwrite an input file",
                Location(output),
                hint="choose another -o path",
            )


def checked_text(value: str, param_hint: str, limit: int | None = None) -> str:
    """A text option as given, or a usage error when no document could carry it."""
    bad = unwritable_character(value)
    if bad is not None:
        raise click.BadParameter(
            f"contains the character {bad}, which documents cannot hold", param_hint=param_hint
        )
    if limit is not None and len(value) > limit:
        raise click.BadParameter(f"give at most {limit} characters", param_hint=param_hint)
    return value


def document_text(limit: int | None = None) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A click callback refusing text an output document cannot carry (or longer than limit)."""

    def check(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if isinstance(value, str):
            hint = param.opts[0] if param.opts else param.name
            checked_text(value, str(hint), limit)
            if not value.strip():
                raise click.BadParameter("give a non-empty value", param_hint=str(hint))
        return value

    return check


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """`--param NAME=VALUE` options as a mapping; a malformed pair is a usage error."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--param")
        values[name.strip()] = checked_text(value, "--param")
    return values


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
    return click.option(
        "--approver", callback=document_text(), help="Who approves (recorded in the file)."
    )(func)


def echo_approval(result: Approval) -> None:
    """What an approve command prints: the hash recorded and what was superseded."""
    if result.already_recorded:
        click.echo(f"{result.key} is already approved ({result.digest})")
        return
    click.echo(f"approved {result.key} {result.digest}")
    for key in result.superseded:
        click.echo(f"superseded {key}")


def report_findings(findings: Sequence[Finding], scope: str) -> None:
    """Print one line per finding; exit 1 if any is not exempted, else say the scope is clean.

    Exempted findings are printed with their review note and counted, never hidden.
    """
    for finding in findings:
        click.echo(str(finding))
    failing = blocking(findings)
    exempted = len(findings) - len(failing)
    also = f" ({exempted} more exempted)" if exempted else ""
    if failing:
        fail(f"{len(failing)} finding(s) in {scope}{also}")
    click.echo(f"{scope}: clean{also}")
