"""Release reports between two library states, and a library rebuilt as of a date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tenderkit.clauses.changes.history import effective_dates, library_as_of
from tenderkit.clauses.changes.release import LibraryState, ReleaseReport, compare_libraries
from tenderkit.clauses.changes.severity import Severity
from tenderkit.clauses.library import Library, load_library
from tests.conftest import LibraryFactory, clause, version


def report(make_library: LibraryFactory, old: list[Any], new: list[Any]) -> ReleaseReport:
    before = load_library(make_library(*old, name="old"))
    after = load_library(make_library(*new, name="new"))
    return compare_libraries(LibraryState(before, "old"), LibraryState(after, "new"))


ONE = clause("WC-CV-001", version("1.0.0"))
OTHER = clause("WC-LM-001", version("1.0.0"), domain="leadership-management", title="Leaders")


def test_nothing_changed_gives_an_empty_report(make_library: LibraryFactory) -> None:
    """The same library on both sides has no clauses to report."""
    result = report(make_library, [ONE], [ONE])
    assert result.clauses == ()
    assert result.severity is Severity.NONE


def test_a_new_clause_is_added_and_its_text_inserted(make_library: LibraryFactory) -> None:
    """A clause only in the new state is added; its diff inserts every paragraph."""
    result = report(make_library, [ONE], [ONE, OTHER])
    (item,) = result.clauses
    assert (item.clause_id, item.kind, item.new_current) == ("WC-LM-001", "added", "1.0.0")
    assert item.severity is Severity.ADDITIVE
    assert result.newly_approved == ["WC-LM-001@1.0.0"]
    assert item.diff is not None
    assert {p.change for s in item.diff.sections for p in s.paragraphs} == {"inserted"}


def test_a_clause_file_deleted_is_removed_and_breaking(make_library: LibraryFactory) -> None:
    """A clause only in the old state is removed, which breaks tenders using it."""
    (item,) = report(make_library, [ONE, OTHER], [ONE]).clauses
    assert (item.clause_id, item.kind, item.severity) == ("WC-LM-001", "removed", Severity.BREAKING)


def test_withdrawing_the_only_approved_version_withdraws_the_clause(
    make_library: LibraryFactory,
) -> None:
    """No approved version left: the clause is withdrawn, with the status change listed."""
    withdrawn = clause("WC-CV-001", version("1.0.0", status="withdrawn"))
    (item,) = report(make_library, [ONE], [withdrawn]).clauses
    assert (item.kind, item.old_current, item.new_current) == ("withdrawn", "1.0.0", None)
    assert [(s.version, s.old, s.new) for s in item.status_changes] == [
        ("1.0.0", "approved", "withdrawn")
    ]
    assert item.severity is Severity.BREAKING
    assert item.diff is None


def test_a_newly_approved_version_is_diffed_against_the_previous_one(
    make_library: LibraryFactory,
) -> None:
    """1.0.0 approved -> 2.0.0 approved: newly approved, statuses moved, classified breaking."""
    new = clause(
        "WC-CV-001",
        version("1.0.0", status="superseded"),
        version("2.0.0", obligation="should", effective="2026-04-01"),
    )
    (item,) = report(make_library, [ONE], [new]).clauses
    assert (item.kind, item.old_current, item.new_current) == ("changed", "1.0.0", "2.0.0")
    assert item.newly_approved == ("2.0.0",)
    assert [(s.version, s.old, s.new) for s in item.status_changes] == [
        ("1.0.0", "approved", "superseded"),
        ("2.0.0", None, "approved"),
    ]
    assert "obligation weakened: must → should" in item.classification.reasons()


def test_a_new_draft_alone_is_a_lifecycle_change(make_library: LibraryFactory) -> None:
    """A draft added beside the approved version changes no text in use."""
    new = clause("WC-CV-001", version("1.0.0"), version("1.1.0", status="draft"))
    (item,) = report(make_library, [ONE], [new]).clauses
    assert item.kind == "lifecycle"
    assert item.newly_approved == ()
    assert [(s.version, s.old, s.new) for s in item.status_changes] == [("1.1.0", None, "draft")]


def test_an_approved_version_edited_in_place_is_reported(make_library: LibraryFactory) -> None:
    """Content of an approved version that differs between the states is an integrity finding."""
    edited = clause("WC-CV-001", version("1.0.0", guidance="Added later."))
    (item,) = report(make_library, [ONE], [edited]).clauses
    assert item.edited_in_place == ("1.0.0",)
    assert "WC-CV-001@1.0.0 was approved and its content changed since" in (
        item.classification.reasons()
    )


def history_library(make_library: LibraryFactory) -> Library:
    return load_library(
        make_library(
            clause(
                "WC-CV-001",
                version("1.0.0", status="superseded", effective="2025-04-01"),
                version("1.1.0", status="superseded", effective="2025-10-01", guidance="G."),
                version("2.0.0", effective="2026-04-01", obligation="should"),
                version("2.1.0", status="draft"),
            ),
            clause(
                "WC-LM-001",
                version("1.0.0", effective="2026-01-01"),
                domain="leadership-management",
            ),
        )
    )


def test_a_library_as_of_a_date_keeps_only_versions_then_in_effect(
    make_library: LibraryFactory,
) -> None:
    """Later versions, drafts and clauses not yet in effect are left out."""
    past = library_as_of(history_library(make_library), dt.date(2025, 12, 31))
    assert list(past.clauses) == ["WC-CV-001"]
    assert [v.version for v in past.clauses["WC-CV-001"].versions] == ["1.0.0", "1.1.0"]
    assert past.meta.release == "1 as of 2025-12-31"


def test_a_library_as_of_a_date_restores_the_statuses_of_then(
    make_library: LibraryFactory,
) -> None:
    """The latest version then in effect is approved again; older ones stay superseded."""
    past = library_as_of(history_library(make_library), dt.date(2025, 12, 31))
    statuses = [(v.version, v.status.value) for v in past.clauses["WC-CV-001"].versions]
    assert statuses == [("1.0.0", "superseded"), ("1.1.0", "approved")]


def test_effective_dates_list_each_date_once_oldest_first(make_library: LibraryFactory) -> None:
    """Drafts have no date; the rest are listed in order."""
    assert effective_dates(history_library(make_library)) == [
        dt.date(2025, 4, 1),
        dt.date(2025, 10, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 4, 1),
    ]


def test_two_states_of_one_library_give_its_release_report(make_library: LibraryFactory) -> None:
    """The report from the day before the last release to now shows exactly that release."""
    library = history_library(make_library)
    before = library_as_of(library, dt.date(2026, 3, 31))
    result = compare_libraries(LibraryState(before, "then"), LibraryState(library, "now"))
    assert [(c.clause_id, c.kind) for c in result.clauses] == [("WC-CV-001", "changed")]
    assert result.newly_approved == ["WC-CV-001@2.0.0"]
    assert result.severity is Severity.BREAKING


def test_the_bundled_library_reports_its_latest_release(bundled: Library) -> None:
    """Release 2027.1 took effect last; the report from the day before names its changes."""
    before = library_as_of(bundled, effective_dates(bundled)[-1] - dt.timedelta(days=1))
    result = compare_libraries(LibraryState(before, "then"), LibraryState(bundled, "now"))
    assert "WC-CV-001@3.0.0" in result.newly_approved
    assert {c.clause_id for c in result.of_kind("added")} == {"WC-CV-009", "WC-MR-007", "WC-PP-010"}
    assert {c.clause_id for c in result.of_kind("withdrawn")} == {
        "WC-AA-008",
        "WC-CV-007",
        "WC-LM-006",
    }
