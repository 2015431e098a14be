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
    #: Set when a reviewed exemption covers the finding: who, when and why. An exempted
    #: finding is printed (never hidden) but does not fail the lint.
    exempted: str | None = None

    def __str__(self) -> str:
        if self.exempted:
            return f"{self.location}: [{self.rule}] {self.message} ({self.exempted})"
        return f"{self.location}: [{self.rule}] {self.message}"

    @property
    def blocking(self) -> bool:
        """Whether the finding fails the lint (it is not covered by an exemption)."""
        return self.exempted is None

    def sort_key(self) -> tuple[str, int, str, str]:
        loc = self.location
        return (str(loc.file or ""), loc.line or 0, self.rule, self.message)

    @classmethod
    def from_error(cls, error: TenderkitError, rule: str = "schema") -> Finding:
        return cls(error.location or Location(), rule, error.message)


def blocking(findings: Sequence[Finding]) -> list[Finding]:
    """The findings that fail a lint: all but the exempted ones."""
    return [f for f in findings if f.blocking]


def refusal(findings: Sequence[Finding], lint_command: str) -> InputError:
    """The error that refuses input with findings: the first one, and how many more.

    For strict loading (a library, a rubric about to be used), where one clear line
    is wanted and the lint command lists the rest.
    """
    failing = blocking(findings) or list(findings)
    first = sorted(failing, key=Finding.sort_key)[0]
    more = f" (and {len(failing) - 1} more; run `{lint_command}`)" if len(failing) > 1 else ""
    return InputError(f"[{first.rule}] {first.message}{more}", first.location)
