"""A real client opens the redlines: headless LibreOffice shows and records every change."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderkit.clauses.changes.clause_diff import diff_clause
from tenderkit.clauses.changes.severity import classify
from tenderkit.clauses.library import bundled_library_path, load_library
from tenderkit.clauses.model import Clause
from tenderkit.clauses.resolve import ResolvedClause
from tenderkit.templates.word.redline import clause_redline, write_docx
from tests.conftest import clause, version
from tests.support.libreoffice import convert, pdf_text
from tests.support.odt import body_paragraphs, tracked_changes
from tests.support.tracked import resolve

pytestmark = pytest.mark.libreoffice


def redline(path: Path, old: ResolvedClause, new: ResolvedClause, author: str) -> Path:
    diff = diff_clause(old, new)
    write_docx(clause_redline(diff, classify(diff, old, new), author=author), path)
    return path


@pytest.fixture(scope="module")
def bundled_redline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """WC-CV-001 1.0.0 -> 2.0.0 from the bundled library."""
    current = load_library(bundled_library_path()).get("WC-CV-001")
    old, new = (ResolvedClause(current, v) for v in current.versions[:2])
    return redline(tmp_path_factory.mktemp("bundled") / "redline.docx", old, new, "Legal Team")


@pytest.fixture(scope="module")
def paragraph_redline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pair where whole paragraphs and list items are added and removed."""
    model = Clause.model_validate(
        clause(
            "WC-CV-001",
            version(
                "1.0.0",
                text="Staff are heard.\n\nThis paragraph is removed in full.",
                evidence=["Minutes of the staff forum.", "An item that goes away."],
                parameters={},
            ),
            version(
                "2.0.0",
                text="Staff are heard and answered.\n\nLeaders answer every concern raised.",
                evidence=["Minutes of the staff forum."],
                parameters={},
            ),
        )
    )
    old, new = (ResolvedClause(model, v) for v in model.versions)
    return redline(tmp_path_factory.mktemp("paras") / "paras.docx", old, new, "tenderkit")


def test_the_pdf_shows_deleted_and_inserted_words(bundled_redline: Path, tmp_path: Path) -> None:
    """LibreOffice prints tracked changes: both the struck and the inserted wording appear."""
    text = " ".join(pdf_text(convert(bundled_redline, "pdf", tmp_path)).split())
    assert "have helped to write, and should" in text  # deleted
    assert "of all roles and grades have defined and own, must" in text  # inserted
    assert "Summary of changes" in text


@pytest.mark.parametrize("fixture", ["bundled_redline", "paragraph_redline"])
def test_libreoffice_reads_the_changes_as_written(
    fixture: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Converted to ODT, the body with changes accepted matches the XML's accept-all exactly."""
    source: Path = request.getfixturevalue(fixture)
    odt = convert(source, "odt", tmp_path)
    assert body_paragraphs(odt) == [p.text for p in resolve(source, "accept")]


def test_libreoffice_records_each_change_with_its_author(
    bundled_redline: Path, tmp_path: Path
) -> None:
    """The ODT has insertions and deletions, all by the given author, holding the deleted text."""
    changes = tracked_changes(convert(bundled_redline, "odt", tmp_path))
    assert {c.kind for c in changes} == {"insertion", "deletion"}
    assert {c.author for c in changes} == {"Legal Team"}
    deleted = [c.text for c in changes if c.kind == "deletion"]
    assert "have helped to write, and should" in deleted


def test_whole_paragraphs_removed_are_recorded_as_deleted_paragraphs(
    paragraph_redline: Path, tmp_path: Path
) -> None:
    """A paragraph and a list item deleted whole are in LibreOffice's deletions, not the body."""
    odt = convert(paragraph_redline, "odt", tmp_path)
    deleted = "\n".join(c.text for c in tracked_changes(odt) if c.kind == "deletion")
    assert "This paragraph is removed in full." in deleted
    assert "An item that goes away." in deleted
    body = body_paragraphs(odt)
    assert "Leaders answer every concern raised." in body
    assert "This paragraph is removed in full." not in body
