"""Assembling a specification's clauses from a manifest: which versions, which values, what order.

Pure decisions over a loaded library and manifest; every problem is raised against the
manifest entry that caused it, so the message names the manifest's line and YAML path.

- Sections follow the order in which each domain first appears in `clauses`; within a
  section, clauses keep the manifest's order.
- `domain: X` brings in the latest approved version of every clause of X that is not
  selected individually elsewhere in the manifest (an individual entry wins, in its place).
- Values: a clause's own `parameters` override the global ones; a global value the clause
  does not declare is ignored; an unknown name in a clause's own `parameters` is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tenderkit.clauses.library import Library
from tenderkit.clauses.manifest import ClauseSelection, LoadedManifest
from tenderkit.clauses.model import LOCKED_STATUSES, ParamValue, Status, version_hash
from tenderkit.clauses.placeholders import ParameterError, render_text, resolve_values
from tenderkit.clauses.prescriptive import TermMatcher, find_terms, matchers_for
from tenderkit.clauses.resolve import ResolvedClause, resolve
from tenderkit.errors import InputError, IntegrityError, Location, TenderkitError
from tenderkit.findings import Finding


@dataclass(frozen=True)
class SpecClause:
    """One clause as the document prints it: the version used, its values and filled text."""

    number: str  # "2.3": the heading number the document shows
    resolved: ResolvedClause
    values: dict[str, ParamValue]
    text: str
    hash: str
    selected_at: Location
    given: frozenset[str] = frozenset()  # parameters whose value came from the manifest

    @property
    def ref(self) -> str:
        return self.resolved.ref

    @property
    def status(self) -> Status:
        return self.resolved.version.status


@dataclass(frozen=True)
class SpecSection:
    """A numbered section: one domain and its clauses."""

    number: int
    domain: str
    title: str
    description: str | None
    clauses: list[SpecClause]


@dataclass
class Assembly:
    """The clauses of a specification, grouped into sections, with non-fatal warnings."""

    sections: list[SpecSection]
    warnings: list[Finding] = field(default_factory=list)

    def clauses(self) -> list[SpecClause]:
        return [c for s in self.sections for c in s.clauses]

    def number_of(self, clause_id: str) -> str | None:
        """The section number a clause id appears under, if it is in this specification."""
        return next((c.number for c in self.clauses() if c.resolved.clause.id == clause_id), None)

    @property
    def has_drafts(self) -> bool:
        return any(c.status is Status.DRAFT for c in self.clauses())


@dataclass(frozen=True)
class _Pick:
    clause_id: str
    reference: str
    entry: ClauseSelection
    index: int


def assemble(library: Library, loaded: LoadedManifest) -> Assembly:
    """Resolve the manifest's selection against the library; raise on the first problem."""
    manifest = loaded.manifest
    warnings: list[Finding] = []
    picks = _picks(library, loaded, warnings)
    if not picks:
        raise InputError("the selection contains no approved clauses", loaded.location("clauses"))
    chosen = [_choose(library, loaded, pick) for pick in picks]
    matchers = matchers_for(library.meta.prescriptive_terms)

    declared = {name for c in chosen for name in c.version.parameters}
    for name in manifest.parameters:
        if name not in declared:
            warnings.append(
                Finding(
                    loaded.location("parameters", name),
                    "parameter-unused",
                    f"no selected clause declares {name!r}; the value is ignored",
                )
            )

    order: dict[str, list[tuple[_Pick, ResolvedClause]]] = {}
    for pick, resolved in zip(picks, chosen, strict=True):
        order.setdefault(resolved.clause.domain, []).append((pick, resolved))
    sections = []
    for number, (domain_id, members) in enumerate(order.items(), start=1):
        domain = library.taxonomy.domain(domain_id)
        clauses = [
            _spec_clause(loaded, f"{number}.{i}", pick, resolved, matchers)
            for i, (pick, resolved) in enumerate(members, start=1)
        ]
        sections.append(
            SpecSection(
                number=number,
                domain=domain_id,
                title=domain.title if domain else domain_id,
                description=domain.description if domain else None,
                clauses=clauses,
            )
        )
    return Assembly(sections, warnings)


def _picks(library: Library, loaded: LoadedManifest, warnings: list[Finding]) -> list[_Pick]:
    """Expand domain entries and check ids, in manifest order."""
    entries = loaded.manifest.selections()
    individual: dict[str, int] = {}
    domains: dict[str, int] = {}
    for index, entry in enumerate(entries):
        where = loaded.location("clauses", index)
        if entry.id is not None:
            if entry.id in individual:
                first = loaded.location("clauses", individual[entry.id])
                raise InputError(f"{entry.id} is already selected at {_place(first)}", where)
            if entry.id not in library.clauses:
                raise InputError(
                    f"unknown clause {entry.id!r} (not in the library at {library.root})",
                    where,
                    hint="see `tender clauses list`",
                )
            individual[entry.id] = index
        else:
            assert entry.domain is not None
            if library.taxonomy.domain(entry.domain) is None:
                known = ", ".join(library.taxonomy.domain_ids())
                raise InputError(
                    f"unknown domain {entry.domain!r}; the library has {known}",
                    loaded.location("clauses", index, "domain"),
                )
            if entry.domain in domains:
                first = loaded.location("clauses", domains[entry.domain])
                raise InputError(
                    f"domain {entry.domain} is already selected at {_place(first)}", where
                )
            domains[entry.domain] = index

    picks: list[_Pick] = []
    for index, entry in enumerate(entries):
        if entry.id is not None:
            picks.append(_Pick(entry.id, entry.reference, entry, index))
            continue
        assert entry.domain is not None
        members = library.in_domain(entry.domain)
        approved = [c for c in members if any(v.status is Status.APPROVED for v in c.versions)]
        if not approved:
            warnings.append(
                Finding(
                    loaded.location("clauses", index, "domain"),
                    "empty-domain",
                    f"domain {entry.domain!r} has no approved clauses in the library; "
                    "the document has no section for it",
                )
            )
        picks.extend(_Pick(c.id, c.id, entry, index) for c in approved if c.id not in individual)
    return picks


def _place(location: Location) -> str:
    return f"line {location.line} ({location.path})" if location.line else str(location.path)


def _choose(library: Library, loaded: LoadedManifest, pick: _Pick) -> ResolvedClause:
    """The version a pick means, refused when withdrawn, a disallowed draft or edited."""
    where = loaded.location("clauses", pick.index)
    try:
        resolved = resolve(library, pick.reference, allow_drafts=loaded.manifest.allow_drafts)
    except TenderkitError as exc:
        hint = exc.hint
        if exc.message.endswith("is a draft"):
            hint = "set `allow_drafts: true` in the manifest to use a draft deliberately"
        raise type(exc)(exc.message, where, hint) from None
    recorded = library.lock.approved.get(resolved.ref)
    digest = version_hash(resolved.clause, resolved.version)
    if resolved.version.status in LOCKED_STATUSES and recorded is None:
        # A status alone is not an approval: only `approve` records the hash that makes
        # the text provable later, so a specification never carries unrecorded text.
        raise IntegrityError(
            f"{resolved.ref} is marked {resolved.version.status} but its approval is not "
            f"recorded in {library.lock.path.name}",
            where,
            hint="run `tender clauses approve ID VERSION --library DIR` to record it",
        )
    if resolved.version.status in LOCKED_STATUSES and recorded != digest:
        raise IntegrityError(
            f"{resolved.ref} no longer matches the content recorded when it was approved "
            f"({library.lock.path.name})",
            where,
            hint="run `tender clauses lint`; a change to approved text needs a new version",
        )
    return resolved


def _spec_clause(
    loaded: LoadedManifest,
    number: str,
    pick: _Pick,
    resolved: ResolvedClause,
    matchers: list[TermMatcher],
) -> SpecClause:
    version = resolved.version
    own = pick.entry.parameters
    for name in own:
        if name not in version.parameters:
            known = ", ".join(version.parameters) or "none"
            raise InputError(
                f"{resolved.ref}: unknown parameter {name!r} (this version declares: {known})",
                loaded.location("clauses", pick.index, "parameters", name),
            )
    shared = {n: v for n, v in loaded.manifest.parameters.items() if n in version.parameters}
    given: dict[str, Any] = {**shared, **own}
    try:
        values = resolve_values(version, given)
    except ParameterError as exc:
        raise InputError(
            f"{resolved.ref}: {exc.message}",
            _parameter_location(loaded, pick, exc.parameter, own, shared),
            hint=None if exc.parameter in given else _missing_hint(exc.parameter),
        ) from None
    text = render_text(version, values)
    _check_prescriptive(loaded, pick, resolved, text, given, matchers)
    return SpecClause(
        number=number,
        resolved=resolved,
        values=values,
        text=text,
        hash=version_hash(resolved.clause, version),
        selected_at=loaded.location("clauses", pick.index),
        given=frozenset(given),
    )


def _check_prescriptive(
    loaded: LoadedManifest,
    pick: _Pick,
    resolved: ResolvedClause,
    text: str,
    given: Mapping[str, Any],
    matchers: list[TermMatcher],
) -> None:
    """The prescriptiveness rule over the requirement text as rendered: a manifest value
    can name an initiative as surely as the clause text can. Raised at the value that
    brought the term in, or at the clause entry."""
    for hit in find_terms(text, matchers):
        culprit = next(
            (
                name
                for name, value in given.items()
                if isinstance(value, str) and find_terms(value, matchers)
            ),
            None,
        )
        where = (
            _parameter_location(loaded, pick, culprit, pick.entry.parameters, given)
            if culprit is not None
            else loaded.location("clauses", pick.index)
        )
        via = (
            f"parameter {culprit!r} puts"
            if culprit is not None
            else "its text with these values puts"
        )
        raise InputError(
            f"{resolved.ref}: {via} a particular initiative into the requirement "
            f"({hit.matched!r}, deny-list term {hit.term!r}); ask for the outcome and evidence "
            "instead (mention it in guidance or examples only)",
            where,
        )


def _parameter_location(
    loaded: LoadedManifest,
    pick: _Pick,
    name: str,
    own: Mapping[str, Any],
    shared: Mapping[str, Any],
) -> Location:
    if name in own:
        return loaded.location("clauses", pick.index, "parameters", name)
    if name in shared:
        return loaded.location("parameters", name)
    return loaded.location("clauses", pick.index)


def _missing_hint(name: str) -> str:
    return f"set {name} under the top-level `parameters`, or in this clause's own `parameters`"
