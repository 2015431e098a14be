"""Approving rubrics and the lock: recorded hashes, superseding, and the lint lock rules."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tenderkit.clauses.library import Library, load_library
from tenderkit.errors import InputError, IntegrityError, NotFoundError
from tenderkit.rubrics.approve import approve_rubric
from tenderkit.rubrics.library import RUBRIC_LOCK, load_rubric_file, load_rubric_library
from tenderkit.rubrics.lint import lint_rubric_files, lint_rubric_library
from tenderkit.rubrics.model import rubric_hash
from tests.support.rubrics import approved, rubric, write_clause_library, write_rubric

EFFECTIVE = dt.date(2026, 9, 1)


@pytest.fixture(scope="module")
def clauses(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return load_library(write_clause_library(tmp_path_factory.mktemp("clauses")))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "rubrics"


def lock_of(root: Path) -> dict[str, str]:
    approved_map: dict[str, str] = json.loads((root / RUBRIC_LOCK).read_text())["approved"]
    return approved_map


def rules(root: Path, clauses: Library) -> list[str]:
    return [f.rule for f in lint_rubric_library(root, clauses)]


def test_approving_a_draft_stamps_it_and_records_its_hash(root: Path, clauses: Library) -> None:
    """The file gets status, approver and date; the lock gets the hash of what was approved."""
    path = write_rubric(root, rubric())
    result = approve_rubric(
        load_rubric_library(root),
        clauses,
        "test-rubric",
        "1.0.0",
        approver="Head of Procurement",
        effective=EFFECTIVE,
    )
    stamped = load_rubric_file(path).rubric
    assert (stamped.status.value, stamped.approver, stamped.effective) == (
        "approved",
        "Head of Procurement",
        EFFECTIVE,
    )
    assert result.digest == rubric_hash(stamped)
    assert lock_of(root) == {"test-rubric@1.0.0": result.digest}
    assert rules(root, clauses) == []


def test_approval_keeps_the_comments_of_the_file(root: Path, clauses: Library) -> None:
    """Editing in place keeps an author's comments."""
    path = write_rubric(root, rubric())
    path.write_text("# Drafted with the panel chair.\n" + path.read_text())
    approve_rubric(load_rubric_library(root), clauses, "test-rubric", "1.0.0", approver="A")
    assert path.read_text().startswith("# Drafted with the panel chair.\n")


def test_approving_a_new_version_supersedes_the_older_approved_one(
    root: Path, clauses: Library
) -> None:
    """1.0.0 becomes superseded when 1.1.0 is approved, and its lock entry stays valid."""
    write_rubric(root, rubric())
    approve_rubric(load_rubric_library(root), clauses, "test-rubric", "1.0.0", approver="A")
    write_rubric(root, rubric(version="1.1.0", title="Test rubric, revised"))
    result = approve_rubric(
        load_rubric_library(root), clauses, "test-rubric", "1.1.0", approver="A"
    )
    assert result.superseded == ("test-rubric@1.0.0",)
    old = load_rubric_file(root / "test-rubric-1.0.0.yaml").rubric
    assert old.status.value == "superseded"
    assert set(lock_of(root)) == {"test-rubric@1.0.0", "test-rubric@1.1.0"}
    assert rules(root, clauses) == []


def test_a_draft_with_problems_is_not_approved(root: Path, clauses: Library) -> None:
    """Approval refuses a rubric lint would fault, and leaves file and lock untouched."""
    data = rubric()
    data["domains"][0]["weight"] = 50
    path = write_rubric(root, data)
    before = path.read_text()
    with pytest.raises(InputError, match=r"\[domain-weights\]"):
        approve_rubric(load_rubric_library(root), clauses, "test-rubric", "1.0.0", approver="A")
    assert path.read_text() == before
    assert not (root / RUBRIC_LOCK).exists()


def test_approval_needs_an_approver(root: Path, clauses: Library) -> None:
    """Without an approver in the file or the arguments, approval is refused."""
    path = write_rubric(root, rubric())
    with pytest.raises(InputError, match="needs an approver") as caught:
        approve_rubric(load_rubric_library(root), clauses, "test-rubric", "1.0.0")
    assert caught.value.hint == "pass --approver NAME"
    assert load_rubric_file(path).rubric.status.value == "draft"


def test_a_withdrawn_rubric_cannot_be_approved_again(root: Path, clauses: Library) -> None:
    """Withdrawal is final."""
    write_rubric(root, approved(status="withdrawn"))
    with pytest.raises(InputError, match="withdrawn"):
        approve_rubric(load_rubric_library(root), clauses, "test-rubric", "1.0.0")


def test_an_unknown_version_is_not_found(root: Path, clauses: Library) -> None:
    """Approving a version the library lacks names the versions it has."""
    write_rubric(root, rubric())
    with pytest.raises(NotFoundError, match=r"no version 2.0.0 \(versions: 1.0.0\)"):
        approve_rubric(load_rubric_library(root), clauses, "test-rubric", "2.0.0")


def test_an_approved_rubric_missing_from_the_lock_is_recorded_once(
    root: Path, clauses: Library
) -> None:
    """A hand-written approved rubric gets its hash recorded; a second run says so."""
    write_rubric(root, approved())
    first = approve_rubric(load_rubric_library(root), clauses, "test-rubric", "1.0.0")
    second = approve_rubric(load_rubric_library(root), clauses, "test-rubric", "1.0.0")
    assert (first.already_recorded, second.already_recorded) == (False, True)
    assert first.digest == second.digest == lock_of(root)["test-rubric@1.0.0"]


def test_an_approved_rubric_changed_since_approval_is_refused(root: Path, clauses: Library) -> None:
    """Re-approving changed content is an IntegrityError: a change is a new version."""
    path = write_rubric(root, rubric())
    approve_rubric(load_rubric_library(root), clauses, "test-rubric", "1.0.0", approver="A")
    path.write_text(path.read_text().replace("Test rubric", "Changed rubric"))
    with pytest.raises(IntegrityError, match="publish the change as a new version"):
        approve_rubric(load_rubric_library(root), clauses, "test-rubric", "1.0.0")


def test_lint_reports_an_approved_rubric_missing_from_the_lock(
    root: Path, clauses: Library
) -> None:
    """An approved rubric without a lock entry is lock-missing at its status."""
    write_rubric(root, approved())
    findings = lint_rubric_library(root, clauses)
    assert [(f.rule, f.location.path) for f in findings] == [("lock-missing", "status")]


def test_lint_reports_approved_content_changed_since_locking(root: Path, clauses: Library) -> None:
    """Changing any published content after approval is lock-mismatch."""
    path = write_rubric(root, rubric())
    approve_rubric(load_rubric_library(root), clauses, "test-rubric", "1.0.0", approver="A")
    path.write_text(path.read_text().replace("weight: 70", "weight: 69.995"))
    assert rules(root, clauses) == ["lock-mismatch"]


def test_a_status_change_alone_does_not_break_the_lock(root: Path, clauses: Library) -> None:
    """Status is outside the hash, so superseding or withdrawing keeps the lock valid."""
    path = write_rubric(root, rubric())
    approve_rubric(load_rubric_library(root), clauses, "test-rubric", "1.0.0", approver="A")
    path.write_text(path.read_text().replace("status: approved", "status: withdrawn"))
    assert rules(root, clauses) == []


def test_lint_reports_a_draft_recorded_as_approved(root: Path, clauses: Library) -> None:
    """A lock entry for a rubric marked draft is lock-mismatch."""
    path = write_rubric(root, rubric())
    approve_rubric(load_rubric_library(root), clauses, "test-rubric", "1.0.0", approver="A")
    path.write_text(path.read_text().replace("status: approved", "status: draft"))
    findings = lint_rubric_library(root, clauses)
    assert [f.rule for f in findings] == ["lock-mismatch"]
    assert "but is marked draft" in findings[0].message


def test_lint_reports_a_lock_entry_without_a_rubric(root: Path, clauses: Library) -> None:
    """A lock entry whose rubric file has gone is lock-orphan."""
    path = write_rubric(root, rubric())
    approve_rubric(load_rubric_library(root), clauses, "test-rubric", "1.0.0", approver="A")
    path.unlink()
    findings = lint_rubric_library(root, clauses)
    assert [f.rule for f in findings] == ["lock-orphan"]
    assert findings[0].location.file == root / RUBRIC_LOCK


def test_linting_a_file_uses_the_lock_of_its_folder(root: Path, clauses: Library) -> None:
    """A rubric file linted on its own is held to the rubrics.lock beside it."""
    path = write_rubric(root, rubric())
    approve_rubric(load_rubric_library(root), clauses, "test-rubric", "1.0.0", approver="A")
    assert lint_rubric_files([path], clauses) == []
    path.write_text(path.read_text().replace("Test rubric", "Changed rubric"))
    assert [f.rule for f in lint_rubric_files([path], clauses)] == ["lock-mismatch"]


def test_lint_reports_every_broken_file_and_checks_the_rest(root: Path, clauses: Library) -> None:
    """A file that fails the schema is reported; the other files are still checked."""
    broken = rubric(version="2.0.0")
    broken["domains"][0]["criteria"][0]["weight"] = "sixty"
    write_rubric(root, broken)
    unbalanced = rubric(version="3.0.0")
    unbalanced["domains"][1]["weight"] = 30
    write_rubric(root, unbalanced)
    findings = lint_rubric_library(root, clauses)
    assert sorted(f.rule for f in findings) == ["domain-weights", "schema"]
