"""Reviewed lint exemptions: a reasoned, dated decision that a finding does not apply.

A clause version or a rubric criterion may carry `lint_exemptions`. Each names the rule it
excuses, why, who reviewed it and when, and optionally the one field it covers (a dotted
YAML path relative to the version or criterion, such as `text` or `evidence.1`). The lint
still prints every finding an exemption covers, marked as exempted with its reason, so an
exemption is never silent; an exemption that covers nothing is itself a finding.

Exemptions sit inside the version (beside the text they excuse) but are excluded from its
content hash (`clauses.model.locked_content`, `rubrics.model.rubric_content`): they record
a review of the lint, not contract content. Adding one changes nothing a provider signs or
a bidder is asked, so it must not force a new version of approved text, and every hash
recorded before exemptions existed stays valid. Reviewers see each one on every lint run.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: Lint rules a reviewer may exempt: judgements about wording, not structural errors.
EXEMPTIBLE_RULES: tuple[str, ...] = ("method-case-study", "method-fixed-form")


class LintExemption(BaseModel):
    """One reviewed decision that a lint rule's finding does not apply here."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str = Field(description=f"The rule exempted: one of {', '.join(EXEMPTIBLE_RULES)}.")
    reason: str = Field(description="Why the finding does not apply; required.")
    reviewed_by: str = Field(min_length=1, description="Who reviewed it (role or name).")
    date: dt.date = Field(description="When it was reviewed (YYYY-MM-DD).")
    field: str | None = Field(
        default=None,
        description="Only this field (dotted path such as text or evidence.1); default all.",
    )

    @field_validator("rule")
    @classmethod
    def _known_rule(cls, value: str) -> str:
        if value not in EXEMPTIBLE_RULES:
            raise ValueError(
                f"rule {value!r} cannot be exempted; exemptible rules: "
                + ", ".join(EXEMPTIBLE_RULES)
            )
        return value

    @field_validator("reason")
    @classmethod
    def _reasoned(cls, value: str) -> str:
        if len(value.split()) < 3:
            raise ValueError(
                "an exemption needs a reason of a few words saying why the finding does not apply"
            )
        return value

    def covers(self, rule: str, field_path: tuple[str | int, ...]) -> bool:
        """Whether this exemption excuses a finding of rule at field_path (relative)."""
        if rule != self.rule:
            return False
        if self.field is None:
            return True
        wanted = tuple(self.field.split("."))
        return tuple(str(p) for p in field_path[: len(wanted)]) == wanted

    def describe(self) -> str:
        """The note printed beside an exempted finding."""
        return f"exempted by {self.reviewed_by} on {self.date.isoformat()}: {self.reason}"
