"""The method-fixing rule in rubrics: questions, evidence, anchors and descriptors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tenderkit.clauses.library import Library, load_library
from tenderkit.findings import Finding
from tenderkit.rubrics.checks import check_rubric
from tenderkit.rubrics.library import load_rubric_file
from tenderkit.rubrics.lint import validated_rubric
from tests.support.rubrics import approved, rubric, write_clause_library, write_rubric

HUDDLE = (
    "How do your teams hold a ten-minute meeting every morning where members introduce "
    "themselves and roles are allocated?"
)
EXEMPTION = {
    "rule": "method-case-study",
    "reason": "The question asks how the bidder runs its existing handover, not for one.",
    "reviewed_by": "Evaluation lead",
    "date": "2027-02-01",
}


@pytest.fixture(scope="module")
def clauses(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return load_library(write_clause_library(tmp_path_factory.mktemp("clauses")))


def method_findings(tmp_path: Path, clauses: Library, data: dict[str, Any]) -> list[Finding]:
    loaded = load_rubric_file(write_rubric(tmp_path / "rubrics", data))
    found = check_rubric(loaded, clauses)
    return [f for f in found if f.rule.startswith(("method", "exemption"))]


def test_a_question_describing_a_case_study_is_reported_at_its_line(
    tmp_path: Path, clauses: Library
) -> None:
    """The question is close to case study 10 and fixes a duration and a frequency."""
    data = rubric()
    data["domains"][0]["criteria"][0]["question"] = HUDDLE
    found = method_findings(tmp_path, clauses, data)
    assert [(f.rule, f.location.path) for f in found] == [
        ("method-case-study", "domains[0].criteria[0].question"),
        ("method-fixed-form", "domains[0].criteria[0].question"),
    ]
    assert "case study 10" in found[0].message and found[0].location.line is not None


def test_an_anchor_and_a_scale_descriptor_are_checked(tmp_path: Path, clauses: Library) -> None:
    """A score anchor and a scale point that fix a format are found."""
    data = rubric()
    data["domains"][0]["criteria"][0]["anchors"] = {5: "Thanks are sent through a paper route."}
    data["scales"]["five"]["points"][4]["descriptor"] = "Support is given face-to-face."
    paths = {f.location.path for f in method_findings(tmp_path, clauses, data)}
    assert paths == {"domains[0].criteria[0].anchors[5]", "scales.five.points[4].descriptor"}


def test_a_criterion_exemption_is_reported_and_does_not_fail(
    tmp_path: Path, clauses: Library
) -> None:
    """The exempted finding keeps its place in the list, marked with the review."""
    data = rubric()
    criterion = data["domains"][0]["criteria"][0]
    criterion.update(question=HUDDLE, lint_exemptions=[EXEMPTION])
    found = method_findings(tmp_path, clauses, data)
    assert [(f.rule, f.blocking) for f in found] == [
        ("method-case-study", False),
        ("method-fixed-form", True),
    ]
    assert "exempted by Evaluation lead on 2027-02-01" in str(found[0])


def test_a_published_rubric_in_use_is_not_refused_for_its_wording(
    tmp_path: Path, clauses: Library
) -> None:
    """Workbooks for a tender pinned to a rubric still issue when the wording rules tighten."""
    data = approved()
    data["domains"][0]["criteria"][0]["question"] = HUDDLE
    path = write_rubric(tmp_path / "rubrics", data)
    assert validated_rubric(str(path), clauses).rubric.ref == "test-rubric@1.0.0"
