"""Preparing a specification: the rubric a manifest names goes through the strict rubric gate."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tenderkit.errors import InputError, ResolutionError, TenderkitError
from tenderkit.rubrics.model import rubric_hash
from tenderkit.workspace.specification import prepare_specification
from tests.conftest import LibraryFactory
from tests.support.builders import write_yaml
from tests.support.rubrics import approved, rubric
from tests.support.specs import spec_clauses, write_manifest


@pytest.fixture
def library(make_library: LibraryFactory) -> Path:
    return make_library(*spec_clauses())


def test_a_rubric_file_beside_the_manifest_is_published(library: Path, tmp_path: Path) -> None:
    """`rubric: own.yaml` is read relative to the manifest's folder, and recorded with its hash."""
    folder = tmp_path / "tender"
    write_yaml(folder / "own.yaml", approved(title="Our own method"))
    manifest = write_manifest(folder / "m.yaml", rubric="own.yaml")
    spec = prepare_specification(manifest, library_dir=library)
    assert spec.method.rubric.title == "Our own method"
    assert spec.properties().rubric == f"test-rubric@1.0.0@{rubric_hash(spec.method.rubric)}"


def test_a_missing_rubric_file_is_named_against_the_manifest(library: Path, tmp_path: Path) -> None:
    """A rubric path that does not exist is reported at the manifest's `rubric` line."""
    manifest = write_manifest(tmp_path / "m.yaml", rubric="elsewhere/r.yaml")
    with pytest.raises(InputError) as err:
        prepare_specification(manifest, library_dir=library)
    assert re.match(
        rf"{re.escape(str(manifest))}:\d+: rubric: rubric file .*r\.yaml not found", str(err.value)
    )


def test_a_rubric_path_that_is_a_folder_says_so(library: Path, tmp_path: Path) -> None:
    """A rubric path naming a folder is reported as a folder, not as missing."""
    (tmp_path / "r.yaml").mkdir()
    manifest = write_manifest(tmp_path / "m.yaml", rubric="r.yaml")
    with pytest.raises(InputError, match=r"rubric: rubric file .*r\.yaml is a folder, not a file"):
        prepare_specification(manifest, library_dir=library)


def test_a_draft_rubric_needs_allow_drafts(library: Path, tmp_path: Path) -> None:
    """A draft rubric is not published unless the manifest allows drafts; the hint says how."""
    write_yaml(tmp_path / "draft.yaml", rubric())
    manifest = write_manifest(tmp_path / "m.yaml", rubric="draft.yaml")
    with pytest.raises(ResolutionError) as err:
        prepare_specification(manifest, library_dir=library)
    assert "test-rubric@1.0.0 is a draft" in str(err.value)
    assert "allow_drafts: true" in str(err.value)
    allowed = write_manifest(tmp_path / "m2.yaml", rubric="draft.yaml", allow_drafts=True)
    assert prepare_specification(allowed, library_dir=library).rubric_status.value == "draft"


def test_a_rubric_edited_after_approval_is_refused(library: Path, tmp_path: Path) -> None:
    """A rubric whose content differs from the hash in its folder's rubrics.lock is refused."""
    folder = tmp_path / "rubrics"
    write_yaml(folder / "r.yaml", approved())
    (folder / "rubrics.lock").write_text(
        json.dumps({"format": 1, "approved": {"test-rubric@1.0.0": "sha256:" + "0" * 64}})
    )
    manifest = write_manifest(tmp_path / "m.yaml", rubric="rubrics/r.yaml")
    with pytest.raises(InputError) as err:
        prepare_specification(manifest, library_dir=library)
    assert str(err.value).startswith(f"{folder / 'r.yaml'}:")
    assert "[lock-mismatch]" in str(err.value)


def test_a_rubric_assessing_clauses_the_library_lacks_is_refused(
    library: Path, tmp_path: Path
) -> None:
    """The bundled rubric names clauses the small test library does not have: not publishable."""
    manifest = write_manifest(tmp_path / "m.yaml", rubric="workplace-compassion@1.0.0")
    with pytest.raises(InputError) as err:
        prepare_specification(manifest, library_dir=library)
    assert "workplace-compassion-1.0.0.yaml" in str(err.value)
    assert "run `tender rubric lint" in str(err.value)


def test_an_unknown_rubric_id_is_named_against_the_manifest(library: Path, tmp_path: Path) -> None:
    """An id the rubric library does not have is reported at the manifest's `rubric` line."""
    manifest = write_manifest(tmp_path / "m.yaml", rubric="no-such-rubric@1")
    with pytest.raises(TenderkitError) as err:
        prepare_specification(manifest, library_dir=library)
    assert re.match(rf"{re.escape(str(manifest))}:\d+: rubric: unknown rubric", str(err.value))
