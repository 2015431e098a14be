"""Version resolution: which clause version a reference such as `WC-CV-001@^1.2` means.

The rule is shared with rubrics (`tenderkit.version_choice.choose_version`); this module
words it for clauses:

- `ID`           the latest approved version;
- `ID@1`, `ID@^1.2`, `ID@~1.2`, `ID@1.2`
                 the latest approved version in that compatible range;
- `ID@1.2.0`     exactly that version: approved or superseded (so an old contract can be
                 reproduced), a draft only when drafts are explicitly allowed, never withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenderkit.clauses.library import Library
from tenderkit.clauses.model import Clause, ClauseVersion
from tenderkit.errors import ResolutionError
from tenderkit.semver import split_reference
from tenderkit.version_choice import Choice, Refusal, choose_version


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
    choice = choose_version(
        clause.versions,
        range_text,
        version=lambda v: v.semver,
        status=lambda v: v.status,
        allow_drafts=allow_drafts,
    )
    if choice.refusal is None and choice.picked is not None:
        return ResolvedClause(clause, choice.picked)
    raise _refused(clause, reference, range_text, choice)


def _refused(
    clause: Clause, reference: str, range_text: str | None, choice: Choice[ClauseVersion]
) -> ResolutionError:
    picked = choice.picked
    if choice.refusal is Refusal.BAD_RANGE:
        return ResolutionError(f"{reference}: {choice.problem}")
    if choice.refusal is Refusal.NO_SUCH_VERSION:
        return ResolutionError(
            f"{clause.id} has no version {range_text}; versions: {_describe(clause.versions)}"
        )
    if choice.refusal is Refusal.WITHDRAWN and picked is not None:
        return ResolutionError(f"{clause.id}@{picked.version} is withdrawn and cannot be used")
    if choice.refusal is Refusal.DRAFT and picked is not None:
        return ResolutionError(
            f"{clause.id}@{picked.version} is a draft",
            hint="drafts are used only when allowed explicitly (allow_drafts / --allow-drafts)",
        )
    scope = f" in range {choice.wanted}" if choice.wanted is not None else ""
    return ResolutionError(
        f"{reference}: no approved version{scope}; versions: {_describe(clause.versions)}",
        hint="pin an exact version (ID@X.Y.Z) to use a superseded or draft version",
    )
