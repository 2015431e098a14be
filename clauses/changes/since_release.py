"""Whether the library's release number moves with its changes since the last release.

A release number names what a release contained, as a version number names a clause
version's content: once a release is recorded, any change to the clause versions in
effect (a clause approved, changed, added or withdrawn) needs a new release number. With
semantic release numbers the number must also rise by as much as the most serious change
needs (breaking: major, additive: minor, editorial: patch), as for a clause version.
Drafts are in no release, so adding or editing one needs no new number.
"""

from __future__ import annotations

from collections.abc import Iterator

from tenderkit.clauses.changes.release import (
    ClauseRelease,
    LibraryState,
    ReleaseReport,
    compare_libraries,
)
from tenderkit.clauses.changes.severity import Severity, bump_between, next_version, required_bump
from tenderkit.clauses.library import LIBRARY_FILE, Library
from tenderkit.clauses.model import version_hash
from tenderkit.clauses.releases import (
    LoadedHistory,
    ReleaseRecord,
    library_at_release,
    load_releases,
    release_key,
)
from tenderkit.errors import InputError, Location
from tenderkit.findings import Finding
from tenderkit.semver import Version
from tenderkit.yamlio import load_yaml

#: How many changed clauses a finding names before it says "and N more".
_NAMED = 5


def changes_since(library: Library, record: ReleaseRecord) -> ReleaseReport:
    """Every change from the release in record to the library as it stands."""
    return compare_libraries(
        LibraryState(library_at_release(library, record), f"release {record.release}"),
        LibraryState(library, "the library as it stands"),
    )


def released_changes(report: ReleaseReport) -> list[ClauseRelease]:
    """The clauses whose change a new release must carry (drafts and status-only moves aside)."""
    return [c for c in report.clauses if c.severity > Severity.NONE or c.newly_approved]


def describe_changes(changes: list[ClauseRelease]) -> str:
    """`WC-CV-001 breaking, WC-AA-002 additive and 3 more`."""
    named = [f"{c.clause_id} {c.severity.label}" for c in changes[:_NAMED]]
    more = f" and {len(changes) - _NAMED} more" if len(changes) > _NAMED else ""
    return ", ".join(named) + more


def release_findings(library: Library) -> list[Finding]:
    """Every problem with the releases file and with library.yaml's release number."""
    try:
        loaded = load_releases(library)
    except InputError as exc:
        return [Finding.from_error(exc, "releases")]
    return [*_record_findings(library, loaded), *_number_findings(library, loaded)]


def _record_findings(library: Library, loaded: LoadedHistory) -> Iterator[Finding]:
    """Records out of order, and recorded versions the library lost or changed."""
    doc = loaded.document
    if doc is None:
        return
    releases = loaded.history.releases
    for i, record in enumerate(releases):
        if i and release_key(record.release) <= release_key(releases[i - 1].release):
            yield Finding(
                doc.location(("releases", i, "release")),
                "release-order",
                f"release {record.release} is recorded after release "
                f"{releases[i - 1].release}; release numbers only go up",
            )
        for clause_id, entry in record.clauses.items():
            where = doc.location(("releases", i, "clauses", clause_id))
            key = f"{clause_id}@{entry.version}"
            clause = library.clauses.get(clause_id)
            version = clause.version(entry.version) if clause is not None else None
            if clause is None or version is None:
                yield Finding(
                    where,
                    "release-record",
                    f"release {record.release} contained {key}, which the library no longer "
                    "has; restore it (withdraw a clause with a withdrawn version instead)",
                )
            elif version_hash(clause, version) != entry.hash:
                yield Finding(
                    where,
                    "release-record",
                    f"release {record.release} contained {key} and its content has changed "
                    f"since (recorded {entry.hash[:19]}…); publish the change as a new version",
                )


def _number_findings(library: Library, loaded: LoadedHistory) -> Iterator[Finding]:
    """library.yaml's release number against the last recorded release."""
    last = loaded.history.last
    if last is None:
        return
    where = load_yaml(library.root / LIBRARY_FILE).location(("release",))
    number, scheme = library.meta.release, library.meta.release_numbers
    if release_key(number) < release_key(last.release):
        yield Finding(
            where,
            "release-order",
            f"release {number} is older than the last recorded release, {last.release} "
            "(releases.yaml); "
            "release numbers only go up",
        )
        return
    changes = released_changes(changes_since(library, last))
    if release_key(number) == release_key(last.release):
        if changes:
            yield Finding(
                where,
                "release-number",
                f"the library has changed since release {last.release} "
                f"({describe_changes(changes)}) but library.yaml still says release "
                f"{number}; give the changed library a new release number",
            )
        return
    if scheme == "semantic":
        yield from _semantic_findings(where, number, last.release, changes)


def _semantic_findings(
    where: Location, number: str, last: str, changes: list[ClauseRelease]
) -> Iterator[Finding]:
    for label in (number, last):
        if not Version.is_valid(label):
            yield Finding(
                where,
                "release-number",
                f"release {label} is not MAJOR.MINOR.PATCH, as release_numbers: semantic "
                "needs; give one or set release_numbers: sequence",
            )
            return
    old, new = Version.parse(last), Version.parse(number)
    severity = max((c.severity for c in changes), default=Severity.NONE)
    needed, actual = required_bump(severity, old), bump_between(old, new)
    if actual < needed:
        worst = [c for c in changes if c.severity == severity]
        yield Finding(
            where,
            "release-number",
            f"release {number} is a {actual.label} release after {last} but the changes "
            f"since are {severity.label} ({describe_changes(worst)}); "
            f"release it as {next_version(old, needed)} or later",
        )
