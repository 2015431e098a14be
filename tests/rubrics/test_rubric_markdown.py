"""The Markdown rendering of a rubric that the demo writes beside the clause catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderkit.clauses.library import Library, load_library
from tenderkit.rubrics.library import load_rubric_file
from tenderkit.rubrics.markdown import rubric_markdown
from tenderkit.rubrics.model import Rubric, rubric_hash
from tests.support.rubrics import approved, write_clause_library, write_rubric


@pytest.fixture(scope="module")
def clauses(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return load_library(write_clause_library(tmp_path_factory.mktemp("clauses")))


@pytest.fixture
def rubric(tmp_path: Path) -> Rubric:
    data = approved(description="A method | with a pipe.")
    return load_rubric_file(write_rubric(tmp_path, data)).rubric


def test_the_weightings_table_lists_every_criterion_with_its_effective_weight(
    rubric: Rubric, clauses: Library
) -> None:
    """One row per criterion: domain weight, criterion weight, effective weight, minimum."""
    text = rubric_markdown(rubric, clauses)
    assert "| Culture and values | 60% | CV1 Criterion CV1 | 70% | 42% | 2 (Weak) |" in text
    assert "|  |  | CV2 Criterion CV2 | 30% | 18% | – |" in text
    assert "|  |  | LM2 Criterion LM2 | 50% | 20% | 30 |" in text
    assert "| **Total** | | | | **100%** | |" in text


def test_the_heading_carries_reference_status_approval_and_hash(
    rubric: Rubric, clauses: Library
) -> None:
    """A reader can tell exactly which published rubric they hold."""
    text = rubric_markdown(rubric, clauses)
    assert text.startswith("# Test rubric\n")
    assert "`test-rubric@1.0.0` · approved · effective 1 January 2026" in text
    assert f"Content hash: `{rubric_hash(rubric)}`" in text


def test_scales_are_rendered_with_their_descriptors_or_guidance(
    rubric: Rubric, clauses: Library
) -> None:
    """Named points become a table; a points range shows how to place a score."""
    text = rubric_markdown(rubric, clauses)
    assert "| 5 | Excellent | Evidence that is excellent. |" in text
    assert "Scale `five`, used unless a criterion says otherwise: 0 to 5, whole points." in text
    assert "Scale `sixty`, used where a criterion says: 0 to 60, whole points." in text
    assert "Marks out of 60." in text


def test_each_criterion_shows_its_question_evidence_and_clauses(
    rubric: Rubric, clauses: Library
) -> None:
    """Clause ids are given with their titles when the clause library is at hand."""
    text = rubric_markdown(rubric, clauses)
    assert "### CV1 Criterion CV1" in text
    assert (
        "*Weight 70% of the domain, 42% of the rubric · scored 0–5 · "
        "minimum score 2 (Weak) · word limit 500*"
    ) in text
    assert "**Question.** How do staff of all grades shape" in text
    assert "**Clauses assessed:** WC-CV-001 Wellbeing reviews" in text


def test_without_a_clause_library_ids_stand_in_for_titles(rubric: Rubric) -> None:
    """The rendering needs no clause library; domains and clauses then show as ids."""
    text = rubric_markdown(rubric)
    assert "## culture-values (60%)" in text
    assert "**Clauses assessed:** WC-CV-001\n" in text


def test_text_is_made_safe_for_markdown_tables(rubric: Rubric, clauses: Library) -> None:
    """A pipe in the rubric's text is escaped so it cannot break a table."""
    assert "A method \\| with a pipe." in rubric_markdown(rubric, clauses)


def test_the_same_rubric_renders_the_same_text(rubric: Rubric, clauses: Library) -> None:
    """No clock, no ordering by chance: the rendering is reproducible."""
    assert rubric_markdown(rubric, clauses) == rubric_markdown(rubric, clauses)


def test_anchors_threshold_reasons_psr_criteria_and_the_best_fit_rule_are_published(
    tmp_path: Path,
) -> None:
    """The readable rubric carries every text a bidder needs to see how a score is chosen."""
    data = approved(best_fit="Choose the score whose description best fits the evidence.")
    data["domains"][0]["criteria"][0].update(
        anchors={3: "Staff in most groups say so.", 5: "Every group says so."},
        threshold_reason="Below Weak there is no evidence at all.",
        psr_criteria=["quality-and-innovation", "access-inequalities-choice"],
    )
    rubric = load_rubric_file(write_rubric(tmp_path, data)).rubric
    text = rubric_markdown(rubric)
    assert "## Mixed evidence: the best-fit rule" in text
    assert "Choose the score whose description best fits the evidence." in text
    assert "**What a 3 (Satisfactory) looks like.** Staff in most groups say so." in text
    assert "**What a 5 (Excellent) looks like.** Every group says so." in text
    assert "**Why the minimum score.** Below Weak there is no evidence at all." in text
    assert (
        "**Provider Selection Regime key criteria served:** quality and innovation, "
        "improving access, reducing health inequalities and facilitating choice"
    ) in text
