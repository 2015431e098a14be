"""Version resolution: which clause version a reference such as `WC-CV-001@^1.2` means.

- `ID`           the latest approved version;
- `ID@1`, `ID@^1.2`, `ID@~1.2`, `ID@1.2`
                 the latest approved version in that compatible range;
- `ID@1.2.0`     exactly that version: approved or superseded (so an old contract can be
                 reproduced), a draft only when drafts are explicitly allowed, never withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenderkit.clauses.library import Library
from tenderkit.clauses.model import Clause, ClauseVersion, Status
from tenderkit.errors import ResolutionError
from tenderkit.semver import VersionRange, split_reference


@dataclass(frozen=True)
class ResolvedClause:
    """A clause together with the one version a reference picked."""

    clause: Clause
    version: ClauseVersion

    @property
    def ref(self) -> str:
        return f"{self.clause.id}@{self.version.version}"

    @property
    def title(self) -> str:
        return self.clause.title_of(self.version)


def _describe(versions: list[ClauseVersion]) -> str:
    return ", ".join(f"{v.version} ({v.status})" for v in versions) or "none"


def resolve(library: Library, reference: str, *, allow_drafts: bool = False) -> ResolvedClause:
    """Resolve `ID[@RANGE]` against the library; explain in the error why nothing matched."""
    clause_id, range_text = split_reference(reference)
    clause = library.get(clause_id)
    if range_text is None:
        return _latest_approved(clause, None, reference)
    try:
        wanted = VersionRange.parse(range_text)
    except ValueError as exc:
        raise ResolutionError(f"{reference}: {exc}") from None
    if not wanted.exact:
        return _latest_approved(clause, wanted, reference)
    version = next((v for v in clause.versions if v.semver == wanted.low), None)
    if version is None:
        raise ResolutionError(
            f"{clause.id} has no version {range_text}; versions: {_describe(clause.versions)}"
        )
    if version.status is Status.WITHDRAWN:
        raise ResolutionError(f"{clause.id}@{version.version} is withdrawn and cannot be used")
    if version.status is Status.DRAFT and not allow_drafts:
        raise ResolutionError(
            f"{clause.id}@{version.version} is a draft",
            hint="drafts are used only when allowed explicitly (allow_drafts / --allow-drafts)",
        )
    return ResolvedClause(clause, version)


def _latest_approved(clause: Clause, wanted: VersionRange | None, reference: str) -> ResolvedClause:
    in_range = [v for v in clause.versions if wanted is None or wanted.contains(v.semver)]
    approved = [v for v in in_range if v.status is Status.APPROVED]
    if approved:
        return ResolvedClause(clause, max(approved, key=lambda v: v.semver))
    scope = f" in range {wanted}" if wanted is not None else ""
    raise ResolutionError(
        f"{reference}: no approved version{scope}; versions: {_describe(clause.versions)}",
        hint="pin an exact version (ID@X.Y.Z) to use a superseded or draft version",
    )
