"""A release report as Markdown or JSON (the Word redline is in templates/)."""

from __future__ import annotations

from typing import Any

from tenderkit.clauses.changes.diff_views import (
    change_text,
    clause_markdown,
    diff_json,
    field_name,
    md_escape,
    severity_label,
)
from tenderkit.clauses.changes.release import ClauseChangeKind, ClauseRelease, ReleaseReport

KIND_WORDS: dict[ClauseChangeKind, str] = {
    "added": "added",
    "removed": "removed",
    "withdrawn": "withdrawn",
    "changed": "changed",
    "lifecycle": "status only",
}
LIST_HEADINGS: tuple[tuple[ClauseChangeKind, str], ...] = (
    ("added", "Clauses added"),
    ("withdrawn", "Clauses withdrawn"),
    ("removed", "Clauses removed"),
)


def versions_moved(item: ClauseRelease) -> str:
    """`1.0.0 → 2.0.0`, with (none) where a side has no approved version."""
    return f"{item.old_current or '(none)'} → {item.new_current or '(none)'}"


def headline(report: ReleaseReport) -> str:
    if not report.clauses:
        return "No changes: the two libraries hold the same clauses, versions and statuses."
    counts = [
        f"{len(report.of_kind(kind))} {word}"
        for kind, word in KIND_WORDS.items()
        if report.of_kind(kind)
    ]
    many = "s" if len(report.clauses) != 1 else ""
    return (
        f"Classification: {report.severity.label}. "
        f"{len(report.clauses)} clause{many} affected: {', '.join(counts)}."
    )


def _status(value: str | None) -> str:
    return value or "(absent)"


def release_markdown(report: ReleaseReport) -> str:
    """The report: headline, one table row per clause, the lists, then each clause's diff."""
    lines = [
        f"# Release report: {md_escape(report.name)}",
        "",
        f"- Old: {md_escape(report.old_label)} (release {md_escape(report.old_release)})",
        f"- New: {md_escape(report.new_label)} (release {md_escape(report.new_release)})",
        "",
        f"**{md_escape(headline(report))}**",
        "",
    ]
    if not report.clauses:
        return "\n".join(lines)
    lines += ["| Clause | Title | Change | Versions | Class |", "|---|---|---|---|---|"]
    for item in report.clauses:
        lines.append(
            f"| {item.clause_id} | {md_escape(item.title)} | {KIND_WORDS[item.kind]} "
            f"| {versions_moved(item)} | {severity_label(item.severity)} |"
        )
    lines.append("")
    for kind, heading in LIST_HEADINGS:
        items = report.of_kind(kind)
        if items:
            lines += [f"## {heading}", ""]
            lines += [f"- {c.clause_id} {md_escape(c.title)}" for c in items]
            lines.append("")
    if report.newly_approved:
        lines += ["## Newly approved versions", ""]
        lines += [f"- {ref}" for ref in report.newly_approved]
        lines.append("")
    changes = [(c, s) for c in report.clauses for s in c.status_changes]
    if changes:
        lines += ["## Status changes", "", "| Clause | Version | Was | Now |", "|---|---|---|---|"]
        for item, change in changes:
            lines.append(
                f"| {item.clause_id} | {change.version} | {_status(change.old)} "
                f"| {_status(change.new)} |"
            )
        lines.append("")
    for item in report.clauses:
        lines += _clause_section(item)
    return "\n".join(lines).rstrip("\n") + "\n"


def _clause_section(item: ClauseRelease) -> list[str]:
    if item.diff is not None and not item.diff.identical:
        return [clause_markdown(item.diff, item.classification, level=2), ""]
    lines = [f"## {item.clause_id} {md_escape(item.title)}", ""]
    lines.append(f"{KIND_WORDS[item.kind].capitalize()}; versions {versions_moved(item)}.")
    lines.append("")
    for c in item.classification.changes:
        lines.append(
            f"- {severity_label(c.severity)}: {md_escape(field_name(c.change.field))}: "
            f"{md_escape(change_text(c))}"
        )
    return [*lines, ""]


def release_json(report: ReleaseReport) -> dict[str, Any]:
    """The report as plain data (see docs/diffing.md for the fields)."""
    return {
        "name": report.name,
        "old": {"label": report.old_label, "release": report.old_release},
        "new": {"label": report.new_label, "release": report.new_release},
        "severity": report.severity.name.lower(),
        "added": [c.clause_id for c in report.of_kind("added")],
        "removed": [c.clause_id for c in report.of_kind("removed")],
        "withdrawn": [c.clause_id for c in report.of_kind("withdrawn")],
        "newly_approved": report.newly_approved,
        "clauses": [
            {
                "clause": c.clause_id,
                "title": c.title,
                "change": c.kind,
                "old_version": c.old_current,
                "new_version": c.new_current,
                "newly_approved": list(c.newly_approved),
                "status_changes": [
                    {"version": s.version, "old": s.old, "new": s.new} for s in c.status_changes
                ],
                "edited_in_place": list(c.edited_in_place),
                "severity": c.severity.name.lower(),
                "changes": [
                    {
                        "field": x.change.field,
                        "code": x.change.code,
                        "summary": x.change.summary,
                        "severity": x.severity.name.lower(),
                        "reason": x.reason,
                    }
                    for x in c.classification.changes
                ],
                "diff": diff_json(c.diff, c.classification) if c.diff is not None else None,
            }
            for c in report.clauses
        ],
    }
