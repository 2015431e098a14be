"""Preparing a service specification from its files: manifest, clause library and rubric.

`prepare_specification` loads and resolves everything and returns a `Specification` of
plain values; the Word writer (`templates.word.spec_docx`) only lays it out.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from tenderkit import __version__, fsio
from tenderkit.clauses.assembly import Assembly, assemble
from tenderkit.clauses.library import Library, load_library
from tenderkit.clauses.manifest import LoadedManifest, load_manifest
from tenderkit.errors import TenderkitError
from tenderkit.findings import Finding
from tenderkit.rubrics.crosscheck import (
    clause_word_limit,
    word_limit_mismatches,
)
from tenderkit.rubrics.library import (
    DraftRubric,
    LoadedRubric,
    RubricBase,
    is_file_reference,
    load_rubric_library,
    lock_path,
)
from tenderkit.rubrics.lint import validated_rubric
from tenderkit.rubrics.methodology import methodology
from tenderkit.templates.word.specification import Specification
from tenderkit.workspace.manifest_starter import with_local_schema
from tenderkit.workspace.spec_build import build_specification


def _rubric(
    loaded: LoadedManifest, clauses: Library, rubrics_dir: Path | None
) -> tuple[LoadedRubric, list[Path]]:
    """The manifest's rubric, through the same strict gate as every use of a rubric,
    and the rubric files read to find it.

    `rubric` is `ID[@RANGE]` in the rubric library (default: bundled) or a file path,
    relative to the manifest. A rubric that `tender rubric lint` would fault, or whose
    approved content no longer matches its lock, is refused.
    """
    reference = loaded.manifest.rubric
    where = loaded.location("rubric")
    base = RubricBase(loaded.file.parent, "the manifest's folder")
    rubrics = None if is_file_reference(reference, base) else load_rubric_library(rubrics_dir)
    try:
        rubric = validated_rubric(
            reference,
            clauses,
            rubrics=rubrics,
            base=base,
            allow_drafts=loaded.manifest.allow_drafts,
        )
    except DraftRubric as exc:
        raise DraftRubric(
            exc.message,
            exc.location or where,
            "set `allow_drafts: true` in the manifest to publish a draft",
        ) from None
    except TenderkitError as exc:
        # Problems inside a rubric file name their own line; the rest are the manifest's.
        raise type(exc)(exc.message, exc.location or where, exc.hint) from None
    read = rubrics.files() if rubrics is not None else []
    return rubric, [*read, rubric.file, lock_path(rubric.file.parent)]


def rubric_warnings(rubric: LoadedRubric, assembly: Assembly) -> list[Finding]:
    """Word limits where a clause of this specification and its criterion disagree.

    (A criterion with nothing to assess here is `Specification.unassessed_findings`, the one
    rule for it: the evaluation appendix leaves such a criterion out.)
    """
    chosen = assembly.clauses()
    limits = {c.resolved.clause.id: clause_word_limit(c.resolved.version, c.values) for c in chosen}
    mismatches = word_limit_mismatches(rubric.rubric, limits)
    out = []
    for i, domain in enumerate(rubric.rubric.domains):
        for j, criterion in enumerate(domain.criteria):
            for mismatch in mismatches:
                if mismatch.criterion is criterion:
                    out.append(
                        Finding(
                            rubric.location("domains", i, "criteria", j, "word_limit"),
                            "word-limit-mismatch",
                            mismatch.message(),
                        )
                    )
    return out


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
    rubric, rubric_files = _rubric(loaded, library, rubrics_dir)
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
        sources=(loaded.file, *library.files(), *rubric_files),
        rubric_warnings=tuple(rubric_warnings(rubric, assembly)),
    )


def build_example_specification(out: Path) -> list[Path]:
    """Build the bundled example manifest into `out` (the manifest is copied beside it)."""
    source = resources.files("tenderkit.templates") / "assets" / "example-manifest.yaml"
    manifest = out / "spec-manifest.yaml"
    # The copy names the installed schema: the bundled file's relative link does not
    # reach it from the lead's folder.
    text = with_local_schema(source.read_text(encoding="utf-8"), "manifest.schema.json")
    fsio.write_text(manifest, text)
    target = out / "service-specification.docx"
    build_specification(prepare_specification(manifest), target)
    return [manifest, target]
