"""Lint findings: one line each, naming the file, the place in it and the rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tenderkit.errors import InputError, Location, TenderkitError


@dataclass(frozen=True)
class Finding:
    """A problem a lint found; `str()` gives the line the CLI prints."""

    location: Location
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: [{self.rule}] {self.message}"

    def sort_key(self) -> tuple[str, int, str, str]:
        loc = self.location
        return (str(loc.file or ""), loc.line or 0, self.rule, self.message)

    @classmethod
    def from_error(cls, error: TenderkitError, rule: str = "schema") -> Finding:
        return cls(error.location or Location(), rule, error.message)


def refusal(findings: Sequence[Finding], lint_command: str) -> InputError:
    """The error that refuses input with findings: the first one, and how many more.

    For strict loading (a library, a rubric about to be used), where one clear line
    is wanted and the lint command lists the rest.
    """
    first = sorted(findings, key=Finding.sort_key)[0]
    more = f" (and {len(findings) - 1} more; run `{lint_command}`)" if len(findings) > 1 else ""
    return InputError(f"[{first.rule}] {first.message}{more}", first.location)
