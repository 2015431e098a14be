"""`tender clauses lint`: every rule a library must pass, one finding per problem."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from tenderkit.clauses.changes.severity import bump_checks
from tenderkit.clauses.changes.since_release import release_findings
from tenderkit.clauses.library import Library, clause_files, scan_library
from tenderkit.clauses.method import MethodProblem, apply_exemptions, text_problems
from tenderkit.clauses.model import (
    LOCKED_STATUSES,
    PLACEHOLDER,
    Clause,
    ClauseVersion,
    ParameterType,
    Status,
    check_bounds,
    version_hash,
)
from tenderkit.clauses.placeholders import format_value
from tenderkit.clauses.prescriptive import TermMatcher, find_terms, matchers_for
from tenderkit.errors import Location
from tenderkit.findings import Finding

_PARAM_NAME_OK = r"[a-z][a-z0-9_]*"


def lint_library(root: Path | str) -> list[Finding]:
    """Load the library at root and return every finding, sorted by file and line."""
    library, findings = scan_library(root)
    findings.extend(check_library(library))
    return sorted(findings, key=Finding.sort_key)


def check_library(library: Library) -> list[Finding]:
    matchers = matchers_for(library.meta.prescriptive_terms)
    findings: list[Finding] = []
    for clause in library.clauses.values():
        findings.extend(_check_clause(library, clause, matchers))
    findings.extend(_check_lock_orphans(library))
    findings.extend(release_findings(library))
    return findings


def _check_clause(
    library: Library, clause: Clause, matchers: list[TermMatcher]
) -> Iterator[Finding]:
    doc = library.document(clause.id)
    if doc.file.stem != clause.id:
        yield Finding(
            doc.location(("id",)),
            "file-name",
            f"file is named {doc.file.name}; expected {clause.id}.yaml",
        )
    if doc.file.parent.name != clause.domain and doc.file.parent != library.root:
        yield Finding(
            doc.location(("domain",)),
            "file-name",
            f"clause of domain {clause.domain} is in folder {doc.file.parent.name}/",
        )
    yield from _check_version_order(library, clause)
    yield from _check_lifecycle(library, clause)
    yield from _check_semver_bump(library, clause)
    for version in clause.versions:
        # Superseded and withdrawn text stays in the library for the tenders pinned to
        # it, unchanged; the method rule judges only what can still be chosen.
        current = version.status in (Status.DRAFT, Status.APPROVED)
        yield from check_content(library, clause, version, matchers, method=current)
        yield from _check_lock(library, clause, version)


def check_content(
    library: Library,
    clause: Clause,
    version: ClauseVersion,
    matchers: list[TermMatcher] | None = None,
    *,
    method: bool = True,
) -> Iterator[Finding]:
    """The rules on one version's own content: what must hold before it can be approved.

    method=False leaves out the method-fixing rules (for superseded and withdrawn text).
    """
    if matchers is None:
        matchers = matchers_for(library.meta.prescriptive_terms)
    yield from _check_placeholders(library, clause, version)
    yield from _check_defaults(library, clause, version)
    yield from _check_prescriptive(library, clause, version, matchers)
    if method:
        yield from _check_method(library, clause, version)


def _check_version_order(library: Library, clause: Clause) -> Iterator[Finding]:
    seen: set[str] = set()
    previous: ClauseVersion | None = None
    for version in clause.versions:
        where = library.version_location(clause, version, "version")
        if version.version in seen:
            yield Finding(
                where, "duplicate-version", f"{clause.id} lists version {version.version} twice"
            )
            continue
        seen.add(version.version)
        if previous is not None:
            if version.semver <= previous.semver:
                yield Finding(
                    where,
                    "version-order",
                    f"version {version.version} follows {previous.version}; "
                    "list versions oldest first",
                )
            elif (
                version.effective and previous.effective and version.effective < previous.effective
            ):
                yield Finding(
                    library.version_location(clause, version, "effective"),
                    "version-order",
                    f"version {version.version} takes effect {version.effective}, "
                    f"before {previous.version} ({previous.effective})",
                )
        previous = version


def _check_lifecycle(library: Library, clause: Clause) -> Iterator[Finding]:
    for i, version in enumerate(clause.versions):
        if version.status is Status.SUPERSEDED:
            later = [
                v
                for v in clause.versions[i + 1 :]
                # A withdrawn version was approved before it was withdrawn: withdrawing a
                # clause supersedes its earlier versions without making them unusable.
                if v.status in (Status.APPROVED, Status.SUPERSEDED, Status.WITHDRAWN)
            ]
            if not later:
                yield Finding(
                    library.version_location(clause, version, "status"),
                    "lifecycle",
                    f"{clause.id}@{version.version} is superseded "
                    "but no later version was approved",
                )


def _check_semver_bump(library: Library, clause: Clause) -> Iterator[Finding]:
    """A version whose number rises less than its changes need (see `changes.severity`)."""
    for check in bump_checks(clause):
        if check.too_small:
            yield Finding(
                library.version_location(clause, check.version, "version"),
                "semver-bump",
                check.message(clause.id),
            )


def _check_placeholders(
    library: Library, clause: Clause, version: ClauseVersion
) -> Iterator[Finding]:
    used = set()
    for raw in PLACEHOLDER.findall(version.text):
        if not re.fullmatch(_PARAM_NAME_OK, raw):
            yield Finding(
                library.version_location(clause, version, "text"),
                "placeholder-syntax",
                f"placeholder {{{{ {raw} }}}} is not a parameter name (use lower_snake_case)",
            )
            continue
        used.add(raw)
        if raw not in version.parameters:
            yield Finding(
                library.version_location(clause, version, "text"),
                "placeholder-undeclared",
                f"{clause.id}@{version.version}: placeholder {{{{ {raw} }}}} "
                "is not declared in parameters",
            )
    leftover = PLACEHOLDER.sub("", version.text)
    if "{{" in leftover or "}}" in leftover:
        yield Finding(
            library.version_location(clause, version, "text"),
            "placeholder-syntax",
            "unbalanced {{ or }} in text",
        )
    for name in version.parameters:
        if name not in used:
            yield Finding(
                library.version_location(clause, version, "parameters", name),
                "parameter-unused",
                f"{clause.id}@{version.version}: parameter {name!r} "
                "is declared but not used in the text",
            )


def _check_defaults(library: Library, clause: Clause, version: ClauseVersion) -> Iterator[Finding]:
    for name, param in version.parameters.items():
        if param.default is None or param.type not in (ParameterType.INTEGER, ParameterType.NUMBER):
            continue
        try:
            check_bounds(param, param.default)
        except ValueError as exc:
            yield Finding(
                library.version_location(clause, version, "parameters", name, "default"),
                "default-out-of-bounds",
                f"{clause.id}@{version.version}: default of {name!r}: {exc}",
            )


def _check_lock(library: Library, clause: Clause, version: ClauseVersion) -> Iterator[Finding]:
    key = f"{clause.id}@{version.version}"
    recorded = library.lock.approved.get(key)
    where = library.version_location(clause, version, "status")
    if version.status in LOCKED_STATUSES:
        if recorded is None:
            yield Finding(
                where,
                "lock-missing",
                f"{key} is {version.status} but has no hash in {library.lock.path.name}",
            )
        elif recorded != version_hash(clause, version):
            yield Finding(
                library.version_location(clause, version),
                "lock-mismatch",
                f"{key} was approved and its content has changed since "
                f"(lock {recorded[:19]}…); publish the change as a new version",
            )
    elif recorded is not None:
        yield Finding(
            where,
            "lock-mismatch",
            f"{key} is recorded as approved in {library.lock.path.name} "
            f"but is marked {version.status}",
        )


def _check_lock_orphans(library: Library) -> Iterator[Finding]:
    for key in library.lock.approved:
        clause_id, _, version = key.partition("@")
        clause = library.clauses.get(clause_id)
        if clause is None and any(p.stem == clause_id for p in clause_files(library.root)):
            continue  # its file failed to load and is reported on its own
        if clause is None or clause.version(version) is None:
            yield Finding(
                Location(library.lock.path, path=key),
                "lock-orphan",
                f"lock records {key} but the library has no such version",
            )


def _check_prescriptive(
    library: Library, clause: Clause, version: ClauseVersion, matchers: list[TermMatcher]
) -> Iterator[Finding]:
    fields: list[tuple[tuple[str | int, ...], str]] = [(("text",), version.text)]
    if version.title:
        fields.append((("title",), version.title))
    fields.extend((("evidence", i), item) for i, item in enumerate(version.evidence))
    for name, param in version.parameters.items():
        if isinstance(param.default, str):
            fields.append((("parameters", name, "default"), param.default))
        for j, choice in enumerate(param.choices or []):
            fields.append((("parameters", name, "choices", j), choice))
    for path, text in fields:
        for hit in find_terms(text, matchers):
            yield Finding(
                library.version_location(clause, version, *path),
                "prescriptive",
                f"{clause.id}@{version.version} names a particular initiative ({hit.matched!r}, "
                f"deny-list term {hit.term!r}); ask for the outcome and evidence instead "
                "(mention it in guidance or examples only)",
            )
    if version is clause.versions[-1]:
        doc = library.document(clause.id)
        for hit in find_terms(clause.title, matchers):
            yield Finding(
                doc.location(("title",)),
                "prescriptive",
                f"{clause.id} title names a particular initiative "
                f"({hit.matched!r}, deny-list term {hit.term!r})",
            )


def _check_method(library: Library, clause: Clause, version: ClauseVersion) -> Iterator[Finding]:
    """Requirement and evidence text that fixes a method (see `tenderkit.clauses.method`)."""
    problems: list[MethodProblem] = []
    if version.obligation in ("must", "should"):
        problems += text_problems(("text",), text_readings(version), kind=clause.kind)
    for i, request in enumerate(version.evidence):
        problems += text_problems(("evidence", i), [request], kind=clause.kind)
    key = f"{clause.id}@{version.version}"
    checked, unused = apply_exemptions(problems, version.lint_exemptions)
    for item in checked:
        yield Finding(
            library.version_location(clause, version, *item.problem.path),
            item.problem.rule,
            f"{key} {_FIELD_NAMES.get(item.problem.path[0], 'text')} {item.problem.message}",
            exempted=item.exemption.describe() if item.exemption else None,
        )
    for i in unused:
        exemption = version.lint_exemptions[i]
        scope = f" in {exemption.field}" if exemption.field else ""
        yield Finding(
            library.version_location(clause, version, "lint_exemptions", i),
            "exemption-unused",
            f"{key} exempts {exemption.rule}{scope}, which finds nothing there; "
            "remove the exemption",
        )


_FIELD_NAMES: dict[str | int, str] = {"text": "requirement", "evidence": "evidence request"}


def text_readings(version: ClauseVersion) -> list[str]:
    """The version's text as it can read once filled: with the defaults, and each choice.

    A placeholder without a default reads as a sample value (2 for a number, the
    parameter's name otherwise), so "every {{ weeks }} weeks" is still a fixed frequency.
    """

    def reading(override: dict[str, str]) -> str:
        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in override:
                return override[name]
            param = version.parameters.get(name)
            if param is None:
                return name
            if param.default is not None:
                return format_value(param.default)
            numeric = param.type in (ParameterType.INTEGER, ParameterType.NUMBER)
            return "2" if numeric else name.replace("_", " ")

        return PLACEHOLDER.sub(fill, version.text)

    readings = [reading({})]
    for name, param in version.parameters.items():
        for choice in param.choices or []:
            text = reading({name: choice})
            if text not in readings:
                readings.append(text)
    return readings
