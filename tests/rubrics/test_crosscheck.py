"""Cross-checks between clauses and the rubric: word limits, unused criteria, obligations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx

from tenderkit.clauses.library import load_library
from tenderkit.clauses.model import OBLIGATIONS, ClauseVersion
from tenderkit.rubrics.checks import check_rubric
from tenderkit.rubrics.crosscheck import (
    clause_word_limit,
    criteria_assessing_nothing,
    undefined_obligations,
    word_limit_mismatches,
)
from tenderkit.rubrics.library import load_rubric_file
from tenderkit.rubrics.model import Rubric
from tenderkit.templates.word.spec_docx import OBLIGATION_MEANING, render_specification
from tenderkit.workspace.specification import prepare_specification
from tests.support.builders import LibraryFactory, clause, version
from tests.support.rubrics import rubric, write_rubric
from tests.support.specs import SERVICE, spec_clauses, write_manifest

WORDS = {
    "type": "integer",
    "default": 750,
    "min": 100,
    "max": 2000,
    "unit": "words",
    "description": "Longest response.",
}


def answer_version(**fields: Any) -> ClauseVersion:
    body = version(
        text="The Bidder must show how leaders listen, in no more than {{ words }} words.",
        parameters={"words": WORDS},
    )
    body.update(fields)
    return ClauseVersion.model_validate(body)


def test_a_clause_word_limit_is_its_words_parameter_or_the_figure_in_its_text():
    """The limit comes from a parameter in words (its value, else its default), else the text."""
    assert clause_word_limit(answer_version()) == 750
    assert clause_word_limit(answer_version(), {"words": 500}) == 500
    written = answer_version(text="The response must not exceed 1,000 words.", parameters={})
    assert clause_word_limit(written) == 1000
    assert clause_word_limit(answer_version(text="Staff are heard.", parameters={})) is None


def sample_rubric(**criterion_fields: Any) -> Rubric:
    data = rubric()
    data["domains"][0]["criteria"][0].update(criterion_fields)
    return Rubric.model_validate(data)


def test_a_criterion_whose_word_limit_differs_from_its_clause_is_a_mismatch():
    """CV1 allows 500 words while WC-CV-001 asks for 750: reported with both figures."""
    (mismatch,) = word_limit_mismatches(sample_rubric(), {"WC-CV-001": 750})
    assert mismatch.criterion.id == "CV1"
    assert "allows 500 words but clause WC-CV-001 asks for a response of at most 750" in (
        mismatch.message()
    )
    assert word_limit_mismatches(sample_rubric(), {"WC-CV-001": 500}) == []
    assert word_limit_mismatches(sample_rubric(), {"WC-CV-001": None}) == []


def test_a_clause_limit_under_a_criterion_without_one_is_a_mismatch():
    """Bidders would be given a limit by the clause and none by the criterion."""
    (mismatch,) = word_limit_mismatches(sample_rubric(word_limit=None), {"WC-CV-001": 750})
    assert "sets no word limit" in mismatch.message()


def test_criteria_none_of_whose_clauses_are_chosen_are_found():
    """LM1 assesses WC-LM-001; a specification without it leaves LM1 nothing to assess."""
    r = sample_rubric()
    assert [c.id for c in criteria_assessing_nothing(r, ["WC-CV-001"])] == ["LM1"]
    assert criteria_assessing_nothing(r, ["WC-CV-001", "WC-LM-001"]) == []


def test_an_obligation_word_without_a_definition_is_found():
    """Each word used once, in order of first use; case does not matter."""
    assert undefined_obligations(["must", "shall", "MUST", "shall"], ["Must", "may"]) == ["shall"]


def test_the_rubric_lint_reports_a_word_limit_that_disagrees_with_the_clause(
    make_library: LibraryFactory, tmp_path: Path
) -> None:
    """The finding points at the criterion's word_limit line."""
    root = make_library(
        clause(
            "WC-CV-001",
            version(text="Show how leaders listen, in at most {{ words }} words.",
                    parameters={"words": WORDS}),
        ),
        clause("WC-LM-001", domain="leadership-management"),
    )  # fmt: skip
    loaded = load_rubric_file(write_rubric(tmp_path / "rubrics", rubric()))
    findings = [f for f in check_rubric(loaded, load_library(root)) if f.rule.startswith("word")]
    assert [(f.rule, f.location.path) for f in findings] == [
        ("word-limit-mismatch", "domains[0].criteria[0].word_limit")
    ]


def spec_library(make_library: LibraryFactory) -> Path:
    clauses = spec_clauses()
    clauses[0]["versions"][1] = version(
        "2.0.0",
        text="{{ service_name }}: show how values are lived, in no more than {{ words }} words.",
        parameters={"service_name": SERVICE, "words": WORDS},
    )
    return make_library(*clauses)


def test_spec_build_warns_of_unused_criteria_and_disagreeing_word_limits(
    make_library: LibraryFactory, tmp_path: Path
) -> None:
    """A specification without leadership clauses leaves LM1 with nothing to assess."""
    library = spec_library(make_library)
    manifest = write_manifest(
        tmp_path / "m.yaml",
        clauses=[{"id": "WC-CV-001", "version": "2.0.0", "parameters": {"words": 600}}],
    )
    spec = prepare_specification(manifest, library_dir=library)
    rows = [(w.rule, w.location.path) for w in spec.warnings]
    assert ("criterion-unassessed", "rubric") in rows
    assert ("word-limit-mismatch", "domains[0].criteria[0].word_limit") in rows
    (limit,) = [w for w in spec.warnings if w.rule == "word-limit-mismatch"]
    assert "at most 600" in limit.message


def test_a_specification_whose_clauses_match_the_rubric_has_no_cross_check_warnings(
    make_library: LibraryFactory, tmp_path: Path
) -> None:
    """Every criterion has a clause and the word limits agree: no rubric warnings."""
    library = spec_library(make_library)
    manifest = write_manifest(
        tmp_path / "m.yaml",
        clauses=[
            {"id": "WC-CV-001", "version": "2.0.0", "parameters": {"words": 500}},
            {"domain": "leadership-management"},
        ],
        parameters={"service_name": "Community Nursing", "target": 3.85},
    )
    assert prepare_specification(manifest, library_dir=library).rubric_warnings == ()


def test_every_obligation_word_has_one_meaning_in_the_interpretation_section(
    make_library: LibraryFactory, tmp_path: Path
) -> None:
    """The document-control table defines must, should and may, each once, as the clauses use them."""
    assert undefined_obligations(OBLIGATIONS, OBLIGATION_MEANING) == []
    clauses = spec_clauses()
    clauses[3]["versions"][0]["obligation"] = "should"
    clauses.append(clause("WC-LM-003", version(obligation="may"), domain="leadership-management"))
    library = make_library(*clauses)
    spec = prepare_specification(write_manifest(tmp_path / "m.yaml"), library_dir=library)
    used = {c.resolved.version.obligation for c in spec.assembly.clauses()}
    assert used == set(OBLIGATIONS)
    out = tmp_path / "spec.docx"
    out.write_bytes(render_specification(spec, None))
    (table,) = [
        t for t in docx.Document(str(out)).tables if t.rows[0].cells[0].text == "Obligation"
    ]
    defined = [row.cells[0].text for row in table.rows[1:]]
    assert sorted(defined) == sorted(used)
    assert undefined_obligations(used, defined) == []
