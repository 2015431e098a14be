"""Loading rubric files and resolving `id@version` references to one published rubric.

A rubric library is a folder of YAML files, one per rubric version, with a lock file
(`rubrics.lock`) recording the content hash of every approved version. A reference is
`ID`, `ID@1`, `ID@^1.2`, `ID@1.2.0` (as for clauses) or a path to a rubric file.

One rule decides which (`rubric_file_path`): a reference ending in .yaml or .yml, holding a
path separator, or naming a file in its base folder is a file, read relative to that base
(`RubricBase`: the workspace folder for tender.yaml, the manifest's folder for a manifest,
the current folder on the command line). Refusals are typed: `DraftRubric`,
`UnknownRubric`, `MissingRubricFile`, so callers add their own hint without reading text.

Loading here checks the file format only. A rubric that is about to be used (in a
specification, a workbook, an export) goes through `tenderkit.rubrics.lint.validated_rubric`,
which also refuses weights that do not add up, undefined scales, unknown clauses and the
rest of the lint rules.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from tenderkit.clauses.lock import Lock
from tenderkit.errors import InputError, Location, NotFoundError, ResolutionError
from tenderkit.findings import Finding, refusal
from tenderkit.rubrics.model import Rubric
from tenderkit.semver import split_reference
from tenderkit.version_choice import Choice, Refusal, choose_version, status_refusal
from tenderkit.yamlio import YamlDocument, load_yaml

RUBRIC_LOCK = "rubrics.lock"


@dataclass(frozen=True)
class RubricBase:
    """The folder a rubric file reference is read relative to, and how messages name it."""

    folder: Path
    name: str

    @classmethod
    def current(cls) -> RubricBase:
        return cls(Path.cwd(), "the current folder")


class DraftRubric(ResolutionError):
    """The reference picked a draft, and drafts were not allowed."""


class UnknownRubric(NotFoundError):
    """No rubric of that id in the library (and the reference is not a file)."""


class MissingRubricFile(InputError, NotFoundError):
    """The reference is a file path, and no file is there (a mistake in the referring file)."""


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
    """A folder of rubric files and its lock of approved content hashes."""

    root: Path
    lock: Lock
    rubrics: list[LoadedRubric] = field(default_factory=list)

    def get(self, rubric_id: str, version: str) -> LoadedRubric:
        """Exactly `rubric_id@version`; NotFoundError listing the versions there are."""
        versions = self.versions_of(rubric_id)
        match = next((r for r in versions if r.rubric.version == version), None)
        if match is None:
            there = ", ".join(r.rubric.version for r in versions) or "none"
            raise NotFoundError(
                f"rubric {rubric_id} has no version {version} (versions: {there})",
                Location(self.root),
            )
        return match

    def versions_of(self, rubric_id: str) -> list[LoadedRubric]:
        return sorted(
            (r for r in self.rubrics if r.rubric.id == rubric_id), key=lambda r: r.rubric.semver
        )

    def ids(self) -> list[str]:
        return sorted({r.rubric.id for r in self.rubrics})

    def files(self) -> list[Path]:
        """Every file the library is read from (for refusing an output that would replace one)."""
        return [self.lock.path, *sorted(self.root.glob("*.yaml"))]


def bundled_rubrics_path() -> Path:
    return Path(str(resources.files("tenderkit.rubrics") / "library"))


def load_rubric_file(path: Path | str) -> LoadedRubric:
    """Parse and validate one rubric file (schema only; see `rubrics.checks` for the rest)."""
    doc = load_yaml(path)
    return LoadedRubric(doc.validate(Rubric), doc)


def scan_rubric_file(path: Path | str) -> tuple[LoadedRubric | None, list[Finding]]:
    """Load a rubric file, or report every YAML and schema problem that stops it loading."""
    try:
        doc = load_yaml(path)
    except InputError as exc:
        return None, [Finding.from_error(exc, "yaml")]
    result = doc.validation_errors(Rubric, doc.data)
    if isinstance(result, list):
        return None, [Finding.from_error(e) for e in result]
    return LoadedRubric(result, doc), []


def lock_path(folder: Path) -> Path:
    """Where the lock of the rubric files in folder is."""
    return folder / RUBRIC_LOCK


def scan_rubric_library(root: Path | str | None = None) -> tuple[RubricLibrary, list[Finding]]:
    """Load every rubric file in the folder that loads; report the others and duplicates."""
    root = Path(root) if root is not None else bundled_rubrics_path()
    if not root.is_dir():
        raise NotFoundError(
            "not a rubric library folder", Location(root), hint="pass --rubrics DIR"
        )
    files = sorted(root.glob("*.yaml"))
    if not files and not lock_path(root).exists():
        # Linting nothing and calling it clean would hide a mistyped folder.
        raise NotFoundError(
            f"not a rubric library: no rubric files (*.yaml) and no {RUBRIC_LOCK} in the folder",
            Location(root),
            hint="pass --rubrics DIR, or name rubric files",
        )
    library = RubricLibrary(root=root, lock=Lock.load(lock_path(root)))
    findings: list[Finding] = []
    seen: dict[str, Path] = {}
    for path in files:
        loaded, problems = scan_rubric_file(path)
        findings.extend(problems)
        if loaded is None:
            continue
        ref = loaded.rubric.ref
        if ref in seen:
            findings.append(
                Finding(
                    loaded.location("version"),
                    "duplicate-version",
                    f"rubric {ref} is also defined in {seen[ref]}",
                )
            )
            continue
        seen[ref] = loaded.file
        library.rubrics.append(loaded)
    return library, findings


def load_rubric_library(root: Path | str | None = None) -> RubricLibrary:
    """Load a rubric library strictly: the first file that does not load raises InputError."""
    library, findings = scan_rubric_library(root)
    if findings:
        raise refusal(findings, "tender rubric lint")
    return library


def rubric_file_path(reference: str, base: RubricBase | None = None) -> Path | None:
    """The file a reference names, relative to base (default: the current folder), or None
    when it is `ID[@RANGE]` (see the module docstring)."""
    folder = (base or RubricBase.current()).folder
    candidate = Path(reference)
    if not candidate.is_absolute():
        candidate = folder / candidate
    looks_like_path = (
        reference.endswith((".yaml", ".yml")) or "/" in reference or os.sep in reference
    )
    return candidate if looks_like_path or candidate.is_file() else None


def resolve_rubric(
    reference: str,
    library: RubricLibrary | None = None,
    *,
    base: RubricBase | None = None,
    allow_drafts: bool = False,
) -> LoadedRubric:
    """Resolve `ID[@RANGE]` in the library, or load a rubric file when given a path.

    `ID` and ranges pick the latest approved version; an exact version or a file may also
    be superseded (so an old tender can be reproduced), a draft only with `allow_drafts`,
    never withdrawn.
    """
    base = base or RubricBase.current()
    path = rubric_file_path(reference, base)
    if path is not None:
        if path.is_dir():
            raise InputError(f"rubric file {path} is a folder, not a file")
        if not path.is_file():
            raise MissingRubricFile(
                f"rubric file {path} not found: there is no rubric file {reference!r} in "
                f"{base.name}, which paths are relative to"
            )
        return _usable(load_rubric_file(path), allow_drafts)
    library = library or load_rubric_library()
    rubric_id, range_text = split_reference(reference)
    versions = library.versions_of(rubric_id)
    if not versions:
        known = ", ".join(library.ids()) or "none"
        if Path(reference).is_file() and base.folder.resolve() != Path.cwd().resolve():
            # The same file must not mean another rubric when run from somewhere else.
            raise UnknownRubric(
                f"{reference!r} is neither a bundled rubric (id@version) nor a file in "
                f"{base.name}; a file of that name in the current folder is not used"
            )
        raise UnknownRubric(f"unknown rubric {rubric_id!r} (known: {known})")
    choice = choose_version(
        versions,
        range_text,
        version=lambda r: r.rubric.semver,
        status=lambda r: r.rubric.status,
        allow_drafts=allow_drafts,
    )
    if choice.refusal is None and choice.picked is not None:
        return choice.picked
    raise _refused(rubric_id, reference, range_text, versions, choice)


def _refused(
    rubric_id: str,
    reference: str,
    range_text: str | None,
    versions: list[LoadedRubric],
    choice: Choice[LoadedRubric],
) -> ResolutionError:
    described = ", ".join(f"{r.rubric.version} ({r.rubric.status})" for r in versions)
    picked = choice.picked
    if choice.refusal is Refusal.BAD_RANGE:
        return ResolutionError(f"{reference}: {choice.problem}")
    if choice.refusal is Refusal.NO_SUCH_VERSION:
        return ResolutionError(
            f"rubric {rubric_id} has no version {range_text}; versions: {described}"
        )
    if choice.refusal is Refusal.WITHDRAWN and picked is not None:
        return ResolutionError(f"rubric {picked.rubric.ref} is withdrawn")
    if choice.refusal is Refusal.DRAFT and picked is not None:
        return DraftRubric(f"rubric {picked.rubric.ref} is a draft", hint="allow drafts explicitly")
    scope = f" in range {choice.wanted}" if choice.wanted is not None else ""
    return ResolutionError(f"rubric {rubric_id}: no approved version{scope}; versions: {described}")


def is_file_reference(reference: str, base: RubricBase | None = None) -> bool:
    """Whether a reference names a rubric file rather than `ID[@RANGE]`."""
    return rubric_file_path(reference, base) is not None


def _usable(loaded: LoadedRubric, allow_drafts: bool) -> LoadedRubric:
    rubric = loaded.rubric
    refusal = status_refusal(rubric.status, allow_drafts=allow_drafts)
    if refusal is Refusal.WITHDRAWN:
        raise ResolutionError(f"rubric {rubric.ref} is withdrawn", loaded.location("status"))
    if refusal is Refusal.DRAFT:
        raise DraftRubric(
            f"rubric {rubric.ref} is a draft",
            loaded.location("status"),
            hint="drafts are used only when allowed explicitly (--allow-drafts)",
        )
    return loaded
