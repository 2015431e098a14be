"""The taxonomy: which domains, stages and kinds a library knows (data, not code)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tenderkit.yamlio import load_yaml

SLUG = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    description: str | None = None


class Domain(Term):
    prefix: str | None = Field(default=None, pattern=r"^[A-Z0-9]+$")
    guide_section: str | None = None


class Taxonomy(BaseModel):
    """Domains, commissioning-cycle stages and clause kinds, in presentation order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    domains: list[Domain] = Field(min_length=1)
    stages: list[Term] = Field(min_length=1)
    kinds: list[Term] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Taxonomy:
        for field in ("domains", "stages", "kinds"):
            ids = [t.id for t in getattr(self, field)]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"{field}: duplicate id {', '.join(dupes)}")
        return self

    def domain(self, domain_id: str) -> Domain | None:
        return next((d for d in self.domains if d.id == domain_id), None)

    def domain_ids(self) -> list[str]:
        return [d.id for d in self.domains]

    def stage_ids(self) -> list[str]:
        return [s.id for s in self.stages]

    def kind_ids(self) -> list[str]:
        return [k.id for k in self.kinds]


def load_taxonomy(path: Path) -> Taxonomy:
    return load_yaml(path).validate(Taxonomy)
