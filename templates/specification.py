"""Everything a service specification says, decided before any document is written.

`prepare_specification` loads the manifest, the clause library and the rubric, and returns a
`Specification` of plain values: the writer (`spec_docx`) only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tenderkit import __version__
from tenderkit.clauses.assembly import Assembly, assemble
from tenderkit.clauses.library import load_library
from tenderkit.clauses.manifest import LoadedManifest, load_manifest
from tenderkit.clauses.model import Status
from tenderkit.errors import InputError, IntegrityError, ResolutionError, TenderkitError
from tenderkit.findings import Finding
from tenderkit.rubrics.library import (
    LoadedRubric,
    load_rubric_file,
    load_rubric_library,
    resolve_rubric,
)
from tenderkit.rubrics.methodology import Methodology, methodology
from tenderkit.rubrics.model import rubric_hash
from tenderkit.templates.properties import SpecProperties


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

    @property
    def warnings(self) -> list[Finding]:
        return list(self.assembly.warnings)

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
        )


def _rubric(loaded: LoadedManifest, rubrics_dir: Path | None) -> LoadedRubric:
    """Resolve the manifest's rubric: a bundled `id@version`, or a file beside the manifest."""
    reference = loaded.manifest.rubric
    where = loaded.location("rubric")
    allow = loaded.manifest.allow_drafts
    if reference.endswith((".yaml", ".yml")):
        path = Path(reference)
        if not path.is_absolute():
            path = loaded.file.parent / path
        if not path.is_file():
            raise InputError(f"rubric file {path} not found", where)
        # Problems inside the rubric file are reported against its own lines.
        loaded_file = load_rubric_file(path)
        status = loaded_file.rubric.status
        if status is Status.WITHDRAWN or (status is Status.DRAFT and not allow):
            raise ResolutionError(
                f"rubric {loaded_file.rubric.ref} in {path.name} is {status.value}",
                where,
                hint="set `allow_drafts: true` to publish a draft"
                if status is Status.DRAFT
                else None,
            )
        return loaded_file
    try:
        library = load_rubric_library(rubrics_dir)
        chosen = resolve_rubric(reference, library, allow_drafts=allow)
    except TenderkitError as exc:
        if exc.location is not None:
            raise
        raise type(exc)(exc.message, where, exc.hint) from None
    recorded = library.lock.approved.get(chosen.rubric.ref)
    if recorded is not None and recorded != rubric_hash(chosen.rubric):
        raise IntegrityError(
            f"rubric {chosen.rubric.ref} no longer matches the content recorded when it was "
            "approved; a published rubric cannot change",
            where,
        )
    return chosen


def prepare_specification(
    manifest_path: Path | str,
    *,
    library_dir: Path | str | None = None,
    rubrics_dir: Path | None = None,
) -> Specification:
    """Load and resolve everything a specification needs; raise on the first problem."""
    loaded = load_manifest(manifest_path)
    library = load_library(library_dir)
    assembly = assemble(library, loaded)
    rubric = _rubric(loaded, rubrics_dir)
    weights = loaded.manifest.weights
    titles = {d.id: d.title for d in library.taxonomy.domains}
    method = methodology(rubric.rubric, titles, weights.quality if weights else None)
    return Specification(
        manifest=loaded,
        assembly=assembly,
        method=method,
        rubric_status=rubric.rubric.status,
        library_name=library.meta.name,
        library_release=library.meta.release,
        tool_version=__version__,
        kind_titles={k.id: k.title for k in library.taxonomy.kinds},
    )
