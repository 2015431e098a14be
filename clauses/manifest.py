"""The spec manifest: what a service specification contains and how it is described.

A procurement lead writes one YAML manifest per specification: the document's title,
reference and status, the rubric to publish, parameter values, and the clauses in the
order the document presents them. `clauses/schemas/manifest.schema.json` is generated from
these models.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from tenderkit.award import AwardWeights, Regime, ThresholdRule
from tenderkit.clauses.model import CLAUSE_ID, PARAM_NAME, ParamValue
from tenderkit.errors import InputError, InputErrors, Location
from tenderkit.hashing import content_hash
from tenderkit.yamlio import YamlDocument, load_yaml

#: `WC-CV-001` or `WC-CV-001@1`, `@^1.2`, `@1.2.0`: the reference forms `resolve` accepts.
CLAUSE_REFERENCE = CLAUSE_ID.removesuffix("$") + r"(?:@\S+)?$"

ParamName = Annotated[str, Field(pattern=PARAM_NAME)]

#: Word keeps at most 255 characters in a document property.
PROPERTY_LIMIT = 255
#: Room left for a value written after a fixed prefix in a property.
PREFIXED_PROPERTY_LIMIT = 200


def _scalar_values(value: Any) -> Any:
    """Parameter values are single values; say so plainly rather than list the union's branches."""
    if isinstance(value, dict):
        for name, item in value.items():
            if isinstance(item, dict | list) or item is None:
                raise ValueError(
                    f"{name}: a parameter value must be text, a number, true/false or a date"
                )
    return value


def _clause_reference(value: str) -> str:
    if not re.match(CLAUSE_REFERENCE, value):
        raise ValueError(
            f"{value!r} is not a clause reference (expected an id such as WC-CV-001, "
            "optionally with a version: WC-CV-001@2 or WC-CV-001@2.0.0)"
        )
    return value


def _text_not_number(value: Any, what: str) -> Any:
    """YAML reads `0.3` and `1.10` as numbers; refuse them rather than guess the text meant."""
    if isinstance(value, float):
        raise ValueError(f'write the {what} in quotes (e.g. "{value}") so it is kept as text')
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


class _WithVersionAndValues(BaseModel):
    """What the manifest and its clause entries check alike: a `version` written as text
    and `parameters` holding single values."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("version", mode="before", check_fields=False)
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        return _text_not_number(value, "version")

    @field_validator("parameters", mode="before", check_fields=False)
    @classmethod
    def _scalars(cls, value: Any) -> Any:
        return _scalar_values(value)


class ClauseSelection(_WithVersionAndValues):
    """One entry of `clauses`: a clause (optionally pinned, with its own values) or a domain."""

    id: str | None = Field(default=None, pattern=CLAUSE_ID, description="A clause id.")
    version: str | None = Field(
        default=None,
        description="Exact version (1.2.0) or compatible range (1, ^1.2, ~1.2); default: the "
        "latest approved version.",
    )
    domain: str | None = Field(
        default=None, description="A taxonomy domain id: every approved clause of that domain."
    )
    parameters: dict[ParamName, ParamValue] = Field(
        default_factory=dict,
        description="Values for this clause only; they override the global parameters.",
    )

    @model_validator(mode="after")
    def _one_kind(self) -> ClauseSelection:
        if (self.id is None) == (self.domain is None):
            raise ValueError("give either 'id' (one clause) or 'domain' (a whole domain)")
        if self.domain is not None and (self.version is not None or self.parameters):
            raise ValueError(
                "a domain entry takes no version or parameters; pin a clause with its own "
                "entry, or put shared values under the top-level 'parameters'"
            )
        return self

    @property
    def reference(self) -> str:
        """`ID` or `ID@VERSION` as `resolve` takes it (clause entries only)."""
        assert self.id is not None
        return self.id if self.version is None else f"{self.id}@{self.version}"


def _selection_kind(value: Any) -> str:
    return "tagged-reference" if isinstance(value, str) else "tagged-selection"


# The tag names start with "tagged-" so error paths name the YAML keys, not the union branch.
Selection = Annotated[
    Annotated[
        str,
        AfterValidator(_clause_reference),
        Field(json_schema_extra={"pattern": CLAUSE_REFERENCE}),
        Tag("tagged-reference"),
    ]
    | Annotated[ClauseSelection, Tag("tagged-selection")],
    Discriminator(_selection_kind),
]


class SpecManifest(_WithVersionAndValues):
    """A service specification manifest."""

    # These become document properties, which Word limits to 255 characters; reference
    # and commissioner are written with a prefix ("Service specification for ...").
    title: str = Field(min_length=1, max_length=PROPERTY_LIMIT)
    reference: str = Field(
        min_length=1,
        max_length=PREFIXED_PROPERTY_LIMIT,
        description="Document reference, e.g. ICB-2027-014/SPEC/01.",
    )
    commissioner: str = Field(min_length=1, max_length=PREFIXED_PROPERTY_LIMIT)
    provider: str | None = Field(default=None, description="The provider, once one is known.")
    author: str = Field(
        min_length=1,
        max_length=PROPERTY_LIMIT,
        description="Who is responsible for the document.",
    )
    version: str = Field(
        min_length=1, max_length=PROPERTY_LIMIT, description='Document version, e.g. "0.3".'
    )
    status: str = Field(
        min_length=1,
        max_length=PROPERTY_LIMIT,
        description="Document status, e.g. draft for consultation.",
    )
    date: dt.date = Field(description="Date of this version (also the document's file dates).")
    regime: Regime
    rubric: str = Field(
        min_length=1,
        description="The rubric to publish: ID@VERSION from the bundled rubrics, or a path to a "
        "rubric file relative to the manifest.",
    )
    weights: AwardWeights | None = Field(
        default=None, description="Optional quality/price split shown in the evaluation appendix."
    )
    thresholds: ThresholdRule = Field(
        default="exclude",
        description="What a score below a criterion's minimum threshold does: exclude the bid "
        "or flag it to the panel.",
    )
    allow_drafts: bool = Field(
        default=False, description="Let exactly pinned draft clause versions into the document."
    )
    include_guidance: bool = Field(
        default=True,
        description="Print each clause's non-contractual guidance and illustrative examples.",
    )
    parameters: dict[ParamName, ParamValue] = Field(
        default_factory=dict,
        description="Values for every clause that declares them; other clauses ignore them.",
    )
    clauses: list[Selection] = Field(min_length=1)

    def selections(self) -> list[ClauseSelection]:
        """Every entry as a ClauseSelection (a bare `ID@RANGE` string becomes id + version)."""
        out = []
        for item in self.clauses:
            if isinstance(item, str):
                ident, _, rng = item.partition("@")
                out.append(ClauseSelection(id=ident, version=rng or None))
            else:
                out.append(item)
        return out


@dataclass(frozen=True)
class LoadedManifest:
    """A validated manifest with its file (for messages that name a line) and its hash."""

    manifest: SpecManifest
    document: YamlDocument

    @property
    def file(self) -> Path:
        return self.document.file

    @property
    def hash(self) -> str:
        """Content hash of the manifest's data: comments and layout do not change it."""
        return content_hash(self.document.data)

    def location(self, *path: str | int) -> Location:
        return self.document.location(path)


def load_manifest(path: Path | str) -> LoadedManifest:
    """Read and validate a manifest; problems raise InputErrors, each naming line and path."""
    doc = load_yaml(path)
    validated = doc.validation_errors(SpecManifest, doc.data)
    if isinstance(validated, list):
        # Every problem at once, so that fixing a manifest takes one run, not one per mistake.
        raise InputErrors(sorted(validated, key=_reading_order), "manifest")
    return LoadedManifest(validated, doc)


def _reading_order(error: InputError) -> tuple[int, str]:
    where = error.location
    return (where.line or 0 if where else 0, where.path or "" if where else "")
