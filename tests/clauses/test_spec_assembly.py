"""Assembling a specification: which clause versions, which values, in which sections."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tenderkit.clauses.assembly import Assembly, assemble
from tenderkit.clauses.library import load_library
from tenderkit.clauses.manifest import load_manifest
from tenderkit.errors import InputError, IntegrityError, NotFoundError, TenderkitError
from tests.conftest import LibraryFactory
from tests.support.specs import spec_clauses, write_manifest


@pytest.fixture
def build(make_library: LibraryFactory, tmp_path: Path) -> Any:
    """Assemble a manifest (top-level fields as keyword arguments) against the spec library."""
    library = load_library(make_library(*spec_clauses()))

    def run(**overrides: Any) -> Assembly:
        return assemble(library, load_manifest(write_manifest(tmp_path / "m.yaml", **overrides)))

    return run


def refs(assembly: Assembly) -> list[str]:
    return [c.ref for c in assembly.clauses()]


def test_sections_follow_first_appearance_and_number_their_clauses(build: Any) -> None:
    """Domains become sections 1, 2 in manifest order; clauses are numbered 1.1, 1.2, 2.1."""
    assembly = build()
    assert [(s.number, s.domain, s.title) for s in assembly.sections] == [
        (1, "culture-values", "Culture and values"),
        (2, "leadership-management", "Leadership and management"),
    ]
    assert [(c.number, c.ref) for c in assembly.clauses()] == [
        ("1.1", "WC-CV-001@2.0.0"),
        ("1.2", "WC-CV-002@1.0.0"),
        ("2.1", "WC-LM-001@1.0.0"),
        ("2.2", "WC-LM-002@1.0.0"),
    ]


def test_a_domain_takes_approved_clauses_and_an_individual_entry_wins_in_its_place(
    build: Any,
) -> None:
    """`domain:` skips draft-only clauses and clauses selected individually elsewhere."""
    assembly = build(
        clauses=[{"domain": "culture-values"}, {"id": "WC-CV-001", "version": "1.0.0"}]
    )
    assert refs(assembly) == ["WC-CV-002@1.0.0", "WC-CV-001@1.0.0"]
    assert "WC-CV-003" not in " ".join(refs(assembly))


def test_clause_values_override_global_ones_and_undeclared_globals_are_ignored(build: Any) -> None:
    """A clause's own value wins; a global value a clause does not declare does not reach it."""
    assembly = build()
    first, second = assembly.clauses()[:2]
    assert first.values == {"service_name": "Community Nursing Service", "months": 3}
    assert first.given == {"service_name", "months"}
    assert "every 3 months" in first.text and "{{" not in first.text
    assert second.values == {"service_name": "Community Nursing Service"}
    assert assembly.warnings == []


def test_defaults_fill_values_the_manifest_leaves_out(build: Any) -> None:
    """Without its own value WC-CV-001 uses its default, and the clause records it as default."""
    assembly = build(clauses=["WC-CV-001"])
    clause = assembly.clauses()[0]
    assert clause.values["months"] == 6 and "months" not in clause.given


def test_a_global_value_no_clause_declares_is_a_warning(build: Any) -> None:
    """A probable typo in the global parameters is reported, with its line, but not fatal."""
    assembly = build(parameters={"service_name": "S", "target": 4, "sevice_name": "typo"})
    assert [w.rule for w in assembly.warnings] == ["parameter-unused"]
    assert "parameters.sevice_name" in str(assembly.warnings[0])


def test_a_domain_without_approved_clauses_is_a_warning(
    build: Any, make_library: LibraryFactory, tmp_path: Path
) -> None:
    """Selecting a domain that has no approved clause yet leaves it out, with a warning."""
    library = load_library(make_library(*spec_clauses()[:3], name="values-only"))
    loaded = load_manifest(write_manifest(tmp_path / "v.yaml", parameters={"service_name": "S"}))
    assembly = assemble(library, loaded)
    assert [s.domain for s in assembly.sections] == ["culture-values"]
    assert [w.rule for w in assembly.warnings] == ["empty-domain"]
    assert "clauses[2].domain" in str(assembly.warnings[0])


def test_drafts_need_allow_drafts_and_are_then_flagged(build: Any) -> None:
    """A pinned draft is refused unless `allow_drafts: true`; with it the assembly has drafts."""
    clauses = ["WC-CV-003@1.0.0"]
    with pytest.raises(TenderkitError) as err:
        build(clauses=clauses)
    assert "is a draft" in str(err.value) and "allow_drafts: true" in str(err.value)
    assembly = build(clauses=clauses, allow_drafts=True)
    assert refs(assembly) == ["WC-CV-003@1.0.0"] and assembly.has_drafts


@pytest.mark.parametrize(
    ("clauses", "parameters", "error", "place", "words"),
    [
        (["WC-XX-999"], None, InputError, "clauses[0]", "unknown clause 'WC-XX-999'"),
        (["WC-CV-001@9.0.0"], None, NotFoundError, "clauses[0]", "has no version 9.0.0"),
        (["WC-LM-001@1.1.0"], None, NotFoundError, "clauses[0]", "withdrawn"),
        (["WC-CV-001", "WC-CV-001@1"], None, InputError, "clauses[1]", "already selected"),
        ([{"domain": "finance"}], None, InputError, "clauses[0].domain", "unknown domain"),
        (["WC-LM-002"], {}, InputError, "clauses[0]", "'target' is required"),
        (["WC-LM-002"], {"target": "high"}, InputError, "parameters.target", "expected a number"),
        (["WC-LM-002"], {"target": 9}, InputError, "parameters.target", "above the maximum 5"),
        (
            [{"id": "WC-CV-001", "parameters": {"months": 0}}],
            {"service_name": "S"},
            InputError,
            "clauses[0].parameters.months",
            "below the minimum 1",
        ),
        (
            [{"id": "WC-CV-002", "parameters": {"months": 3}}],
            {"service_name": "S"},
            InputError,
            "clauses[0].parameters.months",
            "unknown parameter 'months'",
        ),
    ],
)
def test_bad_selections_name_the_manifest_entry(
    build: Any,
    tmp_path: Path,
    clauses: list[Any],
    parameters: dict[str, Any] | None,
    error: type[Exception],
    place: str,
    words: str,
) -> None:
    """Each problem raises one error naming the manifest, its line and the YAML path."""
    overrides: dict[str, Any] = {"clauses": clauses}
    if parameters is not None:
        overrides["parameters"] = parameters
    with pytest.raises(error) as err:
        build(**overrides)
    text = str(err.value)
    assert re.match(rf"{re.escape(str(tmp_path / 'm.yaml'))}:\d+: {re.escape(place)}: ", text), text
    assert words in text


def test_an_approved_clause_edited_after_approval_is_refused(
    make_library: LibraryFactory, tmp_path: Path
) -> None:
    """A clause whose content no longer matches the lock cannot go into a specification."""
    root = make_library(*spec_clauses())
    path = root / "culture-values" / "WC-CV-002.yaml"
    path.write_text(path.read_text().replace("report sickness", "report all sickness"))
    loaded = load_manifest(write_manifest(tmp_path / "m.yaml", clauses=["WC-CV-002"]))
    with pytest.raises(IntegrityError) as err:
        assemble(load_library(root), loaded)
    assert "WC-CV-002@1.0.0 no longer matches" in str(err.value)
    assert "clauses[0]" in str(err.value)


def test_an_approved_clause_whose_approval_was_never_recorded_is_refused(
    make_library: LibraryFactory, tmp_path: Path
) -> None:
    """A clause marked approved by hand but absent from the lock cannot go into a specification."""
    root = make_library(*spec_clauses(), lock=False)
    loaded = load_manifest(write_manifest(tmp_path / "m.yaml", clauses=["WC-CV-002"]))
    with pytest.raises(IntegrityError) as err:
        assemble(load_library(root), loaded)
    assert "WC-CV-002@1.0.0 is marked approved but its approval is not recorded" in str(err.value)
    assert "clauses[0]" in str(err.value)
    assert "tender clauses approve" in str(err.value)
