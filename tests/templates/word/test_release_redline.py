"""The release redline: one document, one Word section per changed clause, ids unique."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_SECTION

from tenderkit.clauses.changes.clause_diff import version_sections
from tenderkit.clauses.changes.release import LibraryState, ReleaseReport, compare_libraries
from tenderkit.clauses.library import load_library
from tenderkit.clauses.resolve import ResolvedClause
from tenderkit.templates.word.redline import release_redline, write_docx
from tests.conftest import LibraryFactory, clause, version
from tests.support.libreoffice import convert
from tests.support.odt import body_paragraphs, tracked_changes
from tests.support.tracked import W, between, document_xml, resolve, revision_ids

LM = {"domain": "leadership-management", "title": "Visible leaders"}


def two_clause_release(make_library: LibraryFactory) -> ReleaseReport:
    """WC-CV-001 gets a breaking 2.0.0; WC-LM-001 gets an additive 1.1.0."""
    old = make_library(
        clause("WC-CV-001", version("1.0.0")),
        clause("WC-LM-001", version("1.0.0", evidence=["Minutes."]), **LM),
        name="old",
    )
    new = make_library(
        clause(
            "WC-CV-001",
            version("1.0.0", status="superseded"),
            version(
                "2.0.0", effective="2026-04-01", text="Staff must meet every {{ months }} months."
            ),
        ),
        clause(
            "WC-LM-001",
            version("1.0.0", status="superseded", evidence=["Minutes."]),
            version("1.1.0", effective="2026-02-01", evidence=["Minutes.", "A case study."]),
            **LM,
        ),
        name="new",
    )
    return compare_libraries(
        LibraryState(load_library(old), "old"), LibraryState(load_library(new), "new")
    )


def clause_bodies(path: Path, mode: str) -> list[list[str]]:
    """Each clause section's tracked body, in order."""
    paras = resolve(path, mode)  # type: ignore[arg-type]
    out = []
    for i, p in enumerate(paras):
        if p.text == "Clause with tracked changes":
            out.append([q.text for q in between(paras[i:], p.text, "Compared: ")])
    return out


def side(root: Path, clause_id: str, number: str | None) -> ResolvedClause:
    found = load_library(root).get(clause_id)
    chosen = found.version(number or "")
    assert chosen is not None
    return ResolvedClause(found, chosen)


def layout(item_side: ResolvedClause, headings: list[tuple[str, str]]) -> list[str]:
    own = {s.key: s.paragraphs for s in version_sections(item_side)}
    out: list[str] = []
    for key, heading in headings:
        out += [heading, *own[key]]
    return out


def test_accept_and_reject_give_each_clause_in_its_new_and_old_state(
    make_library: LibraryFactory, tmp_path: Path
) -> None:
    """Per clause section, accept-all is the new current version and reject-all the old one."""
    report = two_clause_release(make_library)
    path = tmp_path / "release.docx"
    write_docx(release_redline(report), path)
    accepted, rejected = clause_bodies(path, "accept"), clause_bodies(path, "reject")
    assert len(accepted) == len(report.clauses) == 2
    for item, acc, rej in zip(report.clauses, accepted, rejected, strict=True):
        assert item.diff is not None
        headings = [(s.key, s.heading) for s in item.diff.sections if s.paragraphs]
        old_lib = load_library(tmp_path / "old").get(item.clause_id)
        new_lib = load_library(tmp_path / "new").get(item.clause_id)
        old_side = ResolvedClause(
            old_lib, old_lib.version(item.old_current or "") or old_lib.versions[0]
        )
        new_side = ResolvedClause(
            new_lib, new_lib.version(item.new_current or "") or new_lib.versions[0]
        )
        assert acc == layout(new_side, headings)
        assert rej == layout(old_side, headings)


def test_revision_ids_are_unique_across_all_clauses(
    make_library: LibraryFactory, tmp_path: Path
) -> None:
    """Two clauses' changes never share a w:id."""
    path = tmp_path / "release.docx"
    write_docx(release_redline(two_clause_release(make_library)), path)
    ids = revision_ids(path)
    assert len(ids) == len(set(ids)) > 2


def test_each_changed_clause_starts_a_new_word_section(
    make_library: LibraryFactory, tmp_path: Path
) -> None:
    """The overview is one section, then one new-page section per clause."""
    path = tmp_path / "release.docx"
    write_docx(release_redline(two_clause_release(make_library)), path)
    sections = docx.Document(str(path)).sections
    assert [s.start_type for s in sections[1:]] == [WD_SECTION.NEW_PAGE] * 2
    assert len(sections) == 3


def test_the_overview_table_lists_every_clause_with_its_class(
    make_library: LibraryFactory, tmp_path: Path
) -> None:
    """Clause, change, versions and class, under a repeating header row."""
    path = tmp_path / "release.docx"
    write_docx(release_redline(two_clause_release(make_library)), path)
    rows = [[c.text for c in r.cells] for r in docx.Document(str(path)).tables[0].rows]
    assert rows == [
        ["Clause", "Title", "Change", "Versions", "Class"],
        ["WC-CV-001", "Wellbeing reviews", "changed", "1.0.0 → 2.0.0", "breaking"],
        ["WC-LM-001", "Visible leaders", "changed", "1.0.0 → 1.1.0", "additive"],
    ]


def test_each_clause_is_dated_by_its_newer_versions_effective_date(
    make_library: LibraryFactory, tmp_path: Path
) -> None:
    """Revisions are dated by the version that made them, so the document is reproducible."""
    path = tmp_path / "release.docx"
    report = two_clause_release(make_library)
    write_docx(release_redline(report), path)
    dates = {m.get(W + "date") for m in document_xml(path).iter(W + "ins", W + "del")}
    expected = {
        f"{item.diff.new.effective:%Y-%m-%d}T00:00:00Z"
        for item in report.clauses
        if item.diff is not None and item.diff.new is not None
    }
    assert len(expected) == 2 and dates == expected


@pytest.mark.libreoffice
def test_libreoffice_reads_the_release_redline_as_written(
    make_library: LibraryFactory, tmp_path: Path
) -> None:
    """LibreOffice's accepted view of the whole release equals the XML's accept-all."""
    path = tmp_path / "release.docx"
    report = two_clause_release(make_library)
    write_docx(release_redline(report), path)
    odt = convert(path, "odt", tmp_path / "lo")
    assert body_paragraphs(odt) == [p.text for p in resolve(path, "accept")]
    approvers = {i.diff.new.approver for i in report.clauses if i.diff and i.diff.new}
    assert {c.author for c in tracked_changes(odt)} == approvers


def test_each_clause_in_a_release_redline_is_authored_by_its_newer_versions_approver(
    make_library: LibraryFactory,
) -> None:
    """Without --author, a release redline's revisions carry each clause's approver and date;
    revision ids still never repeat across clauses."""
    old = make_library(
        clause("WC-CV-001", version("1.0.0", text="Old one.", parameters={})),
        clause("WC-CV-002", version("1.0.0", text="Old two.", parameters={})),
        name="old",
    )
    new = make_library(
        clause(
            "WC-CV-001",
            version("1.0.0", "superseded", text="Old one.", parameters={}),
            version(
                "2.0.0",
                text="New one.",
                parameters={},
                approver="Director A",
                effective="2027-01-02",
            ),
        ),
        clause(
            "WC-CV-002",
            version("1.0.0", "superseded", text="Old two.", parameters={}),
            version(
                "2.0.0",
                text="New two.",
                parameters={},
                approver="Director B",
                effective="2027-02-03",
            ),
        ),
        name="new",
    )
    report = compare_libraries(
        LibraryState(load_library(old), "old"), LibraryState(load_library(new), "new")
    )
    document = release_redline(report)
    marks = list(document.element.body.iter(W + "ins", W + "del"))
    assert {(m.get(W + "author"), m.get(W + "date")) for m in marks} == {
        ("Director A", "2027-01-02T00:00:00Z"),
        ("Director B", "2027-02-03T00:00:00Z"),
    }
    ids = [m.get(W + "id") for m in marks]
    assert len(ids) == len(set(ids))
