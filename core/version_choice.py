"""Which version a reference picks: the rule clause and rubric references share.

- no range: the latest approved version;
- a compatible range (`1`, `^1.2`, `~1.2`, `1.2`): the latest approved version in it;
- an exact version (`1.2.0`): that version when approved or superseded (so an old
  contract or tender can be reproduced), a draft only when drafts are allowed, never a
  withdrawn one.

`choose_version` decides and says why when nothing fits; the caller words the message,
since a clause and a rubric are named differently.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from tenderkit.semver import Version, VersionRange

T = TypeVar("T")

# The lifecycle statuses (tenderkit.clauses.model.Status is a StrEnum of these).
APPROVED, DRAFT, WITHDRAWN = "approved", "draft", "withdrawn"


class Refusal(StrEnum):
    """Why a reference picked nothing."""

    BAD_RANGE = "bad-range"  # the text after @ is not a version reference
    NO_SUCH_VERSION = "no-such-version"  # an exact version that does not exist
    WITHDRAWN = "withdrawn"  # an exact version that was withdrawn
    DRAFT = "draft"  # an exact version that is a draft, drafts not allowed
    NONE_APPROVED = "none-approved"  # no approved version (in the range)


@dataclass(frozen=True)
class Choice(Generic[T]):
    """The version picked, or the refusal and what is needed to explain it."""

    picked: T | None = None
    refusal: Refusal | None = None
    wanted: VersionRange | None = None  # the parsed range, when it parsed
    problem: str = ""  # why the range did not parse (BAD_RANGE)


def status_refusal(status: str, *, allow_drafts: bool) -> Refusal | None:
    """Whether a version named exactly may be used: never withdrawn, a draft only if allowed."""
    if status == WITHDRAWN:
        return Refusal.WITHDRAWN
    if status == DRAFT and not allow_drafts:
        return Refusal.DRAFT
    return None


def choose_version(
    candidates: Sequence[T],
    range_text: str | None,
    *,
    version: Callable[[T], Version],
    status: Callable[[T], str],
    allow_drafts: bool = False,
) -> Choice[T]:
    """Pick among candidates (the versions of one clause or rubric) for `ID[@range_text]`."""
    try:
        wanted = VersionRange.parse(range_text) if range_text is not None else None
    except ValueError as exc:
        return Choice(refusal=Refusal.BAD_RANGE, problem=str(exc))
    if wanted is not None and wanted.exact:
        match = next((c for c in candidates if version(c) == wanted.low), None)
        if match is None:
            return Choice(refusal=Refusal.NO_SUCH_VERSION, wanted=wanted)
        refusal = status_refusal(status(match), allow_drafts=allow_drafts)
        if refusal is not None:
            return Choice(picked=match, refusal=refusal, wanted=wanted)
        return Choice(picked=match, wanted=wanted)
    approved = [
        c
        for c in candidates
        if status(c) == APPROVED and (wanted is None or wanted.contains(version(c)))
    ]
    if not approved:
        return Choice(refusal=Refusal.NONE_APPROVED, wanted=wanted)
    return Choice(picked=max(approved, key=version), wanted=wanted)
