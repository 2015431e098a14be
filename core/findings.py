"""Lint findings: one line each, naming the file, the place in it and the rule."""

from __future__ import annotations

from dataclasses import dataclass

from tenderkit.errors import Location, TenderkitError


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
