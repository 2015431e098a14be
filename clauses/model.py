"""The clause model: a clause, its versions, their parameters.

These pydantic models are the clause file format; `clauses/schemas/clause.schema.json`
is generated from them (`python -m tenderkit.clauses.schema`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tenderkit.clauses.exemptions import LintExemption
from tenderkit.hashing import content_hash
from tenderkit.semver import Version

CLAUSE_ID = r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$"
PARAM_NAME = r"^[a-z][a-z0-9_]*$"
PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")

#: Obligation levels, strongest first; a change between them changes what a provider must do.
OBLIGATIONS: tuple[str, ...] = ("must", "should", "may")


class Status(StrEnum):
    """Where a clause version is in its approval lifecycle."""

    DRAFT = "draft"
    APPROVED = "approved"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


#: Whom a clause version binds. A tender question binds the bidder, who becomes the provider.
Binds = Literal["provider", "commissioner"]

#: Where a clause version belongs: a part of the NHS Standard Contract, or the tender
#: questions (evidence asked of bidders, which is not a contract term).
Placement = Literal[
    "service-specification", "quality-requirements", "reporting-requirements", "tender-questions"
]

#: Fields added after versions were first approved; a version that leaves them unset hashes
#: as it did before they existed, so its approval still holds.
_LATER_FIELDS = ("binds", "placement")

#: Statuses whose content was approved once and is therefore locked.
LOCKED_STATUSES = frozenset({Status.APPROVED, Status.SUPERSEDED, Status.WITHDRAWN})


class ParameterType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    CHOICE = "choice"


ParamValue = bool | int | float | dt.date | str


class Parameter(BaseModel):
    """A value the commissioner fills in when the clause is used."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: ParameterType
    description: str = Field(min_length=1)
    default: ParamValue | None = None
    required: bool | None = Field(
        default=None,
        description="Whether a value must be given; defaults to true when there is no default.",
    )
    min: float | None = Field(default=None, description="Lowest allowed value (numbers only).")
    max: float | None = Field(default=None, description="Highest allowed value (numbers only).")
    choices: list[str] | None = Field(default=None, description="Allowed values (choice only).")
    unit: str | None = Field(default=None, description="Shown beside the value, e.g. % or months.")

    @model_validator(mode="after")
    def _consistent(self) -> Parameter:
        numeric = self.type in (ParameterType.INTEGER, ParameterType.NUMBER)
        if (self.min is not None or self.max is not None) and not numeric:
            raise ValueError(f"min/max apply to integer and number parameters, not {self.type}")
        for bound in ("min", "max"):
            limit = getattr(self, bound)
            if limit is not None and not math.isfinite(limit):
                raise ValueError(f"{bound} must be a finite number, not {limit}")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        if self.type is ParameterType.CHOICE and not self.choices:
            raise ValueError("a choice parameter needs a non-empty 'choices' list")
        if self.choices is not None and self.type is not ParameterType.CHOICE:
            raise ValueError(f"'choices' applies to choice parameters, not {self.type}")
        if self.default is not None:
            # Convert ("40" -> 40, "2027-04-01" -> a date) so defaults render and bounds-check
            # like given values; bounds are a lint rule so the lint lists every offender.
            object.__setattr__(self, "default", coerce_type(self, self.default))
        return self

    @property
    def is_required(self) -> bool:
        return self.default is None if self.required is None else self.required


class ClauseVersion(BaseModel):
    """One version of a clause: its text, obligation, parameters and evidence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(description="Semantic version MAJOR.MINOR.PATCH.")
    status: Status
    effective: dt.date | None = Field(
        default=None, description="Date the version takes effect; required once approved."
    )
    approver: str | None = Field(default=None, description="Who approved it (role or name).")
    change_note: str | None = Field(default=None, description="What changed and why.")
    title: str | None = Field(
        default=None, description="Overrides the clause title for this version only."
    )
    obligation: Literal["must", "should", "may"]
    binds: Binds | None = Field(
        default=None, description="Whom the text binds: the provider or the commissioner."
    )
    placement: Placement | None = Field(
        default=None,
        description=(
            "Where the text belongs: the service specification, the quality requirements"
            " (KPIs), the reporting requirements, or the tender questions put to bidders."
        ),
    )
    text: str = Field(
        min_length=1, description="Requirement text with {{ parameter }} placeholders."
    )
    parameters: dict[Annotated[str, Field(pattern=PARAM_NAME)], Parameter] = Field(
        default_factory=dict
    )
    evidence: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list, description="What the bidder or provider must supply."
    )
    guidance: str | None = Field(default=None, description="Non-contractual guidance.")
    examples: list[str] = Field(
        default_factory=list, description="Illustrative examples; never requirements."
    )
    lint_exemptions: list[LintExemption] = Field(
        default_factory=list,
        description="Reviewed lint exemptions; outside the content hash (see clauses.exemptions).",
    )

    @field_validator("version")
    @classmethod
    def _semver(cls, value: str) -> str:
        Version.parse(value)
        return value

    @model_validator(mode="after")
    def _approval_record(self) -> ClauseVersion:
        if self.status is not Status.DRAFT:
            missing = [f for f in ("effective", "approver") if getattr(self, f) in (None, "")]
            if missing:
                raise ValueError(
                    f"a {self.status} version needs {' and '.join(missing)} (the approval record)"
                )
        return self

    @model_validator(mode="after")
    def _placement_binds(self) -> ClauseVersion:
        if self.placement == "tender-questions" and self.binds == "commissioner":
            raise ValueError(
                "a tender question asks bidders for evidence; it cannot bind the commissioner"
            )
        return self

    @property
    def semver(self) -> Version:
        return Version.parse(self.version)

    def placeholders(self) -> list[str]:
        """Parameter names used in the text, in order of first use."""
        seen: dict[str, None] = {}
        for name in PLACEHOLDER.findall(self.text):
            seen.setdefault(name, None)
        return list(seen)


class Clause(BaseModel):
    """A clause with a stable id and its list of versions, oldest first."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=CLAUSE_ID, description="Stable id such as WC-CV-001.")
    title: str = Field(min_length=1)
    domain: str = Field(description="A domain id from the library's taxonomy.")
    stage: str = Field(description="A commissioning-cycle stage id from the taxonomy.")
    kind: str = Field(description="A clause kind id from the taxonomy.")
    versions: list[ClauseVersion] = Field(min_length=1)

    def version(self, version: str) -> ClauseVersion | None:
        return next((v for v in self.versions if v.version == version), None)

    def title_of(self, version: ClauseVersion) -> str:
        return version.title or self.title


def locked_content(clause: Clause, version: ClauseVersion) -> dict[str, Any]:
    """What an approval fixes: everything about the version except its lifecycle status.

    Lint exemptions are left out too: they record a review of the lint, not contract text.
    """
    body = version.model_dump(mode="json", exclude={"status", "title", "lint_exemptions"})
    for name in _LATER_FIELDS:
        if body.get(name) is None:
            body.pop(name, None)
    return {
        "id": clause.id,
        "title": clause.title_of(version),
        "domain": clause.domain,
        "stage": clause.stage,
        "kind": clause.kind,
        **body,
    }


def version_hash(clause: Clause, version: ClauseVersion) -> str:
    """Content hash recorded in the lock file when a version is approved."""
    return content_hash(locked_content(clause, version))


def coerce_type(param: Parameter, value: Any) -> ParamValue:
    """Convert value (from YAML or a command-line string) to the parameter's type.

    Raises ValueError with a message fit for the user.
    """
    kind = param.type
    if kind is ParameterType.BOOLEAN:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in (
            "true",
            "yes",
            "1",
            "false",
            "no",
            "0",
        ):
            return value.strip().lower() in ("true", "yes", "1")
        raise ValueError(f"expected true or false, got {_shown(value)}")
    if kind is ParameterType.INTEGER:
        if isinstance(value, bool):
            raise ValueError(f"expected a whole number, got {_shown(value)}")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+\s*", value):
            return int(value)
        raise ValueError(f"expected a whole number, got {_shown(value)}")
    if kind is ParameterType.NUMBER:
        number: int | float | None = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str):
            with contextlib.suppress(ValueError):
                number = float(value) if re.search(r"[.eE]", value) else int(value)
        if number is None:
            raise ValueError(f"expected a number, got {_shown(value)}")
        # YAML's .nan and .inf, or 1e400, would print as "nan" or "inf" in a contract.
        if isinstance(number, float) and not math.isfinite(number):
            raise ValueError(f"expected a finite number, got {_shown(value)}")
        return number
    if kind is ParameterType.DATE:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValueError(f"expected a date as YYYY-MM-DD, got {_shown(value)}")
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {_shown(value)}")
    if kind is ParameterType.CHOICE and param.choices and value not in param.choices:
        raise ValueError(f"expected one of {', '.join(param.choices)}; got {value!r}")
    return value


def check_bounds(param: Parameter, value: ParamValue) -> None:
    """Raise ValueError when a numeric value lies outside the parameter's bounds."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return
    if param.min is not None and value < param.min:
        raise ValueError(f"{value} is below the minimum {_num(param.min)}")
    if param.max is not None and value > param.max:
        raise ValueError(f"{value} is above the maximum {_num(param.max)}")


def coerce_value(param: Parameter, value: Any) -> ParamValue:
    """Type conversion and bounds check in one step."""
    typed = coerce_type(param, value)
    check_bounds(param, typed)
    return typed


def _shown(value: Any) -> str:
    """A rejected value as the user wrote it: a date as 2027-01-01, text quoted."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
