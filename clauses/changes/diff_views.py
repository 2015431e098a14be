"""A clause diff as terminal text, Markdown, HTML or JSON (the Word redline is in templates/).

Markdown and HTML mark changes with `<del>` and `<ins>`; every piece of clause text is
escaped, so a clause can never inject markup. The JSON form is a documented contract
(docs/diffing.md): the change list with severities, and each section's paragraphs as
equal / insert / delete spans.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from tenderkit.clauses.changes.clause_diff import ClauseDiff, SectionDiff, VersionInfo
from tenderkit.clauses.changes.severity import (
    Classification,
    ClassifiedChange,
    Severity,
    bump_between,
    required_bump,
)
from tenderkit.clauses.changes.worddiff import ParagraphDiff, SpanOp
from tenderkit.clauses.placeholders import format_value
from tenderkit.semver import Version

#: Colours a span for the terminal: (text, op) -> text with styling (identity by default).
Painter = Callable[[str, SpanOp], str]

LIST_SECTIONS = frozenset({"parameters", "evidence", "examples"})

_FIELD_NAMES = {
    "clause": "Clause",
    "title": "Title",
    "obligation": "Obligation",
    "text": "Requirement text",
    "evidence": "Evidence",
    "guidance": "Guidance",
    "examples": "Examples",
    "status": "Status",
}


def field_name(field: str) -> str:
    """How a reviewer names a changed field: `parameters.x` reads `Parameter x`."""
    if field.startswith("parameters."):
        return f"Parameter {field.split('.', 1)[1]}"
    return _FIELD_NAMES.get(field, field)


def _quoted(text: str | None, limit: int = 140) -> str:
    if not text:
        return ""
    flat = " ".join(text.split())
    return f": “{flat if len(flat) <= limit else flat[: limit - 1].rstrip() + '…'}”"


def change_text(item: ClassifiedChange) -> str:
    """What changed, in words; an evidence item is quoted so the line stands on its own."""
    change = item.change
    if change.code == "evidence-changed":
        return item.reason + _quoted(change.new)
    if change.code == "evidence-added":
        return change.summary + _quoted(change.new)
    if change.code == "evidence-removed":
        return change.summary + _quoted(change.old)
    if change.code == "text-changed":
        return item.reason
    return change.summary


def severity_label(severity: Severity) -> str:
    return "—" if severity is Severity.NONE else severity.label


def describe_version(info: VersionInfo | None) -> str:
    """`2.0.0 (approved, effective 1 April 2026)`."""
    if info is None:
        return "(none)"
    effective = f", effective {format_value(info.effective)}" if info.effective else ""
    return f"{info.version} ({info.status}{effective})"


def classification_line(diff: ClauseDiff, classification: Classification) -> str:
    """The verdict in one sentence: class, release needed, release made."""
    severity = classification.severity
    if diff.identical:
        return "No content changes: the two versions read the same."
    if diff.old is None or diff.new is None:
        return f"Classification: {severity.label}."
    old, new = Version.parse(diff.old.version), Version.parse(diff.new.version)
    needed, actual = required_bump(severity, old), bump_between(old, new)
    line = (
        f"Classification: {severity.label}. It needs at least a {needed.label} release; "
        f"{old} → {new} is a {actual.label} release."
    )
    if actual < needed:
        line += " The version number is too small for these changes."
    return line


# --- JSON -------------------------------------------------------------------------------


def version_json(info: VersionInfo | None) -> dict[str, Any] | None:
    if info is None:
        return None
    return {
        "version": info.version,
        "status": info.status,
        "effective": info.effective.isoformat() if info.effective else None,
        "approver": info.approver,
        "change_note": info.change_note,
        "hash": info.hash,
    }


def classification_json(diff: ClauseDiff, classification: Classification) -> dict[str, Any]:
    severity = classification.severity
    out: dict[str, Any] = {"severity": severity.name.lower()}
    if diff.old is not None and diff.new is not None:
        old, new = Version.parse(diff.old.version), Version.parse(diff.new.version)
        needed, actual = required_bump(severity, old), bump_between(old, new)
        out |= {
            "required_release": needed.label,
            "actual_release": actual.label,
            "too_small": actual < needed,
        }
    return out


def paragraph_json(paragraph: ParagraphDiff) -> dict[str, Any]:
    return {
        "change": paragraph.change,
        "spans": [{"op": s.op, "text": s.text} for s in paragraph.spans],
    }


def diff_json(diff: ClauseDiff, classification: Classification) -> dict[str, Any]:
    """The whole diff as plain data (see docs/diffing.md for the fields)."""
    return {
        "clause": diff.clause_id,
        "title": diff.title,
        "old": version_json(diff.old),
        "new": version_json(diff.new),
        "identical": diff.identical,
        "rendered": diff.rendered,
        "classification": classification_json(diff, classification),
        "changes": [
            {
                "field": c.change.field,
                "code": c.change.code,
                "summary": c.change.summary,
                "severity": c.severity.name.lower(),
                "reason": c.reason,
                "old": c.change.old,
                "new": c.change.new,
            }
            for c in classification.changes
        ],
        "sections": [
            {
                "key": s.key,
                "heading": s.heading,
                "changed": s.changed,
                "paragraphs": [paragraph_json(p) for p in s.paragraphs],
            }
            for s in diff.sections
        ],
    }


# --- terminal text ----------------------------------------------------------------------


def plain(text: str, op: SpanOp) -> str:
    return text


def marked_spans(paragraph: ParagraphDiff, paint: Painter = plain) -> str:
    """wdiff notation, [-deleted-]{+inserted+}, painted for the terminal when asked."""
    out = []
    for span in paragraph.spans:
        if span.op == "equal":
            out.append(paint(span.text, "equal"))
        elif span.op == "delete":
            out.append(paint(f"[-{span.text}-]", "delete"))
        else:
            out.append(paint(f"{{+{span.text}+}}", "insert"))
    return "".join(out)


def diff_text(diff: ClauseDiff, classification: Classification, paint: Painter = plain) -> str:
    """Terminal output: the verdict, one line per change, then the changed sections."""
    lines = [
        f"{diff.clause_id} {diff.title}: "
        f"{describe_version(diff.old)} → {describe_version(diff.new)}",
        classification_line(diff, classification),
    ]
    if classification.changes:
        lines.append("")
        for item in classification.changes:
            label = severity_label(item.severity)
            lines.append(f"  {label:<10} {field_name(item.change.field)}: {change_text(item)}")
    for section in diff.sections:
        if not section.changed:
            continue
        lines += ["", section.heading]
        for paragraph in section.paragraphs:
            bullet = "- " if section.key in LIST_SECTIONS else ""
            body = marked_spans(paragraph, paint).replace("\n", "\n    ")
            lines.append(f"  {bullet}{body}")
    return "\n".join(lines) + "\n"


# --- Markdown and HTML ------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#<>])")


def md_escape(text: str) -> str:
    """Text safe in Markdown: markup characters backslash-escaped, & as an entity."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;")).replace("\n", "<br>")


def html_escape(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def _inline(paragraph: ParagraphDiff, escape: Callable[[str], str]) -> str:
    out = []
    for span in paragraph.spans:
        text = escape(span.text)
        if span.op == "equal":
            out.append(text)
        elif span.op == "delete":
            out.append(f"<del>{text}</del>")
        else:
            out.append(f"<ins>{text}</ins>")
    return "".join(out)


def section_markdown(section: SectionDiff, level: int) -> list[str]:
    lines = [f"{'#' * level} {section.heading}", ""]
    for paragraph in section.paragraphs:
        if section.key in LIST_SECTIONS:
            lines.append(f"- {_inline(paragraph, md_escape)}")
        else:
            lines += [_inline(paragraph, md_escape), ""]
    if section.key in LIST_SECTIONS:
        lines.append("")
    return lines


def summary_markdown(diff: ClauseDiff, classification: Classification) -> list[str]:
    lines = [f"**{md_escape(classification_line(diff, classification))}**", ""]
    if classification.changes:
        lines += ["| Part | Change | Class |", "|---|---|---|"]
        for item in classification.changes:
            lines.append(
                f"| {md_escape(field_name(item.change.field))} | {md_escape(change_text(item))} "
                f"| {severity_label(item.severity)} |"
            )
        lines.append("")
    if diff.new is not None and diff.new.change_note:
        lines += [f"**Change note for {diff.new.version}:** {md_escape(diff.new.change_note)}", ""]
    return lines


def clause_markdown(diff: ClauseDiff, classification: Classification, level: int = 1) -> str:
    """One clause's diff in Markdown: verdict, change table, all sections with del/ins."""
    lines = [
        f"{'#' * level} {md_escape(diff.clause_id)} {md_escape(diff.title)}",
        "",
        f"{md_escape(describe_version(diff.old))} → {md_escape(describe_version(diff.new))}",
        "",
        *summary_markdown(diff, classification),
    ]
    for section in diff.sections:
        if section.paragraphs:
            lines += section_markdown(section, level + 1)
    return "\n".join(lines).rstrip("\n") + "\n"


HTML_STYLE = """
body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; max-width: 48em;
       margin: 2em auto; line-height: 1.45; color: #1a1a1a; }
h1, h2, h3 { color: #1f3864; }
del { color: #9c1c1c; background: #fbe3e3; }
ins { color: #1d5b2a; background: #e0f2e4; text-decoration: underline; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #d9e2f3; }
td.breaking { background: #f8d7da; } td.additive { background: #fff3cd; }
td.editorial { background: #d1e7dd; }
.meta { color: #595959; }
"""


def clause_html_body(diff: ClauseDiff, classification: Classification, level: int = 1) -> str:
    h, sub = f"h{level}", f"h{level + 1}"
    parts = [
        f"<{h}>{html_escape(diff.clause_id)} {html_escape(diff.title)}</{h}>",
        f'<p class="meta">{html_escape(describe_version(diff.old))} → '
        f"{html_escape(describe_version(diff.new))}</p>",
        f"<p><strong>{html_escape(classification_line(diff, classification))}</strong></p>",
    ]
    if classification.changes:
        rows = "".join(
            f"<tr><td>{html_escape(field_name(c.change.field))}</td>"
            f"<td>{html_escape(change_text(c))}</td>"
            f'<td class="{c.severity.name.lower()}">{severity_label(c.severity)}</td></tr>'
            for c in classification.changes
        )
        parts.append(
            "<table><thead><tr><th>Part</th><th>Change</th><th>Class</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    if diff.new is not None and diff.new.change_note:
        parts.append(
            f"<p><strong>Change note for {html_escape(diff.new.version)}:</strong> "
            f"{html_escape(diff.new.change_note)}</p>"
        )
    for section in diff.sections:
        if not section.paragraphs:
            continue
        parts.append(f"<{sub}>{html_escape(section.heading)}</{sub}>")
        items = [_inline(p, html_escape) for p in section.paragraphs]
        if section.key in LIST_SECTIONS:
            parts.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
        else:
            parts.extend(f"<p>{i}</p>" for i in items)
    return "\n".join(parts)


def html_page(title: str, body: str) -> str:
    """A standalone HTML page around body."""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html_escape(title)}</title>\n<style>{HTML_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def clause_html(diff: ClauseDiff, classification: Classification) -> str:
    return html_page(f"Redline {diff.label}", clause_html_body(diff, classification))
