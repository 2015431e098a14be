"""`tender demo` steps for legal review: a clause redline and a release report.

The installed package has no git history, so the earlier library state is rebuilt from
the bundled library itself: the release before the one shipped, as its releases file
records it (`library_at_release`), compared in memory with the library as shipped.
"""

from __future__ import annotations

from pathlib import Path

from tenderkit import fsio
from tenderkit.clauses.changes.clause_diff import diff_clause
from tenderkit.clauses.changes.release import LibraryState, compare_libraries
from tenderkit.clauses.changes.release_views import release_markdown
from tenderkit.clauses.changes.severity import classify
from tenderkit.clauses.library import Library, load_library
from tenderkit.clauses.model import Clause, Status
from tenderkit.clauses.releases import library_at_release, load_releases, release_before
from tenderkit.clauses.resolve import ResolvedClause
from tenderkit.templates.word.redline import clause_redline, release_redline, write_docx


def clause_with_history(library: Library) -> Clause | None:
    """The first clause (in library order) with at least two versions that took effect."""
    for clause in library.clauses.values():
        if len([v for v in clause.versions if v.status is not Status.DRAFT]) >= 2:
            return clause
    return None


def clause_history_redline(out: Path) -> list[Path]:
    """A redline of one bundled clause from its first to its latest version in effect."""
    clause = clause_with_history(load_library())
    if clause is None:
        return []
    in_effect = [v for v in clause.versions if v.status is not Status.DRAFT]
    old, new = ResolvedClause(clause, in_effect[0]), ResolvedClause(clause, in_effect[-1])
    diff = diff_clause(old, new)
    target = out / f"redline-{clause.id}-{old.version.version}-to-{new.version.version}.docx"
    write_docx(clause_redline(diff, classify(diff, old, new)), target)
    return [target]


def release_report(out: Path) -> list[Path]:
    """The release report (Markdown and a redline) from the previous bundled release to now."""
    library = load_library()
    previous = release_before(load_releases(library).history, library.meta.release)
    if previous is None:
        return []
    report = compare_libraries(
        LibraryState(library_at_release(library, previous), f"release {previous.release}"),
        LibraryState(library, "bundled library as shipped"),
    )
    markdown, document = out / "library-report.md", out / "library-redline.docx"
    fsio.write_text(markdown, release_markdown(report))
    write_docx(release_redline(report), document)
    return [markdown, document]
