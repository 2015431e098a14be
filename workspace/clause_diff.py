"""Comparing two versions of a clause as `tender clauses diff` does, values filled in or not.

Parameter values come from --param options and a --params file; a problem with a value
from the file names its line there.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tenderkit.clauses.changes.clause_diff import ClauseDiff, diff_clause
from tenderkit.clauses.changes.severity import Classification, classify
from tenderkit.clauses.model import Clause, ClauseVersion, ParamValue
from tenderkit.clauses.placeholders import ParameterError, resolve_values
from tenderkit.clauses.resolve import ResolvedClause
from tenderkit.errors import InputError, Location, NotFoundError
from tenderkit.yamlio import load_yaml


def compare_versions(
    clause: Clause,
    v1: str,
    v2: str,
    from_options: Mapping[str, Any],
    params_file: Path | None,
    *,
    filled: bool,
) -> tuple[ClauseDiff, Classification, dict[str, ParamValue] | None]:
    """The diff from v1 to v2, its class, and the newer side's values when filled."""
    old = ResolvedClause(clause, find_version(clause, v1))
    new = ResolvedClause(clause, find_version(clause, v2))
    from_file, where = read_params_file(params_file) if params_file else ({}, {})
    given = {**from_file, **from_options}
    # A value given with --param overrides the file's, and is no longer the file's fault.
    where = {name: place for name, place in where.items() if name not in from_options}
    values = old_values = None
    if filled:
        values = side_values(new, given, old, where)
        old_values = side_values(old, given, new, where)
    diff = diff_clause(old, new, values=values, old_values=old_values)
    return diff, classify(diff, old, new), values


def find_version(clause: Clause, number: str) -> ClauseVersion:
    found = clause.version(number)
    if found is None:
        versions = ", ".join(f"{v.version} ({v.status.value})" for v in clause.versions)
        raise NotFoundError(f"{clause.id} has no version {number}; versions: {versions}")
    return found


def read_params_file(path: Path) -> tuple[dict[str, Any], dict[str, Location]]:
    """A YAML (or JSON) mapping of parameter names to single values, and where each is."""
    document = load_yaml(path)
    if not isinstance(document.data, dict):
        raise InputError("expected a mapping of parameter names to values", document.location(()))
    for name, value in document.data.items():
        if isinstance(value, dict | list) or value is None:
            raise document.error(
                (name,), "a parameter value must be text, a number, true/false or a date"
            )
    where = {name: document.location((name,)) for name in document.data}
    return dict(document.data), where


def side_values(
    resolved: ResolvedClause,
    given: Mapping[str, Any],
    other: ResolvedClause,
    where: Mapping[str, Location] | None = None,
) -> dict[str, ParamValue]:
    """One side's values; a problem with a value from --params names its line in that file."""
    places = where or {}
    for name in given:
        if name not in resolved.version.parameters and name not in other.version.parameters:
            raise InputError(
                f"{resolved.clause.id}: unknown parameter {name!r} "
                f"(neither {resolved.version.version} nor {other.version.version} declares it)",
                places.get(name),
            )
    try:
        return resolve_values(resolved.version, given, ignore_unknown=True)
    except ParameterError as exc:
        raise InputError(f"{resolved.ref}: {exc.message}", places.get(exc.parameter)) from None
