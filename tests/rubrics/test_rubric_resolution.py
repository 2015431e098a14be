"""Resolving rubric references (ID, ranges, exact versions, files) and the strict gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderkit.clauses.library import Library, load_library
from tenderkit.errors import InputError, NotFoundError, ResolutionError
from tenderkit.rubrics.library import (
    load_rubric_library,
    resolve_rubric,
    scan_rubric_library,
)
from tenderkit.rubrics.lint import validated_rubric
from tenderkit.rubrics.model import rubric_hash
from tests.support.rubrics import approved, rubric, write_clause_library, write_rubric

RECORD = {"effective": "2026-01-01", "approver": "Head of Procurement"}


def record_locks(root: Path) -> None:
    """Record the hash of every approved, superseded or withdrawn rubric in root's lock."""
    library, _ = scan_rubric_library(root)
    for loaded in library.rubrics:
        if loaded.rubric.status.value != "draft":
            library.lock.record(loaded.rubric.ref, rubric_hash(loaded.rubric))
    library.lock.save()


@pytest.fixture
def rubrics_root(tmp_path: Path) -> Path:
    """test-rubric 1.0.0 superseded, 1.1.0 approved, 1.2.0 draft, 2.0.0 withdrawn."""
    root = tmp_path / "rubrics"
    write_rubric(root, rubric(version="1.0.0", status="superseded", **RECORD))
    write_rubric(root, rubric(version="1.1.0", status="approved", **RECORD))
    write_rubric(root, rubric(version="1.2.0"))
    write_rubric(root, rubric(version="2.0.0", status="withdrawn", **RECORD))
    record_locks(root)
    return root


@pytest.fixture(scope="module")
def clauses(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return load_library(write_clause_library(tmp_path_factory.mktemp("clauses")))


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("test-rubric", "1.1.0"),
        ("test-rubric@1", "1.1.0"),
        ("test-rubric@^1.0", "1.1.0"),
        ("test-rubric@1.1", "1.1.0"),
        ("test-rubric@1.1.0", "1.1.0"),
        ("test-rubric@1.0.0", "1.0.0"),
    ],
)
def test_references_resolve_to_the_expected_version(
    rubrics_root: Path, reference: str, expected: str
) -> None:
    """ID and ranges pick the latest approved; an exact version may be superseded."""
    library = load_rubric_library(rubrics_root)
    assert resolve_rubric(reference, library).rubric.version == expected


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("test-rubric@1.2.0", "test-rubric@1.2.0 is a draft"),
        ("test-rubric@2.0.0", "test-rubric@2.0.0 is withdrawn"),
        ("test-rubric@~1.0", "no approved version in range ~1.0"),
        ("test-rubric@3", "no approved version in range 3"),
        ("test-rubric@1.9.0", "has no version 1.9.0"),
        ("test-rubric@one", "is not a version reference"),
    ],
)
def test_unusable_references_explain_why(rubrics_root: Path, reference: str, message: str) -> None:
    """Drafts, withdrawn versions and empty ranges are refused with the reason."""
    library = load_rubric_library(rubrics_root)
    with pytest.raises(ResolutionError, match=message):
        resolve_rubric(reference, library)


def test_an_unknown_rubric_lists_the_known_ones(rubrics_root: Path) -> None:
    """An id the library lacks is NotFoundError naming the ids it has."""
    with pytest.raises(NotFoundError, match=r"unknown rubric 'nope' \(known: test-rubric\)"):
        resolve_rubric("nope", load_rubric_library(rubrics_root))


def test_a_draft_resolves_when_drafts_are_allowed(rubrics_root: Path) -> None:
    """allow_drafts lets an exact reference pick a draft."""
    library = load_rubric_library(rubrics_root)
    picked = resolve_rubric("test-rubric@1.2.0", library, allow_drafts=True)
    assert picked.rubric.status.value == "draft"


def test_a_file_reference_loads_that_file(rubrics_root: Path) -> None:
    """A path to a rubric file is loaded directly."""
    path = rubrics_root / "test-rubric-1.1.0.yaml"
    assert resolve_rubric(str(path)).file == path


def test_a_draft_file_needs_drafts_allowed(rubrics_root: Path) -> None:
    """A file is a reference like any other: a draft is refused unless allowed."""
    path = str(rubrics_root / "test-rubric-1.2.0.yaml")
    with pytest.raises(ResolutionError, match="is a draft"):
        resolve_rubric(path)
    assert resolve_rubric(path, allow_drafts=True).rubric.version == "1.2.0"


def test_library_get_names_the_versions_there_are(rubrics_root: Path) -> None:
    """Asking a library for a version it lacks lists the versions it has."""
    with pytest.raises(NotFoundError, match=r"versions: 1.0.0, 1.1.0, 1.2.0, 2.0.0"):
        load_rubric_library(rubrics_root).get("test-rubric", "9.9.9")


def test_a_library_refuses_the_same_version_in_two_files(rubrics_root: Path) -> None:
    """Two files with the same id and version stop a strict load at the second."""
    write_rubric(rubrics_root, rubric(version="1.2.0"), name="copy.yaml")
    with pytest.raises(InputError, match=r"\[duplicate-version\] rubric test-rubric@1.2.0"):
        load_rubric_library(rubrics_root)


def test_validated_rubric_accepts_a_clean_locked_rubric(
    rubrics_root: Path, clauses: Library
) -> None:
    """A rubric that passes every check resolves as it would without the gate."""
    library = load_rubric_library(rubrics_root)
    assert validated_rubric("test-rubric", clauses, rubrics=library).rubric.version == "1.1.0"


def test_validated_rubric_refuses_structural_problems_naming_file_and_line(
    tmp_path: Path, clauses: Library
) -> None:
    """The first problem becomes one InputError with file, line and YAML path."""
    data = approved()
    data["domains"][0]["weight"] = 50
    data["domains"][0]["criteria"][0]["threshold"] = 7
    path = write_rubric(tmp_path / "loose", data)
    with pytest.raises(InputError) as caught:
        validated_rubric(str(path), clauses)
    error = caught.value
    assert error.location is not None and error.location.file == path
    assert error.location.path == "domains"
    assert "[domain-weights] domain weights sum to 90" in str(error)
    assert "(and 1 more; run `tender rubric lint" in str(error)


def test_validated_rubric_refuses_approved_content_changed_since_locking(
    rubrics_root: Path, clauses: Library
) -> None:
    """Editing an approved rubric after its hash was recorded makes it unusable."""
    path = rubrics_root / "test-rubric-1.1.0.yaml"
    path.write_text(path.read_text().replace("Test rubric", "Edited rubric"))
    library = load_rubric_library(rubrics_root)
    with pytest.raises(InputError, match=r"\[lock-mismatch\] test-rubric@1.1.0 was approved"):
        validated_rubric("test-rubric", clauses, rubrics=library)


def test_a_loose_file_without_a_lock_beside_it_is_checked_for_structure_only(
    tmp_path: Path, clauses: Library
) -> None:
    """A rubric file in a folder without rubrics.lock has no approval to check against."""
    path = write_rubric(tmp_path / "workspace", approved())
    assert validated_rubric(str(path), clauses).rubric.status.value == "approved"


def test_a_loose_file_beside_a_lock_is_checked_against_it(
    rubrics_root: Path, clauses: Library
) -> None:
    """A file reference inside a library folder is held to that folder's lock."""
    path = rubrics_root / "test-rubric-1.1.0.yaml"
    path.write_text(path.read_text().replace("Test rubric", "Edited rubric"))
    with pytest.raises(InputError, match="lock-mismatch"):
        validated_rubric(str(path), clauses)
