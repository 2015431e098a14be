"""Each rubric check, with a fixture that fails it and the clean rubric that passes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tenderkit.clauses.library import Library, load_library
from tenderkit.findings import Finding
from tenderkit.rubrics.checks import check_rubric, check_structure
from tenderkit.rubrics.library import load_rubric_file
from tests.support.builders import LibraryFactory
from tests.support.rubrics import approved, rubric, write_clause_library, write_rubric

Check = Callable[[dict[str, Any]], list[Finding]]


@pytest.fixture(scope="module")
def clauses(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return load_library(write_clause_library(tmp_path_factory.mktemp("clauses")))


@pytest.fixture
def check(tmp_path: Path, clauses: Library) -> Check:
    def run(data: dict[str, Any]) -> list[Finding]:
        return check_rubric(load_rubric_file(write_rubric(tmp_path / "rubrics", data)), clauses)

    return run


def line_text(finding: Finding) -> str:
    """The line of the rubric file a finding points at."""
    assert finding.location.file is not None and finding.location.line is not None
    return Path(finding.location.file).read_text().splitlines()[finding.location.line - 1]


def only(findings: list[Finding], rule: str) -> Finding:
    """The single finding, asserting it is of the given rule."""
    assert [f.rule for f in findings] == [rule], [str(f) for f in findings]
    return findings[0]


def test_a_valid_draft_rubric_has_no_findings(check: Check) -> None:
    """The test rubric, valid in every respect, passes every check."""
    assert check(rubric()) == []


def test_a_valid_approved_rubric_has_no_findings(check: Check) -> None:
    """An approved rubric with its approval record passes every check."""
    assert check(approved()) == []


def test_domain_weights_summing_to_90_are_reported_at_the_domains(check: Check) -> None:
    """Domain weights of 50 and 40 give one domain-weights finding naming the total."""
    data = rubric()
    data["domains"][0]["weight"] = 50
    finding = only(check(data), "domain-weights")
    assert "sum to 90, not 100" in finding.message
    assert "culture-values 50" in finding.message
    assert finding.location.path == "domains"
    assert line_text(finding).startswith("domains:")


@pytest.mark.parametrize(("first", "second"), [(59.995, 40), (33.33, 66.67), (60.01, 40)])
def test_domain_weights_within_the_rounding_tolerance_pass(
    check: Check, first: float, second: float
) -> None:
    """Rounded figures that miss 100 by at most 0.01 are accepted."""
    data = rubric()
    data["domains"][0]["weight"] = first
    data["domains"][1]["weight"] = second
    assert check(data) == []


def test_domain_weights_beyond_the_tolerance_fail(check: Check) -> None:
    """Weights summing to 99.98 are reported: the tolerance is 0.01."""
    data = rubric()
    data["domains"][0]["weight"] = 59.98
    assert "sum to 99.98" in only(check(data), "domain-weights").message


def test_criterion_weights_are_checked_per_domain(check: Check) -> None:
    """Criterion weights of 50 and 40 in the second domain are reported at its criteria."""
    data = rubric()
    data["domains"][1]["criteria"][1]["weight"] = 40
    finding = only(check(data), "criterion-weights")
    assert finding.location.path == "domains[1].criteria"
    assert "domain leadership-management sum to 90" in finding.message
    assert "LM2 40" in finding.message


def test_a_duplicate_domain_is_reported_at_its_second_entry(check: Check) -> None:
    """The same domain listed twice is a duplicate-id finding on the second one."""
    data = rubric()
    data["domains"][1]["id"] = "culture-values"
    findings = [f for f in check(data) if f.rule == "duplicate-id"]
    assert len(findings) == 1
    assert findings[0].location.path == "domains[1].id"
    assert "domain culture-values is listed twice" in findings[0].message


def test_a_duplicate_criterion_id_is_reported_even_in_another_domain(check: Check) -> None:
    """Criterion ids must be unique across the rubric, not only within a domain."""
    data = rubric()
    data["domains"][1]["criteria"][0]["id"] = "CV1"
    finding = only(check(data), "duplicate-id")
    assert finding.location.path == "domains[1].criteria[0].id"
    assert "criterion id CV1 is already used" in finding.message


def test_criterion_ids_differing_only_in_case_are_duplicates(check: Check) -> None:
    """cv1 and CV1 would be one Excel defined name, so they count as the same id."""
    data = rubric()
    data["domains"][0]["criteria"][1]["id"] = "cv1"
    finding = only(check(data), "duplicate-id")
    assert "as CV1, ignoring case" in finding.message


def test_an_undefined_rubric_scale_is_reported_at_scale(check: Check) -> None:
    """A rubric scale that names no entry under scales is reported with what is defined."""
    finding = only(check(rubric(scale="seven")), "scale-undefined")
    assert finding.location.path == "scale"
    assert "'seven' is not defined" in finding.message
    assert "five, sixty" in finding.message


def test_an_undefined_criterion_scale_is_reported_at_the_criterion(check: Check) -> None:
    """A criterion overriding the scale with an undefined one is reported where it says so."""
    data = rubric()
    data["domains"][0]["criteria"][1]["scale"] = "ten"
    finding = only(check(data), "scale-undefined")
    assert finding.location.path == "domains[0].criteria[1].scale"
    assert "criterion CV2 uses scale 'ten'" in finding.message


def test_a_threshold_of_7_on_a_0_to_5_scale_is_outside_the_scale(check: Check) -> None:
    """The threshold finding names the criterion, the scale and its range."""
    data = rubric()
    data["domains"][0]["criteria"][0]["threshold"] = 7
    finding = only(check(data), "threshold")
    assert finding.location.path == "domains[0].criteria[0].threshold"
    assert "CV1: threshold 7 is outside the scale (0–5) on scale five" in finding.message
    assert "threshold" in line_text(finding)


def test_a_threshold_above_a_criterion_range_scale_is_reported(check: Check) -> None:
    """A criterion on the 0–60 range scale cannot have a threshold of 61."""
    data = rubric()
    data["domains"][1]["criteria"][1]["threshold"] = 61
    assert "outside the scale (0–60)" in only(check(data), "threshold").message


def test_a_half_point_threshold_needs_a_scale_with_half_points(check: Check) -> None:
    """2.5 is not a score evaluators can give on a whole-point scale."""
    data = rubric()
    data["domains"][0]["criteria"][0]["threshold"] = 2.5
    assert "not a score evaluators can give" in only(check(data), "threshold").message
    data["scales"]["five"]["half_points"] = True
    assert check(data) == []


@pytest.mark.parametrize("missing", ["approver", "effective"])
def test_an_approved_rubric_needs_its_approval_record(check: Check, missing: str) -> None:
    """An approved rubric without approver or effective date is an approval-record finding."""
    data = approved()
    del data[missing]
    finding = only(check(data), "approval-record")
    assert f"needs {missing}" in finding.message
    assert finding.location.path == "status"


def test_an_empty_approver_is_reported_where_it_is_written(check: Check) -> None:
    """An approver written but blank is reported at the approver line."""
    finding = only(check(approved(approver="")), "approval-record")
    assert finding.location.path == "approver"


def test_a_domain_outside_the_taxonomy_is_unknown(check: Check) -> None:
    """A domain id the clause library's taxonomy lacks is reported with the known ones."""
    data = rubric()
    data["domains"][1]["id"] = "actions-activities"
    finding = only(check(data), "domain-unknown")
    assert finding.location.path == "domains[1].id"
    assert "culture-values, leadership-management" in finding.message


def test_a_criterion_pointing_at_a_nonexistent_clause_is_reported(check: Check) -> None:
    """A clause id missing from the library is reported at that list item."""
    data = rubric()
    data["domains"][0]["criteria"][1]["clauses"] = ["WC-CV-001", "WC-CV-404"]
    finding = only(check(data), "clause-unknown")
    assert finding.location.path == "domains[0].criteria[1].clauses[1]"
    assert "criterion CV2 assesses clause WC-CV-404" in finding.message


def test_a_criterion_pointing_at_a_draft_only_clause_is_reported(check: Check) -> None:
    """A clause that exists only as a draft cannot be assessed by a published rubric."""
    data = rubric()
    data["domains"][0]["criteria"][1]["clauses"] = ["WC-CV-002"]
    finding = only(check(data), "clause-not-approved")
    assert "no approved version (1.0.0 draft)" in finding.message


@pytest.mark.parametrize("field", ["title", "question", "evidence"])
def test_a_criterion_naming_an_initiative_is_prescriptive(check: Check, field: str) -> None:
    """A criterion's title, question or evidence may not name a case-study initiative."""
    data = rubric()
    data["domains"][0]["criteria"][0][field] = "How often do you run Schwartz Rounds?"
    finding = only(check(data), "prescriptive")
    assert finding.location.path == f"domains[0].criteria[0].{field}"
    assert f"criterion CV1 {field}" in finding.message
    assert "'Schwartz Round'" in finding.message


def test_a_scale_descriptor_naming_an_initiative_is_prescriptive(check: Check) -> None:
    """Scoring descriptors follow the same rule: a score cannot depend on a named product."""
    data = rubric()
    data["scales"]["five"]["points"][5]["descriptor"] = "Uses the Fab-O-Meter to act on morale."
    finding = only(check(data), "prescriptive")
    assert finding.location.path == "scales.five.points[5].descriptor"


def test_range_scale_guidance_naming_an_initiative_is_prescriptive(check: Check) -> None:
    """Guidance for placing a score in a points range is scored text too."""
    data = rubric()
    data["scales"]["sixty"]["guidance"] = "Full marks for an Emergency Call Safety Huddle."
    assert only(check(data), "prescriptive").location.path == "scales.sixty.guidance"


def test_the_library_can_extend_the_deny_list(make_library: LibraryFactory, tmp_path: Path) -> None:
    """An organisation's own prescriptive_terms in library.yaml apply to rubrics."""
    from tests.support.builders import clause

    root = make_library(
        clause("WC-CV-001"),
        clause("WC-LM-001", domain="leadership-management"),
        name="org",
        prescriptive_terms=["Kindness Cafe"],
    )
    data = rubric()
    data["domains"][0]["criteria"][1]["question"] = "Describe your Kindness Cafes."
    loaded = load_rubric_file(write_rubric(tmp_path / "r", data))
    findings = check_rubric(loaded, load_library(root))
    assert [f.rule for f in findings] == ["prescriptive"]


def test_outcome_language_is_not_prescriptive(check: Check) -> None:
    """Asking for peer support and safe spaces in general terms is allowed."""
    data = rubric()
    data["domains"][0]["criteria"][1]["question"] = (
        "What peer support and safe spaces to talk after incidents do staff have?"
    )
    assert check(data) == []


def test_structure_checks_need_no_clause_library(tmp_path: Path) -> None:
    """check_structure reports structure only: an unknown domain is not its business."""
    data = rubric()
    data["domains"][1]["id"] = "somewhere-else"
    data["domains"][0]["weight"] = 50
    loaded = load_rubric_file(write_rubric(tmp_path, data))
    assert [f.rule for f in check_structure(loaded)] == ["domain-weights"]


def test_every_problem_is_reported_not_only_the_first(check: Check) -> None:
    """A rubric with several problems gets one finding each, sorted by line."""
    data = rubric(scale="seven")
    data["domains"][0]["weight"] = 10
    data["domains"][0]["criteria"][1]["clauses"] = ["WC-XX-999"]
    findings = check(data)
    assert sorted(f.rule for f in findings) == [
        "clause-unknown",
        "domain-weights",
        "scale-undefined",
    ]
    lines = [f.location.line or 0 for f in findings]
    assert lines == sorted(lines)
