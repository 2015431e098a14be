"""Breaking, additive or editorial: classification of clause changes and the lint on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tenderkit.clauses.changes.clause_diff import diff_clause
from tenderkit.clauses.changes.severity import (
    Bump,
    Severity,
    bump_between,
    classify,
    is_editorial_edit,
    required_bump,
)
from tenderkit.clauses.lint import lint_library
from tenderkit.clauses.model import Clause
from tenderkit.clauses.resolve import ResolvedClause
from tenderkit.semver import Version
from tests.conftest import LibraryFactory, clause, version

TEXT = "The Provider must review staff wellbeing every {{ months }} months."
MONTHS = {"type": "integer", "default": 6, "min": 1, "max": 12, "description": "Interval."}


@pytest.fixture(autouse=True)
def _without_the_deny_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep these lint runs about version numbers only: no prescriptive-term data needed."""
    monkeypatch.setattr("tenderkit.clauses.lint.matchers_for", lambda extra=(): [])


def severity(old: dict[str, Any], new: dict[str, Any]) -> Severity:
    model = Clause.model_validate(clause("WC-CV-001", old, new))
    a, b = ResolvedClause(model, model.versions[0]), ResolvedClause(model, model.versions[1])
    return classify(diff_clause(a, b), a, b).severity


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("staff, managers", "staff; managers"),
        ("staff  must review", "staff must\nreview"),
        ("the provider must", "The Provider must"),
        ("must recieve and acknowlege", "must receive and acknowledge"),
        ("organisation", "organization"),
        ("staff wellbeing", "staff well-being"),
    ],
)
def test_punctuation_whitespace_case_and_spelling_fixes_are_editorial(old: str, new: str) -> None:
    """Edits that leave every word's meaning alone are typo-level."""
    assert is_editorial_edit(old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("staff must review", "staff should review"),
        ("staff must review", "staff must not review"),
        ("every 6 months", "every 8 months"),
        ("the least", "the last"),
        ("review values", "review policies"),
        ("every {{ months }} months", "every {{ weeks }} months"),
        ("Staff are heard.", "Staff are heard. Leaders act."),
    ],
)
def test_changed_words_numbers_and_meaningful_letters_are_material(old: str, new: str) -> None:
    """A different word, number, placeholder or an added sentence changes the meaning."""
    assert not is_editorial_edit(old, new)


def test_an_obligation_change_is_breaking() -> None:
    """Strengthening should -> must is breaking."""
    assert severity(version("1.0.0", obligation="should"), version("2.0.0")) is Severity.BREAKING


def test_a_removed_evidence_item_is_breaking_and_an_added_one_additive() -> None:
    """Dropping evidence breaks what was asked; asking for more is additive."""
    two = ["The latest wellbeing review.", "Minutes of the staff forum."]
    assert severity(version("1.0.0", evidence=two), version("2.0.0")) is Severity.BREAKING
    assert severity(version("1.0.0"), version("1.1.0", evidence=two)) is Severity.ADDITIVE


def test_a_new_optional_parameter_that_reads_the_same_by_default_is_additive() -> None:
    """Turning a fixed number into a placeholder whose default is that number is additive."""
    old = version("1.0.0", text="Staff meet every 6 months.", parameters={})
    new = version(
        "1.1.0", text="Staff meet every {{ months }} months.", parameters={"months": MONTHS}
    )
    assert severity(old, new) is Severity.ADDITIVE


def test_a_new_required_parameter_is_breaking() -> None:
    """A parameter without a default must be given by every user, so it breaks them."""
    required = {"type": "string", "description": "Who."}
    old = version("1.0.0", text=TEXT)
    new = version("2.0.0", text=TEXT + " {{ who }}", parameters={"months": MONTHS, "who": required})
    assert severity(old, new) is Severity.BREAKING


def test_a_removed_or_retyped_parameter_is_breaking() -> None:
    """Removing a parameter or changing its type breaks the values users already give."""
    assert (
        severity(
            version("1.0.0"), version("2.0.0", parameters={"months": {**MONTHS, "type": "number"}})
        )
        is Severity.BREAKING
    )


def test_guidance_examples_and_a_typo_fix_are_editorial() -> None:
    """Non-contractual text and a spelling fix need only a patch release."""
    new = version("1.0.1", text=TEXT.replace("wellbeing", "well-being"), guidance="See 2.3.")
    assert severity(version("1.0.0", text=TEXT), new) is Severity.EDITORIAL


def test_a_status_change_alone_is_no_content_change() -> None:
    """The same content under another status changes nothing a provider reads."""
    assert severity(version("1.0.0", status="superseded"), version("1.0.1")) is Severity.NONE


def test_releases_needed_follow_semantic_versioning() -> None:
    """Breaking needs major, additive minor, editorial patch; 0.x breaking needs minor."""
    one = Version(1, 2, 3)
    assert required_bump(Severity.BREAKING, one) is Bump.MAJOR
    assert required_bump(Severity.ADDITIVE, one) is Bump.MINOR
    assert required_bump(Severity.EDITORIAL, one) is Bump.PATCH
    assert required_bump(Severity.BREAKING, Version(0, 3, 0)) is Bump.MINOR
    assert bump_between(one, Version(1, 2, 4)) is Bump.PATCH
    assert bump_between(one, Version(2, 0, 0)) is Bump.MAJOR


def test_lint_reports_an_obligation_change_shipped_as_a_patch(
    make_library: LibraryFactory,
) -> None:
    """A must -> should change released as 1.0.1 is a semver-bump finding on that version."""
    root = make_library(
        clause(
            "WC-CV-001",
            version("1.0.0", status="superseded"),
            version("1.0.1", obligation="should"),
        )
    )
    findings = [f for f in lint_library(root) if f.rule == "semver-bump"]
    assert len(findings) == 1
    assert str(findings[0]).startswith(f"{root / 'culture-values' / 'WC-CV-001.yaml'}:")
    assert findings[0].location.path == "versions[1].version"
    assert "WC-CV-001@1.0.1 is a patch release after 1.0.0" in findings[0].message
    assert "breaking (obligation weakened: must → should)" in findings[0].message
    assert "release it as 2.0.0 or later" in findings[0].message


def test_lint_reports_an_added_evidence_item_shipped_as_a_patch(
    make_library: LibraryFactory,
) -> None:
    """An additive change needs at least a minor release."""
    more = ["The latest wellbeing review.", "A case study written with staff."]
    root = make_library(
        clause(
            "WC-CV-001",
            version("1.0.0", status="superseded"),
            version("1.0.1", status="draft", evidence=more),
        )
    )
    findings = [f for f in lint_library(root) if f.rule == "semver-bump"]
    assert [f.message.split(" (")[0] for f in findings] == [
        "WC-CV-001@1.0.1 is a patch release after 1.0.0 but its changes are additive"
    ]


def test_lint_accepts_version_numbers_that_match_their_changes(
    make_library: LibraryFactory, tmp_path: Path
) -> None:
    """A major release for a breaking change and a patch for a typo give no finding."""
    root = make_library(
        clause(
            "WC-CV-001",
            version("1.0.0", status="superseded", obligation="should"),
            version("2.0.0", status="superseded"),
            version("2.0.1", guidance="Non-contractual note."),
        )
    )
    assert [f for f in lint_library(root) if f.rule == "semver-bump"] == []


def test_a_withdrawn_version_is_corrected_by_republishing_under_the_right_number(
    make_library: LibraryFactory,
) -> None:
    """Withdrawing a mis-numbered 1.0.1 and publishing 2.0.0 clears the finding."""
    root = make_library(
        clause(
            "WC-CV-001",
            version("1.0.0", status="superseded"),
            version("1.0.1", status="withdrawn", obligation="should"),
            version("2.0.0", obligation="should"),
        )
    )
    assert [f for f in lint_library(root) if f.rule == "semver-bump"] == []


def test_the_bundled_library_has_no_semver_bump_finding() -> None:
    """The shipped clause histories number their versions correctly."""
    from tenderkit.clauses.library import bundled_library_path

    assert [f for f in lint_library(bundled_library_path()) if f.rule == "semver-bump"] == []
