"""Clause-version diffs: sections laid out from a version, and field changes named in words."""

from __future__ import annotations

from typing import Any

import pytest

from tenderkit.clauses.changes.clause_diff import diff_clause, version_sections
from tenderkit.clauses.library import Library
from tenderkit.clauses.model import Clause
from tenderkit.clauses.resolve import ResolvedClause
from tests.conftest import clause, version


def pair(old: dict[str, Any], new: dict[str, Any]) -> tuple[ResolvedClause, ResolvedClause]:
    """Two versions of one clause built from version dicts."""
    model = Clause.model_validate(clause("WC-CV-001", old, new))
    return ResolvedClause(model, model.versions[0]), ResolvedClause(model, model.versions[1])


def codes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    a, b = pair(old, new)
    return [c.code for c in diff_clause(a, b).changes]


MONTHS = {"type": "integer", "default": 6, "min": 1, "max": 12, "description": "Interval."}


def test_a_version_is_laid_out_in_sections_of_paragraphs() -> None:
    """Title, obligation, text, parameters, evidence, guidance and examples, in that order."""
    a, _ = pair(version("1.0.0", guidance="First.\n\nSecond."), version("1.1.0"))
    sections = {s.key: s.paragraphs for s in version_sections(a)}
    assert list(sections) == [
        "title", "obligation", "text", "parameters", "evidence", "guidance", "examples",
    ]  # fmt: skip
    assert sections["obligation"] == ("must",)
    assert sections["guidance"] == ("First.", "Second.")
    assert sections["parameters"] == ("months (integer, default 6, 1 to 12): Interval.",)


def test_identical_versions_have_no_changed_section() -> None:
    """Two versions with the same content are identical; only their status may differ."""
    a, b = pair(version("1.0.0", status="superseded"), version("1.0.1"))
    result = diff_clause(a, b)
    assert result.identical
    assert [c.code for c in result.changes] == ["status-changed"]


def test_an_obligation_change_is_named_with_its_direction() -> None:
    """`should` -> `must` is reported as the obligation strengthened."""
    a, b = pair(version("1.0.0", obligation="should"), version("2.0.0"))
    change = diff_clause(a, b).changes[0]
    assert (change.code, change.summary) == (
        "obligation-changed",
        "obligation strengthened: should → must",
    )


def test_a_weakened_obligation_reads_as_weakened() -> None:
    """`must` -> `may` is reported as the obligation weakened."""
    a, b = pair(version("1.0.0"), version("2.0.0", obligation="may"))
    assert diff_clause(a, b).changes[0].summary == "obligation weakened: must → may"


def test_parameters_added_removed_and_retyped_are_each_reported() -> None:
    """Adding, removing and retyping parameters each give their own change code."""
    extra = {"type": "string", "description": "Who.", "default": "all staff"}
    new_params = {"months": {**MONTHS, "type": "number"}, "who": extra}
    result = codes(
        version("1.0.0", parameters={"months": MONTHS, "gone": {**extra, "default": None}}),
        version("2.0.0", parameters=new_params),
    )
    assert "parameter-type-changed" in result
    assert "parameter-removed" in result
    assert "parameter-added-optional" in result


def test_default_and_bounds_changes_say_which_way_they_went() -> None:
    """A changed default, narrowed bounds and widened bounds are told apart."""
    assert codes(
        version("1.0.0", parameters={"months": MONTHS}),
        version("2.0.0", parameters={"months": {**MONTHS, "default": 3}}),
    ) == ["parameter-default-changed"]
    assert codes(
        version("1.0.0", parameters={"months": MONTHS}),
        version("2.0.0", parameters={"months": {**MONTHS, "max": 9}}),
    ) == ["parameter-bounds-narrowed"]
    assert codes(
        version("1.0.0", parameters={"months": MONTHS}),
        version("1.1.0", parameters={"months": {**MONTHS, "min": None}}),
    ) == ["parameter-bounds-widened"]


def test_a_parameter_losing_its_default_becomes_required() -> None:
    """Dropping the default is reported once, as the parameter becoming required."""
    assert codes(
        version("1.0.0", parameters={"months": MONTHS}),
        version("2.0.0", parameters={"months": {**MONTHS, "default": None}}),
    ) == ["parameter-required"]


def test_evidence_items_added_removed_and_reworded_are_listed_one_by_one() -> None:
    """Each evidence item that changed gives one change with its text."""
    old = ["The latest wellbeing review.", "Minutes of the staff forum meetings."]
    new = ["The latest two wellbeing reviews.", "A case study written with staff."]
    a, b = pair(version("1.0.0", evidence=old), version("2.0.0", evidence=new))
    changes = [(c.code, c.old, c.new) for c in diff_clause(a, b).changes]
    assert changes == [
        ("evidence-changed", old[0], new[0]),
        ("evidence-removed", old[1], None),
        ("evidence-added", None, new[1]),
    ]


def test_title_guidance_and_examples_changes_are_reported() -> None:
    """The editorial fields are listed too, so the summary is complete."""
    result = codes(
        version("1.0.0", guidance="Old.", examples=["One."]),
        version("1.0.1", title="Reviews of staff wellbeing", guidance="New.", examples=[]),
    )
    assert result == ["title-changed", "guidance-changed", "examples-changed"]


def test_a_single_valued_field_is_diffed_word_by_word_however_different() -> None:
    """The obligation shows as one edited paragraph: `must` struck, `may` inserted."""
    a, b = pair(version("1.0.0"), version("2.0.0", obligation="may"))
    section = next(s for s in diff_clause(a, b).sections if s.key == "obligation")
    assert [(p.change, p.old_text, p.new_text) for p in section.paragraphs] == [
        ("changed", "must", "may")
    ]


def test_values_render_the_text_before_diffing() -> None:
    """With values the text diff shows the filled-in numbers, not the placeholders."""
    a, b = pair(
        version("1.0.0"),
        version(
            "1.1.0", text="The Provider must review staff wellbeing every {{ months }} months."
        ),
    )
    result = diff_clause(a, b, values={"months": 4})
    text = next(s for s in result.sections if s.key == "text")
    assert result.rendered
    assert text.paragraphs[0].new_text == "The Provider must review staff wellbeing every 4 months."


def test_a_clause_with_no_old_version_is_inserted_whole(bundled: Library) -> None:
    """Diffing against nothing inserts every paragraph and reports the clause as added."""
    current = bundled.get("WC-CV-001")
    result = diff_clause(None, ResolvedClause(current, current.versions[-1]))
    assert [c.code for c in result.changes] == ["clause-added"]
    assert all(p.change == "inserted" for s in result.sections for p in s.paragraphs)


def test_diffing_nothing_against_nothing_is_refused() -> None:
    """At least one side is needed."""
    with pytest.raises(ValueError, match="at least one version"):
        diff_clause(None, None)
