"""Redline `.docx`: a clause diff as genuine Word tracked changes, with a summary on top.

Accepting every change gives exactly the newer version's text, rejecting every change the
older one: changed words are `w:del`/`w:ins` runs, and a paragraph (an evidence item, a
parameter, a paragraph of text) added or removed whole is marked on its paragraph mark too.
The summary table, version table and headings around the tracked text are the same on
both sides. Revisions carry one author and date and ids unique across the document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from tenderkit import __version__, fsio
from tenderkit.clauses.diff import ClauseDiff, FieldChange, SectionDiff, VersionInfo
from tenderkit.clauses.model import ParamValue
from tenderkit.clauses.render import format_value
from tenderkit.clauses.semver_check import (
    Classification,
    ClassifiedChange,
    Severity,
    bump_between,
    required_bump,
)
from tenderkit.semver import Version
from tenderkit.templates.ooxml import (
    Revisions,
    add_field,
    repeat_as_header,
    shade,
    text_run,
    track_revisions,
    use_font,
)

DEFAULT_AUTHOR = "tenderkit"
FONT = "Arial"
NAVY = RGBColor(0x1F, 0x38, 0x64)
GREY = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "D9E2F3"
SEVERITY_FILL = {
    Severity.BREAKING: "F8D7DA",
    Severity.ADDITIVE: "FFF3CD",
    Severity.EDITORIAL: "D1E7DD",
}
#: Sections whose paragraphs are list items rather than running text.
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


def redline_date(diff: ClauseDiff) -> dt.datetime:
    """The default revision date: the newer version's effective date (else the older one's,
    else today), at midnight UTC, so the same versions give the same document."""
    for side in (diff.new, diff.old):
        if side is not None and side.effective is not None:
            return dt.datetime.combine(side.effective, dt.time(), tzinfo=dt.UTC)
    return dt.datetime.combine(dt.date.today(), dt.time(), tzinfo=dt.UTC)


def new_document(title: str, subject: str, author: str, date: dt.datetime) -> Document:
    """An A4 document in Arial with calm headings, tracked changes on, properties set."""
    document = docx.Document()
    use_font(document, FONT)
    styles = document.styles
    styles["Normal"].font.size = Pt(10.5)
    footer = styles["Footer"].font
    footer.size, footer.color.rgb = Pt(8), GREY
    for name, size, colour in (
        ("Title", 20, NAVY),
        ("Heading 1", 14, NAVY),
        ("Heading 2", 12, NAVY),
        ("Heading 3", 11, GREY),
    ):
        font = styles[name].font
        font.size, font.bold = Pt(size), True
        font.color.rgb = colour
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin = section.bottom_margin = Cm(2.0)
    track_revisions(document)
    props = document.core_properties
    props.title, props.subject, props.author = title, subject, author
    props.last_modified_by, props.category = author, "Clause redline"
    props.keywords = "redline; tracked changes; tenderkit"
    props.comments = f"Made with tenderkit {__version__}"
    props.language = "en-GB"
    props.created = props.modified = date.replace(tzinfo=None)
    props.revision = 1
    return document


def set_footer(document: Document, text: str) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.text = f"{text} · page "
    add_field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    add_field(paragraph, "NUMPAGES")


def note(document: Document, text: str, *, size: float = 9.5) -> None:
    """A grey explanatory line."""
    run = document.add_paragraph().add_run(text)
    run.font.size, run.font.color.rgb = Pt(size), GREY


def describe_version(info: VersionInfo | None) -> str:
    if info is None:
        return "(none)"
    effective = f", effective {format_value(info.effective)}" if info.effective else ""
    return f"{info.version} ({info.status}{effective})"


def field_name(change: FieldChange) -> str:
    if change.field.startswith("parameters."):
        return f"Parameter {change.field.split('.', 1)[1]}"
    return _FIELD_NAMES.get(change.field, change.field)


def _quoted(text: str | None, limit: int = 140) -> str:
    if not text:
        return ""
    flat = " ".join(text.split())
    return f": “{flat if len(flat) <= limit else flat[: limit - 1].rstrip() + '…'}”"


def change_text(item: ClassifiedChange) -> str:
    """What changed, in words; an evidence item is quoted so the row stands on its own."""
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


def table(document: Document, header: Sequence[str], widths: Sequence[float]) -> Table:
    """A bordered table with a shaded header row that repeats on every page."""
    grid: Table = document.add_table(rows=1, cols=len(header))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)
    for cell, label, width in zip(grid.rows[0].cells, header, widths, strict=True):
        cell.width = Cm(width)
        cell.text = ""
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
        shade(cell, HEADER_FILL)
    repeat_as_header(grid.rows[0])
    return grid


def add_row(
    grid: Table, values: Sequence[str], widths: Sequence[float], fill: str | None = None
) -> None:
    cells = grid.add_row().cells  # type: ignore[no-untyped-call]
    for cell, value, width in zip(cells, values, widths, strict=True):
        cell.width = Cm(width)
        cell.text = value
    if fill:
        shade(cells[-1], fill)


def classification_line(diff: ClauseDiff, classification: Classification) -> str:
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


def summary(
    document: Document, diff: ClauseDiff, classification: Classification, level: int
) -> None:
    """The classification, a table of what changed field by field, and the versions compared."""
    document.add_heading("Summary of changes", level)
    paragraph = document.add_paragraph()
    paragraph.add_run(classification_line(diff, classification)).bold = True
    if classification.changes:
        widths = (3.6, 10.6, 2.4)
        grid = table(document, ("Part", "Change", "Class"), widths)
        for item in classification.changes:
            label = "—" if item.severity is Severity.NONE else item.severity.label
            values = (field_name(item.change), change_text(item), label)
            add_row(grid, values, widths, SEVERITY_FILL.get(item.severity))
        document.add_paragraph()
    columns = (2.2, 2.6, 3.4, 8.4)
    grid = table(document, ("Version", "Status", "Effective", "Approver"), columns)
    for info in (diff.old, diff.new):
        if info is not None:
            effective = format_value(info.effective) if info.effective else "—"
            add_row(grid, (info.version, info.status, effective, info.approver or "—"), columns)
    if diff.new is not None and diff.new.change_note:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(8)
        paragraph.add_run(f"Change note for {diff.new.version}: ").bold = True
        paragraph.add_run(diff.new.change_note)


def tracked_section(
    document: Document, section: SectionDiff, revisions: Revisions, level: int
) -> None:
    """A section heading and its paragraphs with word changes and whole-paragraph marks."""
    document.add_heading(section.heading, level)
    style = "List Bullet" if section.key in LIST_SECTIONS else None
    for item in section.paragraphs:
        paragraph = document.add_paragraph(style=style)
        for span in item.spans:
            if span.op == "equal":
                paragraph._p.append(text_run(span.text))
            elif span.op == "insert":
                paragraph._p.append(revisions.inserted(span.text))
            else:
                paragraph._p.append(revisions.deleted(span.text))
        if item.change == "inserted":
            revisions.mark_paragraph(paragraph, "ins")
        elif item.change == "deleted":
            revisions.mark_paragraph(paragraph, "del")


def clause_body(
    document: Document,
    diff: ClauseDiff,
    revisions: Revisions,
    level: int,
    values: Mapping[str, ParamValue] | None = None,
) -> None:
    """Every section present in either version, tracked; then the provenance line."""
    document.add_heading("Clause with tracked changes", level)
    if values:
        filled = ", ".join(f"{k} = {format_value(v)}" for k, v in values.items())
        note(document, f"Text shown with parameter values filled in: {filled}.")
    for section in diff.sections:
        if section.paragraphs:
            tracked_section(document, section, revisions, level + 1)
    compared = "; ".join(f"{i.ref} {i.hash}" for i in (diff.old, diff.new) if i is not None)
    note(document, f"Compared: {compared}.", size=8)


def clause_redline(
    diff: ClauseDiff,
    classification: Classification,
    *,
    author: str = DEFAULT_AUTHOR,
    date: dt.datetime | None = None,
    values: Mapping[str, ParamValue] | None = None,
) -> Document:
    """One clause's redline: title, summary table, the clause with tracked changes."""
    when = date or redline_date(diff)
    label = diff.label
    document = new_document(f"Redline {label}", diff.title, author, when)
    set_footer(document, f"Redline {label}")
    document.add_heading(f"Redline: {diff.clause_id} {diff.title}", 0)
    older, newer = describe_version(diff.old), describe_version(diff.new)
    note(
        document,
        f"Version {older} compared with {newer}. Changes are tracked as {author}, "
        f"{format_value(when.date())}: accept all changes to read "
        f"{diff.new.version if diff.new else 'nothing'}, reject all to read "
        f"{diff.old.version if diff.old else 'nothing'}.",
    )
    summary(document, diff, classification, 1)
    clause_body(document, diff, Revisions(author, when), 1, values)
    return document


def page_break_section(document: Document) -> None:
    """Start a new Word section on a new page (one per clause in a release redline)."""
    document.add_section(WD_SECTION.NEW_PAGE)


def write_docx(document: Document, target: Path) -> None:
    """Save a document atomically."""
    fsio.write_with(target, document.save)
