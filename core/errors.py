"""The errors tenderkit raises; the CLI turns each into one line and exit code 1."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where in an input file something is: a line and YAML path, or a sheet and cell."""

    file: Path | str | None = None
    line: int | None = None
    path: str | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        head = str(self.file) if self.file is not None else ""
        if self.line is not None:
            head = f"{head}:{self.line}" if head else f"line {self.line}"
        if head:
            parts.append(head)
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}" + (f" cell {self.cell}" if self.cell else ""))
        elif self.cell is not None:
            parts.append(self.cell)
        if self.path:
            parts.append(self.path)
        return ": ".join(parts)


class TenderkitError(Exception):
    """Bad input or a refused operation, explained in one line."""

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text = f"{text} ({self.hint})"
        return text


class InputError(TenderkitError, ValueError):
    """An input file is unreadable, malformed or fails validation."""


class NotFoundError(TenderkitError, LookupError):
    """A clause, version, rubric or file that was asked for does not exist."""


class ResolutionError(NotFoundError):
    """A version reference matched nothing usable (no approved version, a draft, withdrawn)."""


class OutputError(TenderkitError):
    """An output file cannot be written where it was asked for (no folder, no permission)."""


class IntegrityError(TenderkitError):
    """Content no longer matches what was approved, issued or pinned."""


class InputErrors(InputError):
    """Several problems in one input file, reported together so one run shows them all.

    `str()` gives a first line saying how many, then one line per problem, each with its
    own line and YAML path.
    """

    def __init__(self, errors: list[InputError], what: str = "input"):
        first = errors[0]
        super().__init__(first.message, first.location, first.hint)
        self.errors = errors
        self.what = what

    def __str__(self) -> str:
        if len(self.errors) == 1:
            return str(self.errors[0])
        file = self.errors[0].location.file if self.errors[0].location else None
        where = f" in {file}" if file is not None else ""
        lines = [f"{len(self.errors)} problems{where} with the {self.what}:"]
        lines += [f"  {error}" for error in self.errors]
        return "\n".join(lines)
