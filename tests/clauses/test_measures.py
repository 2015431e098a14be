"""The measure catalogue names clause versions and parameters the bundled library has."""

from __future__ import annotations

from tenderkit.clauses.library import Library
from tenderkit.clauses.measure_catalogue import catalogue_problems, load_measures


def test_every_catalogue_entry_matches_a_clause_version_and_its_numeric_parameters(
    bundled: Library,
) -> None:
    assert list(catalogue_problems(load_measures(), bundled)) == []


def test_every_approved_kpi_clause_of_the_bundled_library_has_measures(bundled: Library) -> None:
    catalogue = load_measures()
    undefined = [
        f"{c.id}@{v.version}"
        for c in bundled.clauses.values()
        if c.kind == "kpi"
        for v in c.versions
        if v.status == "approved" and catalogue.measures_of(c.id, v.semver.major) is None
    ]
    assert undefined == []
