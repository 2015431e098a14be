"""Semantic versions and the references that pick one (`1`, `^1.2`, `~1.2`, `1.2.0`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

_VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
_RANGE = re.compile(
    r"^(?P<op>[\^~]?)(?P<major>0|[1-9]\d*)(?:\.(?P<minor>0|[1-9]\d*))?(?:\.(?P<patch>0|[1-9]\d*))?$"
)


@total_ordering
@dataclass(frozen=True)
class Version:
    """A MAJOR.MINOR.PATCH version (no pre-release tags: drafts carry a status instead)."""

    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _VERSION.match(str(text).strip())
        if not match:
            raise ValueError(f"{text!r} is not a semantic version (expected MAJOR.MINOR.PATCH)")
        return cls(*(int(part) for part in match.groups()))

    @classmethod
    def is_valid(cls, text: str) -> bool:
        return bool(_VERSION.match(str(text).strip()))

    def _key(self) -> tuple[int, int, int]:
        return (self.major, self.minor, self.patch)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


@dataclass(frozen=True)
class VersionRange:
    """A version reference: exact (`1.2.0`) or a compatible range (`1`, `1.2`, `^1.2`, `~1.2`)."""

    text: str
    low: Version
    high: Version | None  # exclusive upper bound; None only for exact
    exact: bool

    @classmethod
    def parse(cls, text: str) -> VersionRange:
        raw = str(text).strip()
        match = _RANGE.match(raw)
        if not match:
            raise ValueError(
                f"{raw!r} is not a version reference "
                "(use 1.2.0 for exact, 1 or ^1.2 for latest compatible, ~1.2 for latest patch)"
            )
        op = match["op"]
        major = int(match["major"])
        minor = None if match["minor"] is None else int(match["minor"])
        patch = None if match["patch"] is None else int(match["patch"])
        low = Version(major, minor or 0, patch or 0)
        if not op and minor is not None and patch is not None:
            return cls(raw, low, None, exact=True)
        if op == "~" and minor is None:
            # ~1 is the whole 1.x line, as in npm and Cargo.
            return cls(raw, low, Version(major + 1, 0, 0), exact=False)
        if op == "~" or (not op and minor is not None):
            # ~1.2 and 1.2 both mean "the 1.2 line".
            return cls(raw, low, Version(major, (minor or 0) + 1, 0), exact=False)
        # ^1.2 and 1: compatible within the major version. Below 1.0 the left-most
        # non-zero part is the compatibility boundary (^0.3 is 0.3.x, ^0.0.3 is 0.0.3 only).
        if op == "^" and major == 0 and minor is not None:
            if minor == 0 and patch is not None:
                return cls(raw, low, Version(0, 0, patch + 1), exact=False)
            return cls(raw, low, Version(0, minor + 1, 0), exact=False)
        return cls(raw, low, Version(major + 1, 0, 0), exact=False)

    def contains(self, version: Version) -> bool:
        if self.exact:
            return version == self.low
        assert self.high is not None
        return self.low <= version < self.high

    def __str__(self) -> str:
        return self.text


def split_reference(ref: str) -> tuple[str, str | None]:
    """Split `ID@RANGE` into (`ID`, `RANGE`), or (`ID`, None) when no version is given."""
    ident, sep, rng = str(ref).strip().partition("@")
    return ident.strip(), (rng.strip() if sep else None)
