"""Loading the measure catalogue (`clauses/data/measures.yaml`) and checking it against a library."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

from tenderkit.clauses.library import Library
from tenderkit.clauses.measures import MeasureCatalogue
from tenderkit.clauses.model import ParameterType
from tenderkit.yamlio import load_yaml


def bundled_measures_path() -> Path:
    return Path(str(resources.files("tenderkit.clauses") / "data" / "measures.yaml"))


@cache
def load_measures(path: Path | None = None) -> MeasureCatalogue:
    """The measure catalogue (default: the bundled one); InputError names the line."""
    return load_yaml(path or bundled_measures_path()).validate(MeasureCatalogue)


def catalogue_problems(catalogue: MeasureCatalogue, library: Library) -> Iterator[str]:
    """Entries naming a clause version, or a parameter of it, that the library lacks."""
    numeric = (ParameterType.INTEGER, ParameterType.NUMBER)
    for entry in catalogue.clauses:
        clause = library.clauses.get(entry.clause)
        versions = [v for v in clause.versions if v.semver.major == entry.major] if clause else []
        if not versions:
            yield f"{entry.clause}: the library has no version {entry.major}.x.x"
            continue
        for version in versions:
            for measure in entry.measures:
                wanted = [measure.target.amount, measure.target.months, measure.suppress_below]
                for name in (n for n in wanted if n is not None):
                    param = version.parameters.get(name)
                    if param is None or param.type not in numeric:
                        yield (
                            f"{entry.clause}@{version.version} {measure.id}: no numeric "
                            f"parameter {name}"
                        )
