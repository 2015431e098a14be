"""Preparing a specification: the rubric a manifest names, and its integrity."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tenderkit.errors import IntegrityError, ResolutionError
from tenderkit.rubrics.library import bundled_rubrics_path
from tenderkit.rubrics.model import rubric_hash
from tenderkit.templates.specification import prepare_specification

from tests.conftest import LibraryFactory
from tests.support.specs import spec_clauses, write_manifest

BUNDLED = bundled_rubrics_path() / "workplace-compassion-1.0.0.yaml"


@pytest.fixture
def library(make_library: LibraryFactory) -> Path:
    return make_library(*spec_clauses())


def test_a_rubric_file_beside_the_manifest_is_published(library: Path, tmp_path: Path) -> None:
    """`rubric: own.yaml` is read relative to the manifest's folder."""
    folder = tmp_path / "tender"
    folder.mkdir()
    (folder / "own.yaml").write_text(
        BUNDLED.read_text().replace(
            "title: Workplace compassion quality evaluation", "title: Our own method"
        )
    )
    manifest = write_manifest(folder / "m.yaml", rubric="own.yaml")
    spec = prepare_specification(manifest, library_dir=library)
    assert spec.method.rubric.title == "Our own method"
    assert (
        spec.properties().rubric == f"workplace-compassion@1.0.0@{rubric_hash(spec.method.rubric)}"
    )


def test_a_draft_rubric_file_needs_allow_drafts(library: Path, tmp_path: Path) -> None:
    """A draft rubric is not published unless the manifest allows drafts."""
    (tmp_path / "draft.yaml").write_text(
        BUNDLED.read_text().replace("status: approved", "status: draft")
    )
    manifest = write_manifest(tmp_path / "m.yaml", rubric="draft.yaml")
    with pytest.raises(ResolutionError) as err:
        prepare_specification(manifest, library_dir=library)
    assert re.match(rf"{re.escape(str(manifest))}:\d+: rubric: .* is draft", str(err.value))
    allowed = write_manifest(tmp_path / "m2.yaml", rubric="draft.yaml", allow_drafts=True)
    assert prepare_specification(allowed, library_dir=library).rubric_status.value == "draft"


def test_a_rubric_edited_after_approval_is_refused(library: Path, tmp_path: Path) -> None:
    """A rubric whose content differs from the hash in rubrics.lock cannot be published."""
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    (rubrics / BUNDLED.name).write_text(
        BUNDLED.read_text().replace("word_limit: 750", "word_limit: 900")
    )
    (rubrics / "rubrics.lock").write_text(
        json.dumps({"format": 1, "approved": {"workplace-compassion@1.0.0": "sha256:" + "0" * 64}})
    )
    manifest = write_manifest(tmp_path / "m.yaml")
    with pytest.raises(IntegrityError) as err:
        prepare_specification(manifest, library_dir=library, rubrics_dir=rubrics)
    assert "rubric: rubric workplace-compassion@1.0.0 no longer matches" in str(err.value)
