"""What changed between two versions of a clause: a redline of each part, and field changes.

A version is laid out as sections of paragraphs (title, obligation, requirement text,
parameters, evidence, guidance, examples); `diff_clause` diffs them section by section, so
every output (terminal, Markdown, HTML, JSON, Word) shows the same changes. Beside the
redline it lists field changes in words a reviewer scans first: obligation must -> should,
a parameter added or its bounds narrowed, an evidence item removed. How serious each is
(breaking, additive, editorial) is decided in `severity`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tenderkit.clauses.changes.worddiff import ParagraphDiff, paragraph_diff, word_diff
from tenderkit.clauses.model import (
    OBLIGATIONS,
    ClauseVersion,
    Parameter,
    ParamValue,
    version_hash,
)
from tenderkit.clauses.placeholders import format_value, render_text
from tenderkit.clauses.resolve import ResolvedClause

#: Section keys and headings in the order a version is laid out.
SECTION_HEADINGS: dict[str, str] = {
    "title": "Title",
    "obligation": "Obligation",
    "text": "Requirement",
    "parameters": "Parameters",
    "evidence": "Evidence requested",
    "guidance": "Guidance (non-contractual)",
    "examples": "Illustrative examples",
}

#: Sections that hold one value, so two different values are an edit, not a swap.
SINGLE_VALUED = frozenset({"title", "obligation"})

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Section:
    """One part of a version as paragraphs (empty when the version has none)."""

    key: str
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class SectionDiff:
    key: str
    heading: str
    paragraphs: tuple[ParagraphDiff, ...]

    @property
    def changed(self) -> bool:
        return any(p.change != "equal" for p in self.paragraphs)


@dataclass(frozen=True)
class FieldChange:
    """One change a reviewer can name: `code` says what kind, `summary` says it in words.

    `old` and `new` hold the compared values as text (None where absent), so the
    classification can look at them (e.g. whether a text edit is typo-level).
    """

    field: str
    code: str
    summary: str
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class VersionInfo:
    """The lifecycle record of one side of a diff."""

    clause_id: str
    title: str
    version: str
    status: str
    effective: dt.date | None
    approver: str | None
    change_note: str | None
    hash: str

    @property
    def ref(self) -> str:
        return f"{self.clause_id}@{self.version}"


@dataclass(frozen=True)
class ClauseDiff:
    """Two versions of one clause compared (either side may be None: added or removed)."""

    clause_id: str
    title: str
    old: VersionInfo | None
    new: VersionInfo | None
    sections: tuple[SectionDiff, ...]
    changes: tuple[FieldChange, ...]
    rendered: bool

    @property
    def identical(self) -> bool:
        """True when no section differs (lifecycle fields such as status may still differ)."""
        return not any(s.changed for s in self.sections)

    @property
    def label(self) -> str:
        old = self.old.version if self.old else "(none)"
        new = self.new.version if self.new else "(none)"
        return f"{self.clause_id} {old} → {new}"


def text_paragraphs(text: str | None) -> tuple[str, ...]:
    """Paragraphs of a text field: split on blank lines, outer whitespace removed."""
    if text is None or not text.strip():
        return ()
    return tuple(p for p in _BLANK_LINE.split(text.strip()) if p.strip())


def describe_parameter(name: str, param: Parameter) -> str:
    """One line per parameter, e.g. `review_months (integer, default 24 months, 6 to 36): …`."""
    unit = f" {param.unit}" if param.unit else ""
    details = [param.type.value]
    if param.default is not None:
        details.append(f"default {format_value(param.default)}{unit}")
    elif param.is_required:
        details.append("required")
    else:
        details.append("optional")
    if param.min is not None or param.max is not None:
        low = _num(param.min) if param.min is not None else "any"
        high = _num(param.max) if param.max is not None else "any"
        details.append(f"{low} to {high}{unit}")
    if param.choices:
        details.append("one of " + ", ".join(param.choices))
    return f"{name} ({', '.join(details)}): {param.description}"


def version_sections(
    resolved: ResolvedClause | None, values: Mapping[str, ParamValue] | None = None
) -> list[Section]:
    """A version laid out as sections; the text is filled in when values are given."""
    if resolved is None:
        return [Section(key, heading, ()) for key, heading in SECTION_HEADINGS.items()]
    v = resolved.version
    text = render_text(v, values) if values is not None else v.text
    body: dict[str, tuple[str, ...]] = {
        "title": (resolved.title,),
        "obligation": (v.obligation,),
        "text": text_paragraphs(text),
        "parameters": tuple(describe_parameter(n, p) for n, p in v.parameters.items()),
        "evidence": tuple(v.evidence),
        "guidance": text_paragraphs(v.guidance),
        "examples": tuple(v.examples),
    }
    return [Section(key, heading, body[key]) for key, heading in SECTION_HEADINGS.items()]


def version_info(resolved: ResolvedClause) -> VersionInfo:
    v = resolved.version
    return VersionInfo(
        clause_id=resolved.clause.id,
        title=resolved.title,
        version=v.version,
        status=v.status.value,
        effective=v.effective,
        approver=v.approver,
        change_note=" ".join(v.change_note.split()) if v.change_note else None,
        hash=version_hash(resolved.clause, v),
    )


def diff_clause(
    old: ResolvedClause | None,
    new: ResolvedClause | None,
    *,
    values: Mapping[str, ParamValue] | None = None,
    old_values: Mapping[str, ParamValue] | None = None,
) -> ClauseDiff:
    """Compare two versions (of the same clause id) section by section and field by field.

    `values` fill the newer version's placeholders, `old_values` the older one's (default:
    the same values); without values the text is compared as written.
    """
    if old is None and new is None:
        raise ValueError("diff_clause needs at least one version")
    either = new or old
    assert either is not None
    rendered = values is not None
    old_sections = version_sections(old, old_values if old_values is not None else values)
    new_sections = version_sections(new, values)
    sections = tuple(
        SectionDiff(o.key, o.heading, _section_paragraphs(o, n))
        for o, n in zip(old_sections, new_sections, strict=True)
    )
    return ClauseDiff(
        clause_id=either.clause.id,
        title=either.title,
        old=version_info(old) if old else None,
        new=version_info(new) if new else None,
        sections=sections,
        changes=tuple(field_changes(old, new, sections)),
        rendered=rendered,
    )


def _section_paragraphs(old: Section, new: Section) -> tuple[ParagraphDiff, ...]:
    single = len(old.paragraphs) == len(new.paragraphs) == 1
    if old.key in SINGLE_VALUED and single and old.paragraphs != new.paragraphs:
        # One value on each side is the same field edited, however different the words.
        return (ParagraphDiff("changed", tuple(word_diff(old.paragraphs[0], new.paragraphs[0]))),)
    return tuple(paragraph_diff(old.paragraphs, new.paragraphs))


def field_changes(
    old: ResolvedClause | None, new: ResolvedClause | None, sections: tuple[SectionDiff, ...]
) -> list[FieldChange]:
    """The changes between two versions, field by field, in section order."""
    if old is None:
        assert new is not None
        return [FieldChange("clause", "clause-added", f"clause {new.clause.id} added")]
    if new is None:
        return [FieldChange("clause", "clause-removed", f"clause {old.clause.id} removed")]
    a, b = old.version, new.version
    out: list[FieldChange] = []
    if old.title != new.title:
        out.append(FieldChange("title", "title-changed", "title reworded", old.title, new.title))
    if a.obligation != b.obligation:
        stronger = OBLIGATIONS.index(b.obligation) < OBLIGATIONS.index(a.obligation)
        word = "strengthened" if stronger else "weakened"
        out.append(
            FieldChange(
                "obligation",
                "obligation-changed",
                f"obligation {word}: {a.obligation} → {b.obligation}",
                a.obligation,
                b.obligation,
            )
        )
    if a.text != b.text:
        out.append(FieldChange("text", "text-changed", "requirement text changed", a.text, b.text))
    out.extend(parameter_changes(a, b))
    by_key = {s.key: s for s in sections}
    out.extend(_list_changes("evidence", "evidence item", by_key["evidence"]))
    if (a.guidance or "") != (b.guidance or ""):
        out.append(
            FieldChange("guidance", "guidance-changed", "guidance changed", a.guidance, b.guidance)
        )
    if by_key["examples"].changed:
        out.append(FieldChange("examples", "examples-changed", "illustrative examples changed"))
    if a.status != b.status:
        out.append(
            FieldChange(
                "status",
                "status-changed",
                f"{a.version} {a.status.value}, {b.version} {b.status.value}",
                a.status.value,
                b.status.value,
            )
        )
    return out


def _list_changes(field: str, noun: str, section: SectionDiff) -> list[FieldChange]:
    out: list[FieldChange] = []
    for p in section.paragraphs:
        if p.change == "inserted":
            out.append(FieldChange(field, f"{field}-added", f"{noun} added", None, p.new_text))
        elif p.change == "deleted":
            out.append(FieldChange(field, f"{field}-removed", f"{noun} removed", p.old_text, None))
        elif p.change == "changed":
            out.append(
                FieldChange(field, f"{field}-changed", f"{noun} reworded", p.old_text, p.new_text)
            )
    return out


def parameter_changes(old: ClauseVersion, new: ClauseVersion) -> list[FieldChange]:
    """Parameters added, removed, retyped, made required or optional, re-bounded, re-defaulted."""
    out: list[FieldChange] = []
    for name in [*old.parameters, *(n for n in new.parameters if n not in old.parameters)]:
        field = f"parameters.{name}"
        p, q = old.parameters.get(name), new.parameters.get(name)
        if p is None:
            assert q is not None
            kind = "optional" if not q.is_required else "required"
            summary = f"{kind} parameter {name} added"
            described = describe_parameter(name, q)
            out.append(FieldChange(field, f"parameter-added-{kind}", summary, None, described))
            continue
        if q is None:
            described = describe_parameter(name, p)
            summary = f"parameter {name} removed"
            out.append(FieldChange(field, "parameter-removed", summary, described, None))
            continue
        out.extend(_one_parameter(name, p, q))
    return out


def _one_parameter(name: str, p: Parameter, q: Parameter) -> list[FieldChange]:
    field = f"parameters.{name}"
    out: list[FieldChange] = []

    def add(code: str, summary: str, old: Any, new: Any) -> None:
        out.append(FieldChange(field, code, f"{name}: {summary}", _text(old), _text(new)))

    if p.type != q.type:
        add("parameter-type-changed", f"type {p.type.value} → {q.type.value}", p.type, q.type)
    if p.is_required != q.is_required:
        if q.is_required:
            add("parameter-required", "now required", "optional", "required")
        else:
            add("parameter-optional", "now optional", "required", "optional")
    # A default added or dropped together with required-ness is reported as that flip.
    flipped = p.is_required != q.is_required and None in (p.default, q.default)
    if p.default != q.default and not flipped:
        add(
            "parameter-default-changed",
            f"default {_text(p.default) or '(none)'} → {_text(q.default) or '(none)'}",
            p.default,
            q.default,
        )
    if (p.min, p.max) != (q.min, q.max):
        narrowed = _raises(p.min, q.min) or _lowers(p.max, q.max)
        code = "parameter-bounds-narrowed" if narrowed else "parameter-bounds-widened"
        add(code, f"bounds {_bounds(p)} → {_bounds(q)}", _bounds(p), _bounds(q))
    if (p.choices or []) != (q.choices or []):
        removed = [c for c in p.choices or [] if c not in (q.choices or [])]
        code = "parameter-choices-removed" if removed else "parameter-choices-added"
        add(code, f"choices {_choices(p)} → {_choices(q)}", _choices(p), _choices(q))
    if p.unit != q.unit:
        add(
            "parameter-unit-changed",
            f"unit {p.unit or '(none)'} → {q.unit or '(none)'}",
            p.unit,
            q.unit,
        )
    if p.description != q.description:
        add("parameter-description-changed", "description reworded", p.description, q.description)
    return out


def _raises(old: float | None, new: float | None) -> bool:
    """True when the new minimum excludes values the old one allowed (None: no minimum)."""
    return new is not None and (old is None or new > old)


def _lowers(old: float | None, new: float | None) -> bool:
    """True when the new maximum excludes values the old one allowed (None: no maximum)."""
    return new is not None and (old is None or new < old)


def _bounds(p: Parameter) -> str:
    low = _num(p.min) if p.min is not None else "any"
    high = _num(p.max) if p.max is not None else "any"
    return f"{low} to {high}"


def _choices(p: Parameter) -> str:
    return ", ".join(p.choices or []) or "(any)"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool | int | float | dt.date):
        return format_value(value)
    return str(getattr(value, "value", value))
