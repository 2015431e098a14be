"""The `tender` group: subcommands imported only when they run, and errors as one line.

`tender --version` and `tender --help` must answer at once, so the top-level group knows
each subcommand by name, import path and one-line help, and imports a command's module
(and so python-docx, openpyxl, the clause library ...) only when that command is invoked.
A test checks that the one-line help kept here is what the command itself says.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Any

import click

from tenderkit.errors import TenderkitError

EXIT_INVALID = 1  # bad input or a check that found problems


def os_error_line(exc: OSError) -> str:
    """`FILE: reason` for an OSError, in lower case as the other messages are."""
    reason = (exc.strerror or type(exc).__name__).lower()
    if exc.filename is None:
        return reason
    if exc.filename2 is not None:
        return f"{exc.filename} -> {exc.filename2}: {reason}"
    return f"{exc.filename}: {reason}"


class TenderGroup(click.Group):
    """A click group that turns tenderkit errors into one line on stderr and exit code 1,
    and loads the subcommands named in `lazy` ({name: ("module:attribute", the first paragraph of its help)})
    only when they are used."""

    def __init__(
        self, *args: Any, lazy: Mapping[str, tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, _, attribute = self.lazy[cmd_name][0].partition(":")
            command = getattr(import_module(module), attribute)
            assert isinstance(command, click.Command)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click lists commands, but from the help kept in `lazy` (nothing is imported)."""
        rows: list[tuple[str, str | None]] = []
        for name in self.list_commands(ctx):
            if name in self.lazy and name not in self.commands:
                rows.append((name, self.lazy[name][1]))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.help))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl(
                    # A stand-in command shortens the help exactly as click would.
                    [
                        (name, click.Command(name, help=text).get_short_help_str(limit))
                        for name, text in rows
                    ]
                )

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TenderkitError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_INVALID)
        except OSError as exc:
            # The file system refused something no check foresaw (permissions, a full
            # disk, a folder where a file was expected): still one line, never a traceback.
            click.echo(f"error: {os_error_line(exc)}", err=True)
            ctx.exit(EXIT_INVALID)
