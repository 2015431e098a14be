"""The prescriptiveness rule: requirements ask for outcomes, never a named initiative."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tenderkit.clauses.lint import lint_library
from tenderkit.clauses.prescriptive import (
    builtin_terms,
    builtin_terms_path,
    compile_terms,
    find_terms,
    matchers_for,
)
from tests.support.builders import clause, version

MakeLibrary = Callable[..., Path]


def terms_in(text: str, *extra: str) -> list[str]:
    return [hit.term for hit in find_terms(text, matchers_for(extra))]


def prescriptive_rows(root: Path) -> list[tuple[str | None, str]]:
    """Each finding as (YAML path, rule)."""
    return [(f.location.path, f.rule) for f in lint_library(root)]


def test_the_builtin_list_holds_the_guides_case_study_initiatives():
    """The built-in deny list loads and names the guide's schemes, products and apps."""
    assert builtin_terms_path().is_file()
    names = {t.term for t in builtin_terms()}
    assert {"Schwartz Round", "Fab-O-Meter", "tea & biscuits"} <= names


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Staff must attend a Schwartz Round each quarter.", "Schwartz Round"),
        ("Hold monthly schwartz rounds.", "Schwartz Round"),
        ("Record morale with the Fab-O-Meter.", "Fab-O-Meter"),
        ("Record morale with the Fab O Meter.", "Fab-O-Meter"),
        ("Record morale with the FabOMeter app.", "Fab-O-Meter"),
        ("Leaders must hold tea & biscuits sessions.", "tea & biscuits"),
        ("Leaders must hold tea and biscuits sessions.", "tea & biscuits"),
        ("Leaders must hold Tea-and-Biscuits sessions.", "tea & biscuits"),
    ],
)
def test_spelling_variants_of_a_term_match(text: str, term: str):
    """Case, hyphens, spaces, `&`/`and` and a plural do not hide a deny-list term."""
    assert terms_in(text) == [term]


@pytest.mark.parametrize(
    "text",
    [
        "Staff must have regular reflective practice sessions.",
        "The Provider must measure staff morale at least monthly.",
        "Leaders must meet frontline staff informally and listen.",
        "A fabric of support",
        "Schwartzman rounding rules",
    ],
)
def test_outcome_language_is_not_a_hit(text: str):
    """Text that asks for an outcome, or merely contains a term's letters, does not match."""
    assert terms_in(text) == []


def test_an_extra_term_is_matched_like_a_builtin_one():
    """An organisation's own term is matched with the same spelling tolerance."""
    assert terms_in("Join our wellbeing-wednesdays.", "Wellbeing Wednesday") == [
        "Wellbeing Wednesday"
    ]
    assert terms_in("Join our wellbeing-wednesdays.") == []


def test_a_variant_spelling_is_reported_under_its_main_term():
    """A listed variant is matched and reported under its main term, with the text matched."""
    matchers = compile_terms(["Clever Together"])
    hits = find_terms("We use CleverTogether for staff ideas.", matchers)
    assert [(h.term, h.matched) for h in hits] == [("Clever Together", "CleverTogether")]


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        (
            {"text": "The Provider must run a Schwartz Round when {{ months }} staff ask."},
            "versions[0].text",
        ),
        ({"evidence": ["Minutes of each Schwartz Round."]}, "versions[0].evidence[0]"),
        ({"title": "Schwartz Rounds"}, "versions[0].title"),
    ],
)
def test_a_term_in_requirement_text_evidence_or_title_is_a_finding(
    make_library: MakeLibrary, fields: dict[str, Any], path: str
):
    """A deny-list term in the text, evidence or a version title is a `prescriptive` finding."""
    root = make_library(clause("WC-CV-001", version(**fields)))
    findings = lint_library(root)
    assert [(f.location.path, f.rule) for f in findings] == [(path, "prescriptive")]
    assert "'Schwartz Round'" in findings[0].message
    assert "guidance or examples only" in findings[0].message


def test_a_term_in_the_clause_title_is_a_finding(make_library: MakeLibrary):
    """A deny-list term in the clause title is reported once, at the title line."""
    root = make_library(
        clause(
            "WC-CV-001", version("1.0.0", "superseded"), version("1.1.0"), title="Fab-O-Meter use"
        )
    )
    assert prescriptive_rows(root) == [("title", "prescriptive")]


def test_a_term_in_a_parameter_default_or_choice_is_a_finding(make_library: MakeLibrary):
    """A deny-list term offered as a parameter's default or choice is requirement text too."""
    params = {
        "method": {
            "type": "choice",
            "choices": ["survey", "Fab-O-Meter"],
            "default": "survey",
            "description": "How morale is measured.",
        },
        "forum": {"type": "string", "default": "Tea and biscuits", "description": "Forum."},
    }
    text = "Morale is measured by {{ method }} and discussed at {{ forum }}."
    root = make_library(clause("WC-CV-001", version(text=text, parameters=params)))
    assert prescriptive_rows(root) == [
        ("versions[0].parameters.method.choices[1]", "prescriptive"),
        ("versions[0].parameters.forum.default", "prescriptive"),
    ]


def test_a_term_in_guidance_or_examples_is_allowed(make_library: MakeLibrary):
    """Guidance and illustrative examples may name initiatives; they are never requirements."""
    root = make_library(
        clause(
            "WC-CV-001",
            version(
                guidance="Guide section 4.3, case study 9: tea & biscuits sessions with leaders.",
                examples=[
                    "Schwartz Rounds, as in case study 5.",
                    "The Fab O Meter app (case study 8).",
                ],
            ),
        )
    )
    assert lint_library(root) == []


def test_an_organisations_extra_term_is_enforced(make_library: MakeLibrary):
    """A term listed in library.yaml `prescriptive_terms` is a finding in requirement text."""
    text = "Staff must be offered Wellbeing Wednesdays when {{ months }} staff ask."
    root = make_library(
        clause("WC-CV-001", version(text=text)), prescriptive_terms=["Wellbeing Wednesday"]
    )
    findings = lint_library(root)
    assert [(f.location.path, f.rule) for f in findings] == [("versions[0].text", "prescriptive")]
    assert "'Wellbeing Wednesday'" in findings[0].message


def test_an_extra_term_applies_only_to_the_library_that_lists_it(make_library: MakeLibrary):
    """Without the organisation's list, the same wording is not a finding."""
    text = "Staff must be offered Wellbeing Wednesdays when {{ months }} staff ask."
    assert lint_library(make_library(clause("WC-CV-001", version(text=text)))) == []


def test_a_hit_is_reported_with_its_line(make_library: MakeLibrary):
    """The finding names the file and line of the offending text."""
    text = "The Provider must run a Schwartz Round when {{ months }} staff ask."
    root = make_library(clause("WC-CV-001", version(text=text)))
    (finding,) = lint_library(root)
    assert finding.location.file == root / "culture-values" / "WC-CV-001.yaml"
    assert finding.location.line == 10
    assert str(finding).startswith(f"{finding.location.file}:10: versions[0].text: [prescriptive] ")


def test_a_case_sensitive_term_leaves_the_ordinary_word_alone():
    """An acronym marked case-sensitive (TRiM) matches only with its own capitalisation."""
    assert terms_in("Staff must be offered TRiM after a traumatic incident.") == ["TRiM"]
    assert terms_in("The Provider must trim waiting times for occupational health.") == []
