"""The prescriptiveness rule over what settings and manifests bring in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tenderkit.clauses.assembly import assemble
from tenderkit.clauses.library import load_library
from tenderkit.clauses.manifest import load_manifest
from tenderkit.errors import InputError
from tests.conftest import LibraryFactory
from tests.support.specs import spec_clauses, write_manifest


@pytest.mark.parametrize("term", ["x", "-", "a.", " "])
def test_a_prescriptive_term_too_short_to_match_is_a_clear_error(
    make_library: LibraryFactory, term: str
) -> None:
    """One error naming library.yaml, its line and path; no ValidationError traceback."""
    root = make_library(*spec_clauses(), lock=False, prescriptive_terms=["Schwartz Round", term])
    with pytest.raises(InputError) as err:
        load_library(root)
    text = str(err.value)
    assert "library.yaml" in text and "prescriptive_terms[1]" in text
    assert "at least two letters or digits" in text


@pytest.fixture
def build(make_library: LibraryFactory, tmp_path: Path) -> Any:
    library = load_library(make_library(*spec_clauses(), prescriptive_terms=["Fab-O-Meter"]))

    def run(**overrides: Any) -> Any:
        return assemble(library, load_manifest(write_manifest(tmp_path / "m.yaml", **overrides)))

    return run


@pytest.mark.parametrize("value", ["Schwartz Rounds for all staff", "the Fab O Meter team"])
def test_a_manifest_value_naming_an_initiative_is_refused_at_the_value(
    build: Any, value: str
) -> None:
    """The rule applies to the requirement text as rendered, not only to defaults."""
    with pytest.raises(InputError) as err:
        build(parameters={"service_name": value, "target": 4})
    text = str(err.value)
    assert "parameters.service_name" in text and "particular initiative" in text


def test_an_ordinary_manifest_value_is_rendered(build: Any) -> None:
    assembly = build(parameters={"service_name": "Community Nursing Service", "target": 4})
    assert "Community Nursing Service" in assembly.clauses()[0].text
