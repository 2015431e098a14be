"""Everything a service specification says, decided before any document is written.

`Specification` holds plain values, prepared by `tenderkit.workspace.specification`; the
writer (`spec_docx`) only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tenderkit.clauses.assembly import Assembly
from tenderkit.clauses.manifest import LoadedManifest
from tenderkit.clauses.model import Status
from tenderkit.findings import Finding
from tenderkit.rubrics.methodology import Methodology, PublishedCriterion
from tenderkit.templates.word.properties import SpecProperties


@dataclass(frozen=True)
class Specification:
    """A specification's content: manifest, clauses in sections, and the published method."""

    manifest: LoadedManifest
    assembly: Assembly
    method: Methodology
    rubric_status: Status
    library_name: str
    library_release: str
    tool_version: str
    kind_titles: dict[str, str]
    #: Every file read to prepare it (manifest, clause library, rubric), so that no output
    #: is written over one of them.
    sources: tuple[Path, ...] = ()
    #: Where the rubric and the chosen clauses disagree (see `rubric_warnings`).
    rubric_warnings: tuple[Finding, ...] = ()

    @property
    def warnings(self) -> list[Finding]:
        return [*self.assembly.warnings, *self.rubric_warnings, *self.unassessed_findings()]

    def assesses_this_specification(self, row: PublishedCriterion) -> bool:
        """Whether a criterion has something to assess here: a clause of this specification,
        or no clause named at all (a criterion on the bid as a whole)."""
        clauses = row.criterion.clauses
        return not clauses or any(self.assembly.number_of(c) for c in clauses)

    def assessed_criteria(self) -> list[PublishedCriterion]:
        """The rubric's criteria the evaluation appendix publishes, in rubric order."""
        return [row for row in self.method.criteria() if self.assesses_this_specification(row)]

    def unassessed_findings(self) -> list[Finding]:
        """One finding per criterion whose clauses are all missing from this specification."""
        where = self.manifest.location("rubric")
        return [
            Finding(
                where,
                "criterion-unassessed",
                f"criterion {row.criterion.id} of {self.method.ref} assesses "
                f"{', '.join(row.criterion.clauses)}, none of them in this specification: "
                "it is left out of the evaluation appendix; choose a rubric that fits the "
                "clauses, or add them",
            )
            for row in self.method.criteria()
            if not self.assesses_this_specification(row)
        ]

    @property
    def library_label(self) -> str:
        return f"{self.library_name} (release {self.library_release})"

    def properties(self) -> SpecProperties:
        """The provenance written into the file's custom properties."""
        manifest = self.manifest.manifest
        return SpecProperties(
            reference=manifest.reference,
            document_version=manifest.version,
            manifest_hash=self.manifest.hash,
            rubric=self.method.ref,
            tool_version=self.tool_version,
            library=self.library_label,
            clauses=[c.ref for c in self.assembly.clauses()],
            clause_hashes={c.ref: c.hash for c in self.assembly.clauses()},
        )
