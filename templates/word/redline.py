"""Redline `.docx`: a clause diff as genuine Word tracked changes, with a summary on top.

Accepting every change gives exactly the newer version's text, rejecting every change the
older one: changed words are `w:del`/`w:ins` runs, and a paragraph (an evidence item, a
parameter, a paragraph of text) added or removed whole is marked on its paragraph mark too.
The summary table, version table and headings around the tracked text are the same on
both sides. Revisions carry one author and date and ids unique across the document.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from tenderkit import __version__, fsio
from tenderkit.clauses.changes.clause_diff import ClauseDiff, SectionDiff
from tenderkit.clauses.changes.diff_views import (
    LIST_SECTIONS,
    change_text,
    classification_line,
    describe_version,
    field_name,
    severity_label,
)
from tenderkit.clauses.changes.release import ReleaseReport
from tenderkit.clauses.changes.release_views import KIND_WORDS, headline, versions_moved
from tenderkit.clauses.changes.severity import Classification, Severity
from tenderkit.clauses.model import ParamValue
from tenderkit.clauses.placeholders import format_value
from tenderkit.templates.opc.archive import ZIP_YEARS, repack
from tenderkit.templates.word.wordml import (
    Revisions,
    add_field,
    end_section,
    repeat_header_row,
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


def redline_date(diff: ClauseDiff) -> dt.datetime:
    """The default revision date: the newer version's effective date (else the older one's,
    else today), at midnight UTC, so the same versions give the same document."""
    for side in (diff.new, diff.old):
        if side is not None and side.effective is not None:
            return dt.datetime.combine(side.effective, dt.time(), tzinfo=dt.UTC)
    return dt.datetime.combine(dt.date.today(), dt.time(), tzinfo=dt.UTC)


def redline_author(diff: ClauseDiff | None, given: str | None) -> str:
    """Who the tracked changes are by: the one given, else the newer version's approver
    (who made the change theirs by approving it), else tenderkit's default."""
    if given:
        return given
    if diff is not None and diff.new is not None and diff.new.approver:
        return _clip(diff.new.approver)
    return DEFAULT_AUTHOR


def _clip(text: str, limit: int = 255) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    # Word keeps 255 characters in a property; the document body carries the full text.
    props.title, props.subject, props.author = _clip(title), _clip(subject), author
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
    repeat_header_row(grid._tbl, cant_split=True)
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


def summary(
    document: Document, diff: ClauseDiff, classification: Classification, level: int
) -> None:
    """The classification, a table of what changed field by field, and the versions compared."""
    document.add_heading("Summary of changes", level)
    paragraph = document.add_paragraph()
    paragraph.add_run(classification_line(diff, classification)).bold = True
    if classification.changes:
        widths = (4.2, 10.0, 2.4)
        grid = table(document, ("Part", "Change", "Class"), widths)
        for item in classification.changes:
            label = severity_label(item.severity)
            values = (field_name(item.change.field), change_text(item), label)
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
    author: str | None = None,
    date: dt.datetime | None = None,
    values: Mapping[str, ParamValue] | None = None,
) -> Document:
    """One clause's redline: title, summary table, the clause with tracked changes.

    Without `author` the changes are the newer version's approver's; without `date`,
    dated its effective date.
    """
    when = date or redline_date(diff)
    author = redline_author(diff, author)
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


def release_date(report: ReleaseReport) -> dt.datetime:
    """The default revision date of a release redline: the latest effective date among the
    versions it compares (else today), at midnight UTC."""
    dates = [
        side.effective
        for item in report.clauses
        if item.diff is not None
        for side in (item.diff.old, item.diff.new)
        if side is not None and side.effective is not None
    ]
    day = max(dates) if dates else dt.date.today()
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def release_redline(
    report: ReleaseReport, *, author: str | None = None, date: dt.datetime | None = None
) -> Document:
    """A whole release as one redline: an overview, then one Word section per changed clause.

    Each clause's changes are by `author` if given, else by its newer version's approver,
    dated `date` if given, else its newer version's effective date.
    """
    when = date or release_date(report)
    by = author or DEFAULT_AUTHOR
    label = f"{report.old_release} → {report.new_release}"
    document = new_document(f"Release redline {label}", report.name, by, when)
    set_footer(document, f"Release redline {label}")
    document.add_heading(f"Release redline: {report.name}", 0)
    tracked_as = (
        f"Changes are tracked as {author}, {format_value(when.date())}"
        if author
        else "Each clause's changes are tracked as the approver of its newer version, on "
        "its effective date"
    )
    note(
        document,
        f"{report.old_label} (release {report.old_release}) compared with "
        f"{report.new_label} (release {report.new_release}). {tracked_as}: accept all "
        "changes to read the new release, reject all to read the old one.",
    )
    document.add_heading("Summary", 1)
    document.add_paragraph().add_run(headline(report)).bold = True
    if report.clauses:
        widths = (2.7, 5.8, 2.3, 3.4, 2.4)
        grid = table(document, ("Clause", "Title", "Change", "Versions", "Class"), widths)
        for item in report.clauses:
            values = (
                item.clause_id,
                item.title,
                KIND_WORDS[item.kind],
                versions_moved(item),
                severity_label(item.severity),
            )
            add_row(grid, values, widths, SEVERITY_FILL.get(item.severity))
    if report.newly_approved:
        document.add_heading("Newly approved versions", 2)
        for ref in report.newly_approved:
            document.add_paragraph(ref, style="List Bullet")
    moves = [(c, s) for c in report.clauses for s in c.status_changes]
    if moves:
        document.add_heading("Status changes", 2)
        columns = (3.0, 2.4, 5.6, 5.6)
        grid = table(document, ("Clause", "Version", "Was", "Now"), columns)
        for item, move in moves:
            was, now = move.old or "(absent)", move.new or "(absent)"
            add_row(grid, (item.clause_id, move.version, was, now), columns)
    if report.clauses:
        note(document, "Each clause that changed follows on its own pages, in library order.")
    next_id = 1
    for item in report.clauses:
        end_section(document)
        document.add_heading(f"{item.clause_id} {item.title}", 1)
        note(document, f"{KIND_WORDS[item.kind].capitalize()}; versions {versions_moved(item)}.")
        if item.diff is None:
            for change in item.classification.changes:
                document.add_paragraph(change.reason, style="List Bullet")
            continue
        summary(document, item.diff, item.classification, 2)
        if not item.diff.identical:
            # Revision ids run on across clauses: Word refuses a file whose ids repeat.
            revisions = Revisions(
                redline_author(item.diff, author), date or redline_date(item.diff), next_id
            )
            clause_body(document, item.diff, revisions, 2)
            next_id += revisions.count
    return document


def write_docx(document: Document, target: Path) -> None:
    """Save a document atomically, its zip entries dated as its properties are.

    python-docx stamps each zip entry with the time of saving; re-packing with the
    document's own date makes the same inputs give the same bytes.
    """
    buffer = io.BytesIO()
    document.save(buffer)
    modified = document.core_properties.modified
    stamp = modified.date() if modified is not None else dt.date(ZIP_YEARS[0], 1, 1)
    fsio.write_bytes(target, repack(buffer.getvalue(), stamp))
