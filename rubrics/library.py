"""Loading rubric files and resolving `id@version` references to one published rubric.

A rubric library is a folder of YAML files, one per rubric version, with a lock file
(`rubrics.lock`) recording the content hash of every approved version. A reference is
`ID`, `ID@1`, `ID@^1.2`, `ID@1.2.0` (as for clauses) or a path to a rubric file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from tenderkit.clauses.lock import Lock
from tenderkit.clauses.model import Status
from tenderkit.errors import InputError, Location, NotFoundError, ResolutionError
from tenderkit.rubrics.model import Rubric
from tenderkit.semver import VersionRange, split_reference
from tenderkit.yamlio import YamlDocument, load_yaml

RUBRIC_LOCK = "rubrics.lock"


@dataclass(frozen=True)
class LoadedRubric:
    """A rubric with the file it came from (for messages that name a line)."""

    rubric: Rubric
    document: YamlDocument

    @property
    def file(self) -> Path:
        return self.document.file

    def location(self, *path: str | int) -> Location:
        return self.document.location(path)


@dataclass
class RubricLibrary:
    root: Path
    lock: Lock
    rubrics: list[LoadedRubric] = field(default_factory=list)

    def versions_of(self, rubric_id: str) -> list[LoadedRubric]:
        return sorted(
            (r for r in self.rubrics if r.rubric.id == rubric_id), key=lambda r: r.rubric.semver
        )

    def ids(self) -> list[str]:
        return sorted({r.rubric.id for r in self.rubrics})


def bundled_rubrics_path() -> Path:
    return Path(str(resources.files("tenderkit.rubrics") / "library"))


def load_rubric_file(path: Path | str) -> LoadedRubric:
    """Parse and validate one rubric file (schema only; see `rubrics.checks` for the rest)."""
    doc = load_yaml(path)
    return LoadedRubric(doc.validate(Rubric), doc)


def load_rubric_library(root: Path | str | None = None) -> RubricLibrary:
    root = Path(root) if root is not None else bundled_rubrics_path()
    if not root.is_dir():
        raise NotFoundError("not a rubric library folder", Location(root))
    library = RubricLibrary(root=root, lock=Lock.load(root / RUBRIC_LOCK))
    for path in sorted(root.glob("*.yaml")):
        library.rubrics.append(load_rubric_file(path))
    seen: dict[str, Path] = {}
    for loaded in library.rubrics:
        ref = loaded.rubric.ref
        if ref in seen:
            raise InputError(
                f"rubric {ref} is also defined in {seen[ref]}", loaded.location("version")
            )
        seen[ref] = loaded.file
    return library


def resolve_rubric(
    reference: str, library: RubricLibrary | None = None, *, allow_drafts: bool = False
) -> LoadedRubric:
    """Resolve `ID[@RANGE]` in the library, or load a rubric file when given a path."""
    as_path = Path(reference)
    if reference.endswith((".yaml", ".yml")) or as_path.is_file():
        return load_rubric_file(as_path)
    library = library or load_rubric_library()
    rubric_id, range_text = split_reference(reference)
    versions = library.versions_of(rubric_id)
    if not versions:
        known = ", ".join(library.ids()) or "none"
        raise NotFoundError(f"unknown rubric {rubric_id!r} (known: {known})")
    described = ", ".join(f"{r.rubric.version} ({r.rubric.status})" for r in versions)
    try:
        wanted = VersionRange.parse(range_text) if range_text is not None else None
    except ValueError as exc:
        raise ResolutionError(f"{reference}: {exc}") from None
    if wanted is not None and wanted.exact:
        match = next((r for r in versions if r.rubric.semver == wanted.low), None)
        if match is None:
            raise ResolutionError(
                f"rubric {rubric_id} has no version {range_text}; versions: {described}"
            )
        if match.rubric.status is Status.WITHDRAWN:
            raise ResolutionError(f"rubric {match.rubric.ref} is withdrawn")
        if match.rubric.status is Status.DRAFT and not allow_drafts:
            raise ResolutionError(
                f"rubric {match.rubric.ref} is a draft", hint="allow drafts explicitly"
            )
        return match
    approved = [
        r
        for r in versions
        if r.rubric.status is Status.APPROVED
        and (wanted is None or wanted.contains(r.rubric.semver))
    ]
    if not approved:
        scope = f" in range {wanted}" if wanted is not None else ""
        raise ResolutionError(
            f"rubric {rubric_id}: no approved version{scope}; versions: {described}"
        )
    return approved[-1]
