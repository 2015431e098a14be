"""Score anchors, threshold reasons and the lifecycle of a rubric past authoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderkit.clauses.library import Library, load_library
from tenderkit.errors import InputError
from tenderkit.rubrics.checks import check_rubric
from tenderkit.rubrics.library import load_rubric_file
from tenderkit.rubrics.model import rubric_hash
from tests.support.rubrics import approved, rubric, write_clause_library, write_rubric

HUDDLE = (
    "How do your teams hold a ten-minute meeting every morning where members introduce "
    "themselves and roles are allocated?"
)


@pytest.fixture(scope="module")
def clauses(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return load_library(write_clause_library(tmp_path_factory.mktemp("clauses")))


def test_an_anchor_for_a_score_off_the_scale_is_reported(tmp_path: Path, clauses: Library):
    """An anchor for 7 on a 0–5 scale is an `anchor-off-scale` finding; 3 and 5 are fine."""
    data = rubric()
    data["domains"][0]["criteria"][0]["anchors"] = {3: "Meets it.", 5: "Exceeds it.", 7: "?"}
    loaded = load_rubric_file(write_rubric(tmp_path, data))
    found = [f for f in check_rubric(loaded, clauses) if f.rule == "anchor-off-scale"]
    assert [f.message for f in found] == [
        "criterion CV1 describes score 7, which is not on scale five (0–5)"
    ]


def test_new_fields_left_unset_keep_a_rubric_s_hash(tmp_path: Path):
    """A rubric without anchors, reasons, PSR mapping or best-fit rule hashes as before."""
    plain = load_rubric_file(write_rubric(tmp_path / "a", approved())).rubric
    explicit = approved()
    explicit["best_fit"] = None
    explicit["domains"][0]["criteria"][0].update(
        anchors=None, threshold_reason=None, psr_criteria=None
    )
    same = load_rubric_file(write_rubric(tmp_path / "b", explicit)).rubric
    assert rubric_hash(plain) == rubric_hash(same)
    anchored = approved()
    anchored["domains"][0]["criteria"][0]["anchors"] = {3: "Meets it."}
    assert rubric_hash(load_rubric_file(write_rubric(tmp_path / "c", anchored)).rubric) != (
        rubric_hash(plain)
    )


def test_an_unknown_psr_key_criterion_is_refused(tmp_path: Path):
    """psr_criteria takes only the regime's five key criteria."""
    data = rubric()
    data["domains"][0]["criteria"][0]["psr_criteria"] = ["cheapest"]
    with pytest.raises(InputError, match="psr_criteria"):
        load_rubric_file(write_rubric(tmp_path, data))


def test_a_superseded_rubric_is_not_held_to_authoring_rules(tmp_path: Path, clauses: Library):
    """Wording rules added after publication do not fail a superseded rubric kept for pins."""
    data = approved(status="superseded")
    data["domains"][0]["criteria"][0]["question"] = HUDDLE
    loaded = load_rubric_file(write_rubric(tmp_path, data))
    assert [f.rule for f in check_rubric(loaded, clauses) if f.rule.startswith("method")] == []
    data["status"] = "approved"
    again = load_rubric_file(write_rubric(tmp_path / "current", data))
    assert any(f.rule.startswith("method") for f in check_rubric(again, clauses))
