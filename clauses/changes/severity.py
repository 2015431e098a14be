"""How serious a clause change is, and whether its version number says so.

Each field change is **breaking**, **additive** or **editorial**; a version's class is
that of its most serious change, and it needs at least a major, minor or patch release.

- breaking: obligation strengthened or weakened; a parameter removed, retyped, made
  required, re-defaulted, narrowed, its unit changed or choices removed; a required
  parameter added; an evidence item removed or reworded materially; requirement text
  changed materially; a clause removed.
- additive: an optional parameter added; a parameter made optional, widened or given
  more choices; an evidence item added; a clause added; requirement text that only
  introduces placeholders and reads the same once their defaults are filled in.
- editorial: title, guidance, examples and parameter descriptions; requirement text and
  evidence edits that are typo-level (see `is_editorial_edit`).

A version 0.y.z is pre-release: a breaking change needs a minor release, anything else
a patch release.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from tenderkit.clauses.changes.clause_diff import ClauseDiff, FieldChange, diff_clause
from tenderkit.clauses.changes.worddiff import is_word, raw_hunks
from tenderkit.clauses.model import PLACEHOLDER, Clause, ClauseVersion, Status
from tenderkit.clauses.placeholders import format_value
from tenderkit.clauses.resolve import ResolvedClause
from tenderkit.semver import Version


class Severity(IntEnum):
    """How much a change matters to someone relying on the clause, least first."""

    NONE = 0
    EDITORIAL = 1
    ADDITIVE = 2
    BREAKING = 3

    @property
    def label(self) -> str:
        return "no content change" if self is Severity.NONE else self.name.lower()


class Bump(IntEnum):
    """The part of a semantic version a release increments."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


#: Words whose one-letter change changes the meaning, so an edit to them is never a typo.
SENSITIVE_WORDS = frozenset(
    {
        *("must", "should", "may", "shall", "will", "can", "cannot", "could", "would"),
        *("not", "no", "nor", "never", "none", "all", "any", "every", "each", "only"),
        *("always", "without", "within", "before", "after", "more", "less", "least"),
        *("most", "minimum", "maximum", "and", "or"),
    }
)

_FIXED: dict[str, Severity] = {
    "clause-added": Severity.ADDITIVE,
    "clause-removed": Severity.BREAKING,
    "clause-withdrawn": Severity.BREAKING,
    "approved-version-edited": Severity.BREAKING,
    "title-changed": Severity.EDITORIAL,
    "obligation-changed": Severity.BREAKING,
    "parameter-added-optional": Severity.ADDITIVE,
    "parameter-added-required": Severity.BREAKING,
    "parameter-removed": Severity.BREAKING,
    "parameter-type-changed": Severity.BREAKING,
    "parameter-required": Severity.BREAKING,
    "parameter-optional": Severity.ADDITIVE,
    # A tender that relied on the default would silently get a different requirement.
    "parameter-default-changed": Severity.BREAKING,
    "parameter-bounds-narrowed": Severity.BREAKING,
    "parameter-bounds-widened": Severity.ADDITIVE,
    "parameter-choices-removed": Severity.BREAKING,
    "parameter-choices-added": Severity.ADDITIVE,
    "parameter-unit-changed": Severity.BREAKING,
    "parameter-description-changed": Severity.EDITORIAL,
    "evidence-added": Severity.ADDITIVE,
    "evidence-removed": Severity.BREAKING,
    "guidance-changed": Severity.EDITORIAL,
    "examples-changed": Severity.EDITORIAL,
    "status-changed": Severity.NONE,
}


@dataclass(frozen=True)
class ClassifiedChange:
    change: FieldChange
    severity: Severity
    reason: str


@dataclass(frozen=True)
class Classification:
    """A diff's changes with their severities, and the release they need."""

    changes: tuple[ClassifiedChange, ...]

    @property
    def severity(self) -> Severity:
        return max((c.severity for c in self.changes), default=Severity.NONE)

    def reasons(self, severity: Severity | None = None) -> list[str]:
        wanted = self.severity if severity is None else severity
        return [c.reason for c in self.changes if c.severity == wanted]


def levenshtein(a: str, b: str) -> int:
    """Edits (insert, delete, substitute one character) that turn a into b."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def is_typo(old: str, new: str) -> bool:
    """A one-word correction: at most 2 characters and a third of the word's length apart,
    neither word a number, a placeholder or a word that carries meaning (`SENSITIVE_WORDS`)."""
    a, b = old.lower(), new.lower()
    for word in (a, b):
        if word in SENSITIVE_WORDS or word.startswith("{{") or any(ch.isdigit() for ch in word):
            return False
    distance = levenshtein(a, b)
    return distance <= 2 and distance <= min(len(a), len(b)) // 3


def is_editorial_edit(old: str, new: str) -> bool:
    """True when every change between the texts is typo-level, so the meaning stands.

    Each change may only alter whitespace, punctuation or hyphenation (`well-being` for
    `wellbeing`), and replace words one for one with the same word in another case or a
    near spelling of it (`is_typo`). A word added or removed, or replaced by a different
    word, makes the edit material.
    """
    for hunk in raw_hunks(old, new):
        gone = [t for t in hunk.old if is_word(t)]
        came = [t for t in hunk.new if is_word(t)]
        if "".join(gone).lower() == "".join(came).lower():
            continue  # hyphenation or word spacing only: well-being, wellbeing
        if len(gone) != len(came):
            return False
        for a, b in zip(gone, came, strict=True):
            if a.lower() != b.lower() and not is_typo(a, b):
                return False
    return True


def fill_defaults(version: ClauseVersion) -> str:
    """The text with every placeholder that has a default filled in; others left as written."""

    def fill(match: re.Match[str]) -> str:
        param = version.parameters.get(match.group(1))
        if param is None or param.default is None:
            return match.group(0)
        return format_value(param.default)

    return PLACEHOLDER.sub(fill, version.text)


def _text_severity(old: ResolvedClause, new: ResolvedClause) -> tuple[Severity, str]:
    a, b = old.version.text, new.version.text
    if is_editorial_edit(a, b):
        return Severity.EDITORIAL, "requirement text: typo-level edit"
    if is_editorial_edit(fill_defaults(old.version), fill_defaults(new.version)):
        return Severity.ADDITIVE, "requirement text: parameterised, same with defaults"
    return Severity.BREAKING, "requirement text changed materially"


def classify(
    diff: ClauseDiff, old: ResolvedClause | None = None, new: ResolvedClause | None = None
) -> Classification:
    """Classify each field change of a diff (pass the versions to judge text edits exactly)."""
    out: list[ClassifiedChange] = []
    for change in diff.changes:
        if change.code == "text-changed" and old is not None and new is not None:
            severity, reason = _text_severity(old, new)
        elif change.code in ("text-changed", "evidence-changed"):
            editorial = is_editorial_edit(change.old or "", change.new or "")
            severity = Severity.EDITORIAL if editorial else Severity.BREAKING
            what = "requirement text" if change.code == "text-changed" else "evidence item"
            reason = f"{what}: typo-level edit" if editorial else f"{what} changed materially"
        else:
            severity = _FIXED.get(change.code, Severity.BREAKING)
            reason = change.summary
        out.append(ClassifiedChange(change, severity, reason))
    return Classification(tuple(out))


def bump_between(old: Version, new: Version) -> Bump:
    """Which part of the version went up from old to new (NONE when it did not go up)."""
    if new <= old:
        return Bump.NONE
    if new.major > old.major:
        return Bump.MAJOR
    if new.minor > old.minor:
        return Bump.MINOR
    return Bump.PATCH


def required_bump(severity: Severity, old: Version) -> Bump:
    """The smallest release a change of this severity needs after version old."""
    if severity is Severity.NONE:
        return Bump.NONE
    if old.major == 0:
        return Bump.MINOR if severity is Severity.BREAKING else Bump.PATCH
    return {
        Severity.BREAKING: Bump.MAJOR,
        Severity.ADDITIVE: Bump.MINOR,
        Severity.EDITORIAL: Bump.PATCH,
    }[severity]


def next_version(old: Version, bump: Bump) -> Version:
    if bump is Bump.MAJOR:
        return Version(old.major + 1, 0, 0)
    if bump is Bump.MINOR:
        return Version(old.major, old.minor + 1, 0)
    return Version(old.major, old.minor, old.patch + 1)


@dataclass(frozen=True)
class BumpCheck:
    """A version compared with its predecessor: what changed and whether the number fits."""

    previous: ClauseVersion
    version: ClauseVersion
    classification: Classification
    actual: Bump
    required: Bump

    @property
    def too_small(self) -> bool:
        return self.actual < self.required

    def message(self, clause_id: str) -> str:
        severity = self.classification.severity
        reasons = "; ".join(dict.fromkeys(self.classification.reasons()))
        suggestion = next_version(self.previous.semver, self.required)
        return (
            f"{clause_id}@{self.version.version} is a {self.actual.label} release after "
            f"{self.previous.version} but its changes are {severity.label} ({reasons}); "
            f"release it as {suggestion} or later"
        )


def check_bump(clause: Clause, previous: ClauseVersion, version: ClauseVersion) -> BumpCheck:
    """Classify the step from previous to version and the release it needs."""
    old, new = ResolvedClause(clause, previous), ResolvedClause(clause, version)
    classification = classify(diff_clause(old, new), old, new)
    return BumpCheck(
        previous,
        version,
        classification,
        bump_between(previous.semver, version.semver),
        required_bump(classification.severity, previous.semver),
    )


def bump_checks(clause: Clause) -> Iterable[BumpCheck]:
    """Each version against the one listed before it, where the numbers go up.

    Withdrawn versions are passed over on both sides: a version released with too small a
    number cannot be edited once approved, so the way to correct it is to withdraw it and
    publish the same content under the right number, which is then compared with the
    version before the withdrawn one.
    """
    live = [v for v in clause.versions if v.status is not Status.WITHDRAWN]
    for previous, version in itertools.pairwise(live):
        if version.semver > previous.semver:
            yield check_bump(clause, previous, version)
