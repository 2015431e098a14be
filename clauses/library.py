"""Loading a clause library folder: metadata, taxonomy, clause files and the lock."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from tenderkit.clauses.lock import LOCK_NAME, Lock
from tenderkit.clauses.model import Clause, ClauseVersion
from tenderkit.clauses.prescriptive import TermText
from tenderkit.clauses.taxonomy import Taxonomy
from tenderkit.errors import InputError, Location, NotFoundError
from tenderkit.findings import Finding
from tenderkit.yamlio import YamlDocument, load_yaml

LIBRARY_FILE = "library.yaml"
TAXONOMY_FILE = "taxonomy.yaml"
#: The record of the library's releases (see `tenderkit.clauses.releases`).
RELEASES_FILE = "releases.yaml"


#: A release number: numbers separated by dots (2027.1, 4, 2.1.0), no leading zeros.
RELEASE_NUMBER = r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$"


def _release_number(value: str) -> str:
    if not re.match(RELEASE_NUMBER, value):
        raise ValueError(
            f"{value!r} is not a release number: use numbers separated by dots, such as 2027.1"
        )
    return value


ReleaseNumber = Annotated[
    str,
    AfterValidator(_release_number),
    WithJsonSchema({"type": "string", "pattern": RELEASE_NUMBER}),
]


class LibraryMeta(BaseModel):
    """`library.yaml`: the library's name, release and organisation-specific settings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    release: ReleaseNumber = Field(
        description="Release number of the library as a whole: numbers separated by dots "
        "(2027.1). Raise it whenever the library changes after a recorded release.",
    )
    release_numbers: Literal["sequence", "semantic"] = Field(
        default="sequence",
        description="sequence: a changed library needs a higher number (calendar releases "
        "such as 2027.1); semantic: MAJOR.MINOR.PATCH, raised by as much as the changes "
        "since the last release need.",
    )
    source: str | None = None
    prescriptive_terms: list[TermText] = Field(
        default_factory=list,
        description="Extra names of schemes, products or apps that requirement text must not use.",
    )


@dataclass
class Library:
    """A loaded clause library. Clauses are ordered by taxonomy domain, then id."""

    root: Path
    meta: LibraryMeta
    taxonomy: Taxonomy
    lock: Lock
    clauses: dict[str, Clause] = field(default_factory=dict)
    documents: dict[str, YamlDocument] = field(default_factory=dict)

    def get(self, clause_id: str) -> Clause:
        clause = self.clauses.get(clause_id)
        if clause is None:
            raise NotFoundError(
                f"unknown clause {clause_id!r}",
                Location(self.root),
                hint="see `tender clauses list`",
            )
        return clause

    def files(self) -> list[Path]:
        """Every file the library is read from (for refusing an output that would replace one)."""
        return [
            self.root / LIBRARY_FILE,
            self.root / TAXONOMY_FILE,
            self.lock.path,
            self.root / RELEASES_FILE,
            *clause_files(self.root),
        ]

    def in_domain(self, domain: str) -> list[Clause]:
        return [c for c in self.clauses.values() if c.domain == domain]

    def document(self, clause_id: str) -> YamlDocument:
        return self.documents[clause_id]

    def version_location(
        self, clause: Clause, version: ClauseVersion, *path: str | int
    ) -> Location:
        # By identity: two identical version blocks are equal, but each has its own line.
        index = next(i for i, v in enumerate(clause.versions) if v is version)
        return self.documents[clause.id].location(("versions", index, *path))


def bundled_library_path() -> Path:
    """The workplace-compassion library that ships inside the package."""
    return Path(str(resources.files("tenderkit.clauses") / "library"))


def _require_library(root: Path) -> None:
    if not root.is_dir():
        raise NotFoundError("not a folder", Location(root), hint="pass --library DIR")
    if not (root / LIBRARY_FILE).is_file():
        raise NotFoundError(
            f"not a clause library: no {LIBRARY_FILE} in the folder",
            Location(root),
            hint="a library folder holds library.yaml, taxonomy.yaml and clause files",
        )
    if not (root / TAXONOMY_FILE).is_file():
        raise NotFoundError(f"not a clause library: no {TAXONOMY_FILE}", Location(root))


def clause_files(root: Path) -> list[Path]:
    """Clause files: every `*.yaml` in the library's subfolders, in a stable order.

    A subfolder that cannot be read is an InputError: leaving its clauses out without a
    word would make a listing, a lint or a specification silently incomplete.
    """

    def unreadable(exc: OSError) -> None:
        where = Location(exc.filename if exc.filename is not None else root)
        raise InputError(f"cannot read the folder: {(exc.strerror or '').lower()}", where)

    found = []
    for folder, _, files in os.walk(root, onerror=unreadable):
        here = Path(folder)
        if here == root:
            continue
        found += [here / name for name in files if name.endswith(".yaml")]
    return sorted(p for p in found if p.is_file())


def scan_library(root: Path | str) -> tuple[Library, list[Finding]]:
    """Load what can be loaded; return the library and every problem met on the way.

    Problems in library.yaml or taxonomy.yaml stop the load (nothing else can be checked
    without them); a broken clause file is reported and left out.
    """
    root = Path(root)
    _require_library(root)
    meta = load_yaml(root / LIBRARY_FILE).validate(LibraryMeta)
    taxonomy = load_yaml(root / TAXONOMY_FILE).validate(Taxonomy)
    lock = Lock.load(root / LOCK_NAME)
    library = Library(root=root, meta=meta, taxonomy=taxonomy, lock=lock)
    findings: list[Finding] = []
    loaded: list[tuple[Clause, YamlDocument]] = []
    for path in clause_files(root):
        try:
            doc = load_yaml(path)
        except InputError as exc:
            findings.append(Finding.from_error(exc, "yaml"))
            continue
        result = doc.validation_errors(Clause, doc.data)
        if isinstance(result, list):
            findings.extend(Finding.from_error(e) for e in result)
            continue
        problems = _taxonomy_problems(result, doc, taxonomy)
        findings.extend(problems)
        if problems:
            continue
        if result.id in library.clauses:
            first = library.documents[result.id]
            findings.append(
                Finding(
                    doc.location(("id",)),
                    "duplicate-id",
                    f"clause id {result.id} is already defined in {first.file}",
                )
            )
            continue
        library.clauses[result.id] = result
        library.documents[result.id] = doc
        loaded.append((result, doc))
    order = {d: i for i, d in enumerate(taxonomy.domain_ids())}
    ranked = sorted(loaded, key=lambda cd: (order[cd[0].domain], cd[0].id))
    library.clauses = {c.id: c for c, _ in ranked}
    return library, findings


def _taxonomy_problems(clause: Clause, doc: YamlDocument, taxonomy: Taxonomy) -> list[Finding]:
    out = []
    for field_name, known in (
        ("domain", taxonomy.domain_ids()),
        ("stage", taxonomy.stage_ids()),
        ("kind", taxonomy.kind_ids()),
    ):
        value = getattr(clause, field_name)
        if value not in known:
            out.append(
                Finding(
                    doc.location((field_name,)),
                    "schema",
                    f"unknown {field_name} {value!r}; the taxonomy has {', '.join(known)}",
                )
            )
    return out


def load_library(root: Path | str | None = None) -> Library:
    """Load a library strictly: the first problem in any file raises InputError."""
    library, findings = scan_library(Path(root) if root is not None else bundled_library_path())
    if findings:
        first = sorted(findings, key=Finding.sort_key)[0]
        more = (
            f" (and {len(findings) - 1} more; run `tender clauses lint`)"
            if len(findings) > 1
            else ""
        )
        raise InputError(f"[{first.rule}] {first.message}{more}", first.location)
    return library
