"""Redline .docx files: accepting every change gives the newer version exactly, rejecting
every change the older one, read straight from the document XML."""

from __future__ import annotations

import datetime as dt
import time
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenderkit.clauses.changes.clause_diff import ClauseDiff, diff_clause, version_sections
from tenderkit.clauses.changes.severity import classify
from tenderkit.clauses.library import Library
from tenderkit.clauses.model import Clause
from tenderkit.clauses.resolve import ResolvedClause
from tenderkit.templates.word.redline import clause_redline, write_docx
from tests.conftest import clause, version
from tests.support.tracked import Para, W, between, document_xml, resolve, revision_ids

BODY_START = "Clause with tracked changes"
BODY_END = "Compared: "


def sides(old: dict[str, Any], new: dict[str, Any]) -> tuple[ResolvedClause, ResolvedClause]:
    model = Clause.model_validate(clause("WC-CV-001", old, new))
    return ResolvedClause(model, model.versions[0]), ResolvedClause(model, model.versions[1])


def write(
    path: Path, old: ResolvedClause, new: ResolvedClause, **options: Any
) -> tuple[Path, ClauseDiff]:
    values = options.pop("values", None)
    diff = diff_clause(old, new, values=values)
    write_docx(clause_redline(diff, classify(diff, old, new), values=values, **options), path)
    return path, diff


def layout(resolved: ResolvedClause, diff: ClauseDiff, values: Any = None) -> list[str]:
    """A version's body as the redline lays it out: each section's heading, then its paragraphs."""
    own = {s.key: s.paragraphs for s in version_sections(resolved, values)}
    out: list[str] = []
    for section in diff.sections:
        if section.paragraphs:
            out += [section.heading, *own[section.key]]
    return out


def body(path: Path, mode: str) -> list[str]:
    return [p.text for p in between(resolve(path, mode), BODY_START, BODY_END)]  # type: ignore[arg-type]


def assert_round_trip(
    path: Path, diff: ClauseDiff, old: ResolvedClause, new: ResolvedClause
) -> None:
    assert body(path, "accept") == layout(new, diff)
    assert body(path, "reject") == layout(old, diff)


def test_accepting_all_gives_the_newer_bundled_version_and_rejecting_the_older(
    bundled: Library, tmp_path: Path
) -> None:
    """WC-CV-001 1.0.0 -> 2.0.0: every paragraph matches its version after accept or reject."""
    current = bundled.get("WC-CV-001")
    old, new = (
        ResolvedClause(current, current.versions[0]),
        ResolvedClause(current, current.versions[1]),
    )
    path, diff = write(tmp_path / "r.docx", old, new)
    assert_round_trip(path, diff, old, new)


def test_the_requirement_text_reads_exactly_as_written_after_accept_and_reject(
    bundled: Library, tmp_path: Path
) -> None:
    """The text paragraphs joined by blank lines are the clause text itself, to the character."""
    current = bundled.get("WC-CV-001")
    old, new = (
        ResolvedClause(current, current.versions[0]),
        ResolvedClause(current, current.versions[1]),
    )
    path, _ = write(tmp_path / "r.docx", old, new)
    for mode, side in (("accept", new), ("reject", old)):
        paras = body(path, mode)
        text = paras[paras.index("Requirement") + 1 : paras.index("Parameters")]
        assert "\n\n".join(text) == side.version.text


def test_paragraphs_line_breaks_and_lists_survive_both_ways(tmp_path: Path) -> None:
    """Added, removed and edited paragraphs, line breaks and list items all resolve exactly."""
    old, new = sides(
        version(
            "1.0.0",
            text="First about staff.\n\nA paragraph that goes.\n\nLast one, with\na line break.",
            evidence=["Item kept.", "Item dropped entirely here."],
            guidance="Old guidance.",
            parameters={},
        ),
        version(
            "2.0.0",
            text="First about all staff.\n\nLast one, with\ntwo line breaks.\n\nA new ending.",
            evidence=["Item kept.", "Another item altogether."],
            examples=["An example now given."],
            parameters={},
        ),
    )
    path, diff = write(tmp_path / "r.docx", old, new)
    assert_round_trip(path, diff, old, new)


def test_a_filled_in_redline_resolves_to_the_filled_in_texts(tmp_path: Path) -> None:
    """With parameter values, accept and reject give the rendered texts."""
    old, new = sides(
        version("1.0.0"),
        version("1.1.0", text="Review wellbeing every {{ months }} months, with staff."),
    )
    path, diff = write(tmp_path / "r.docx", old, new, values={"months": 3})
    accepted, rejected = body(path, "accept"), body(path, "reject")
    assert accepted[0] == rejected[0] == "Text shown with parameter values filled in: months = 3."
    assert accepted[1:] == layout(new, diff, {"months": 3})
    assert rejected[1:] == layout(old, diff, {"months": 3})
    assert "Review wellbeing every 3 months, with staff." in accepted


words = st.sampled_from(["staff", "must", "review", "values,", "leaders;", "every", "6", "\n"])
paragraph = st.lists(words, min_size=1, max_size=8).map(lambda ws: " ".join(ws).strip() or "x")
paragraphs = st.lists(paragraph, min_size=1, max_size=4)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    old_text=paragraphs,
    new_text=paragraphs,
    old_items=st.lists(paragraph, max_size=3),
    new_items=st.lists(paragraph, max_size=3),
)
def test_any_pair_of_versions_round_trips(
    tmp_path: Path,
    old_text: list[str],
    new_text: list[str],
    old_items: list[str],
    new_items: list[str],
) -> None:
    """For generated texts and evidence lists, accept and reject reproduce the two versions."""
    old, new = sides(
        version("1.0.0", text="\n\n".join(old_text), evidence=old_items, parameters={}),
        version("2.0.0", text="\n\n".join(new_text), evidence=new_items, parameters={}),
    )
    path, diff = write(tmp_path / "r.docx", old, new)
    assert_round_trip(path, diff, old, new)


def test_revision_ids_are_unique_and_every_revision_has_author_and_date(
    bundled: Library, tmp_path: Path
) -> None:
    """Ids never repeat; author and date default to the newer version's approver and its
    effective date."""
    current = bundled.get("WC-CV-001")
    path, _ = write(
        tmp_path / "r.docx",
        ResolvedClause(current, current.versions[0]),
        ResolvedClause(current, current.versions[1]),
    )
    ids = revision_ids(path)
    assert len(ids) > 10
    assert len(ids) == len(set(ids))
    marks = list(document_xml(path).iter(W + "ins", W + "del"))
    approver = current.versions[1].approver
    assert approver
    assert {m.get(W + "author") for m in marks} == {approver}
    assert {m.get(W + "date") for m in marks} == {
        f"{current.versions[1].effective:%Y-%m-%d}T00:00:00Z"
    }


def test_author_and_date_can_be_given(tmp_path: Path) -> None:
    """--author and --date end up on every revision."""
    old, new = sides(version("1.0.0"), version("2.0.0", obligation="should"))
    when = dt.datetime(2026, 5, 2, 9, 30, tzinfo=dt.UTC)
    path, _ = write(tmp_path / "r.docx", old, new, author="Legal Team", date=when)
    marks = list(document_xml(path).iter(W + "ins", W + "del"))
    assert {(m.get(W + "author"), m.get(W + "date")) for m in marks} == {
        ("Legal Team", "2026-05-02T09:30:00Z")
    }


def test_whole_paragraphs_are_marked_on_their_paragraph_mark(tmp_path: Path) -> None:
    """An added and a removed evidence item each carry w:ins / w:del inside w:pPr/w:rPr."""
    old, new = sides(
        version("1.0.0", evidence=["Kept item.", "Removed item about minutes."]),
        version("1.1.0", evidence=["Kept item.", "Added item on case studies written with staff."]),
    )
    path, _ = write(tmp_path / "r.docx", old, new)
    root = document_xml(path)
    marks = {
        "".join(p.itertext()): p.find(f"{W}pPr/{W}rPr")[0].tag.removeprefix(W)
        for p in root.iter(W + "p")
        if p.find(f"{W}pPr/{W}rPr") is not None and len(p.find(f"{W}pPr/{W}rPr"))
    }
    assert marks == {
        "Removed item about minutes.": "del",
        "Added item on case studies written with staff.": "ins",
    }
    deleted = next(
        p for p in root.iter(W + "p") if "".join(p.itertext()) == "Removed item about minutes."
    )
    assert deleted.find(f"{W}del/{W}r/{W}delText") is not None


def test_the_summary_table_lists_each_change_under_a_repeating_header(
    bundled: Library, tmp_path: Path
) -> None:
    """The first table names every change and its class; its header row repeats on each page."""
    current = bundled.get("WC-CV-001")
    path, _ = write(
        tmp_path / "r.docx",
        ResolvedClause(current, current.versions[0]),
        ResolvedClause(current, current.versions[1]),
    )
    document = docx.Document(str(path))
    table = document.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Part", "Change", "Class"]
    assert ["Obligation", "obligation strengthened: should → must", "breaking"] in rows
    assert ["Parameter review_months", "optional parameter review_months added", "additive"] in rows
    header = table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader")
    assert header is not None and header.get(W + "val") == "true"


def test_the_document_turns_on_track_changes_and_names_itself(tmp_path: Path) -> None:
    """Settings track further edits; title, author and language are set in the properties."""
    old, new = sides(version("1.0.0"), version("2.0.0", obligation="should"))
    path, _ = write(tmp_path / "r.docx", old, new, author="Legal Team")
    with zipfile.ZipFile(path) as archive:
        assert b"<w:trackRevisions/>" in archive.read("word/settings.xml")
    props = docx.Document(str(path)).core_properties
    assert (props.title, props.author, props.language) == (
        "Redline WC-CV-001 1.0.0 → 2.0.0",
        "Legal Team",
        "en-GB",
    )


def test_identical_versions_give_a_redline_without_revisions(tmp_path: Path) -> None:
    """Nothing to track: no w:ins or w:del, and the summary says the versions read the same."""
    old, new = sides(version("1.0.0", status="superseded"), version("1.0.1"))
    path, _ = write(tmp_path / "r.docx", old, new)
    assert revision_ids(path) == []
    assert "No content changes: the two versions read the same." in [
        p.text for p in resolve(path, "accept")
    ]


def test_the_same_versions_give_the_same_document_text(bundled: Library, tmp_path: Path) -> None:
    """Reproducible: two runs give identical document XML and properties."""
    current = bundled.get("WC-CV-001")
    pair = (
        ResolvedClause(current, current.versions[0]),
        ResolvedClause(current, current.versions[1]),
    )
    a, _ = write(tmp_path / "a.docx", *pair)
    b, _ = write(tmp_path / "b.docx", *pair)
    for part in ("word/document.xml", "docProps/core.xml"):
        with zipfile.ZipFile(a) as one, zipfile.ZipFile(b) as two:
            assert one.read(part) == two.read(part)


def test_body_paragraphs_use_list_style_for_list_sections(bundled: Library, tmp_path: Path) -> None:
    """Evidence items and parameters are bullet list items; requirement text is plain."""
    current = bundled.get("WC-CV-001")
    path, _ = write(
        tmp_path / "r.docx",
        ResolvedClause(current, current.versions[0]),
        ResolvedClause(current, current.versions[1]),
    )
    paras = between(resolve(path, "accept"), BODY_START, BODY_END)
    styles = {p.text[:20]: p.style for p in paras}
    assert styles["The current values s"] == "ListBullet"
    assert styles["The Provider must ha"] == "Normal"
    assert isinstance(paras[0], Para)


def test_the_same_diff_gives_the_same_bytes_whenever_it_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Zip entries carry the revision date, not the time of saving: equal inputs, equal bytes."""
    old, new = sides(version("1.0.0", status="superseded"), version("1.1.0", text="New text."))
    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.0)
    first, _ = write(tmp_path / "first.docx", old, new)
    monkeypatch.setattr(time, "time", lambda: 1_900_000_000.0)
    second, _ = write(tmp_path / "second.docx", old, new)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {i.date_time[:3] for i in archive.infolist()} == {(2025, 4, 1)}


def test_a_revision_date_beyond_the_zip_format_is_still_written(tmp_path: Path) -> None:
    """A --date the zip format cannot hold (after 2107) still gives a redline with that date."""
    old, new = sides(version("1.0.0", status="superseded"), version("1.1.0", text="New text."))
    when = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)
    path, _ = write(tmp_path / "far.docx", old, new, date=when)
    dates = {m.get(W + "date") for m in document_xml(path).iter(W + "ins", W + "del")}
    assert dates == {"9999-12-31T00:00:00Z"}
