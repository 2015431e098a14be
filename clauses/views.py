"""Plain-data views of clauses for `--json` output (a stable, documented contract)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tenderkit.clauses.model import (
    Clause,
    ClauseVersion,
    Parameter,
    ParameterType,
    ParamValue,
    version_hash,
)


def _json_value(value: ParamValue | None) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _bound(param: Parameter, value: float | None) -> float | int | None:
    # An integer parameter's bounds read as whole numbers (12, not 12.0).
    if value is not None and param.type is ParameterType.INTEGER and value.is_integer():
        return int(value)
    return value


def parameter_json(param: Parameter) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": param.type.value,
        "required": param.is_required,
        "default": _json_value(param.default),
        "min": _bound(param, param.min),
        "max": _bound(param, param.max),
        "description": param.description,
    }
    if param.choices is not None:
        out["choices"] = list(param.choices)
    if param.unit is not None:
        out["unit"] = param.unit
    return out


def clause_summary_json(clause: Clause) -> dict[str, Any]:
    """`clauses list --json` item: id, title, domain, stage, kind, versions[{version, status}]."""
    return {
        "id": clause.id,
        "title": clause.title,
        "domain": clause.domain,
        "stage": clause.stage,
        "kind": clause.kind,
        "versions": [
            {
                "version": v.version,
                "status": v.status.value,
                "effective": v.effective.isoformat() if v.effective else None,
            }
            for v in clause.versions
        ],
    }


def version_json(clause: Clause, version: ClauseVersion) -> dict[str, Any]:
    """`clauses show --json`: one version with its text as written and its parameters."""
    return {
        "id": clause.id,
        "title": clause.title_of(version),
        "domain": clause.domain,
        "stage": clause.stage,
        "kind": clause.kind,
        "version": version.version,
        "status": version.status.value,
        "effective": version.effective.isoformat() if version.effective else None,
        "approver": version.approver,
        "change_note": version.change_note,
        "obligation": version.obligation,
        "binds": version.binds,
        "placement": version.placement,
        "text": version.text,
        "parameters": {name: parameter_json(p) for name, p in version.parameters.items()},
        "evidence": list(version.evidence),
        "guidance": version.guidance,
        "examples": list(version.examples),
        "hash": version_hash(clause, version),
    }
