"""Writing a structured Word document on a reference document: headings, text, tables, contents.

A thin layer over python-docx that keeps the rules every tenderkit document follows: real
heading styles with list numbering and a bookmark each (for the contents and cross
references); tables in the reference document's table style with a repeating header row;
a contents field whose cached entries are already filled in.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Emu, Inches, Pt, Twips
from docx.text.paragraph import Paragraph

from tenderkit.errors import InputError, Location
from tenderkit.templates.word.numbering import HeadingLists, ensure_heading_lists
from tenderkit.templates.word.package import read_word_package
from tenderkit.templates.word.reference_doc import (
    REQUIRED_STYLES,
    TABLE_STYLE,
    bundled_reference_doc,
)
from tenderkit.templates.word.wordml import (
    TR_PR_ORDER,
    bookmark,
    element,
    field_runs,
    hyperlink,
    insert_ordered,
    repeat_header_row,
    set_numbering,
    text_run,
)

TOC_INSTRUCTION = r'TOC \o "1-3" \h \z \u'


def open_reference(path: Path | None) -> DocxDocument:
    """Open a reference document (default: the bundled one) after checking it is safe and a .docx.

    Its body is emptied: only its styles, numbering, page setup, header and footer are used.
    """
    source = path or bundled_reference_doc()
    if path is not None:
        # Size, zip-bomb and well-formedness checks first. The bundled document ships
        # with tenderkit and its tests check it; parsing it on every build cost a tenth
        # of a specification build.
        read_word_package(source)
    try:
        document = docx.Document(str(source))
    except (BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(f"cannot use as a reference document: {exc}", Location(source)) from None
    if path is not None:
        _adopt_missing_styles(document)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _adopt_missing_styles(document: DocxDocument) -> None:
    """Give a user's reference document any style tenderkit needs that it does not define."""
    bundled = docx.Document(str(bundled_reference_doc())).styles.element
    styles = document.styles.element
    for style_id in REQUIRED_STYLES:
        query = f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']"
        if styles.find(query) is None:
            source = bundled.find(query)
            if source is not None:
                styles.append(copy.deepcopy(source))


_TC_W = f"{qn('w:tcPr')}/{qn('w:tcW')}"


def _cell_width(tc: Any, twips: int) -> None:
    """`tc.width = Twips(twips)`, on the width element python-docx's new cells have.

    python-docx's setters look each child up among every tag that may follow it; a
    specification's tables have thousands of cells.
    """
    width = tc.find(_TC_W)
    if width is None:
        tc.width = Twips(twips)
        return
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(twips))


def _paragraph_style(p: Any, style_id: str) -> None:
    """`p.style = style_id`, directly on a paragraph that is still empty."""
    if len(p):
        p.style = style_id
        return
    p.insert(0, element("w:pPr", None, element("w:pStyle", {"w:val": style_id})))


@dataclass(frozen=True)
class HeadingEntry:
    """A heading as the contents lists it."""

    level: int
    number: str
    title: str
    bookmark: str


@dataclass
class DocBuilder:
    """Appends content to a document body in reading order."""

    document: DocxDocument
    lists: HeadingLists = field(init=False)
    headings: list[HeadingEntry] = field(default_factory=list)
    _counters: list[int] = field(default_factory=lambda: [0, 0, 0])
    _appendix: bool = False
    _toc_anchor: Any = None
    _styles: dict[str, Any] = field(default_factory=dict)
    _after_table: bool = False

    def __post_init__(self) -> None:
        self.lists = ensure_heading_lists(self.document)

    @property
    def text_width(self) -> int:
        """Width between the margins, in twentieths of a point."""
        # The last section's properties are the body's own (`document.sections` would
        # search the whole body for every section first).
        section = self.document.element.body.sectPr
        if section is None:
            section = self.document.sections[-1]
        width = section.page_width or 0
        margins = (section.left_margin or 0) + (section.right_margin or 0)
        return int((width - margins) / 635)  # 635 EMU to the twip

    def paragraph(self, text: str = "", style: str = "Normal", *, bold_lead: str = "") -> Paragraph:
        p = self.document.add_paragraph()
        if style != "Normal":  # the default paragraph style is implied
            _paragraph_style(p._p, self._style(style))
        if self._after_table and not style.startswith("Heading"):
            # Tables have no space below them; the text that follows needs some.
            p.paragraph_format.space_before = Pt(8)
        self._after_table = False
        if bold_lead:
            p._p.append(text_run(bold_lead, bold=True))
        if text:
            p._p.append(text_run(text))
        return p

    def _style(self, style_id: str) -> str:
        """The style id, checked to exist (python-docx's name lookup is slow on big style sets)."""
        if not self._styles:
            self._styles.update(
                (s.get(qn("w:styleId")), s)
                for s in self.document.styles.element.iter(qn("w:style"))
            )
        if style_id not in self._styles:
            raise KeyError(f"the reference document has no style {style_id!r}")
        return style_id

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def unnumbered_heading(self, text: str) -> Paragraph:
        """A level-1 heading outside the numbering (front matter such as document control)."""
        p = self.paragraph(text, "Heading1")
        set_numbering(p._p, 0, 0)
        self._mark(p, 1, "", text)
        return p

    def heading(self, text: str, level: int) -> Paragraph:
        """A numbered heading: 1 / 1.1 / 1.1.1 in the body, Appendix A / A.1 / A.1.1 after."""
        p = self.paragraph(text, f"Heading{level}")
        self._counters[level - 1] += 1
        for deeper in range(level, len(self._counters)):
            self._counters[deeper] = 0
        if self._appendix:
            set_numbering(p._p, self.lists.appendix, level - 1)
            if level == 1:
                p.paragraph_format.page_break_before = True
            letter = chr(ord("A") + self._counters[0] - 1)
            parts = [letter, *(str(n) for n in self._counters[1:level])]
            number = f"Appendix {letter}:" if level == 1 else ".".join(parts)
        else:
            number = ".".join(str(n) for n in self._counters[:level])
        self._mark(p, level, number, text)
        return p

    def start_appendices(self) -> None:
        """Headings from here on are numbered Appendix A, A.1, A.1.1."""
        self._appendix = True
        self._counters = [0, 0, 0]

    def _mark(self, p: Paragraph, level: int, number: str, title: str) -> None:
        name = f"_Toc{len(self.headings) + 1:08d}"
        bookmark(p._p, name, len(self.headings) + 1)
        self.headings.append(HeadingEntry(level, number, title, name))

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        caption: str,
    ) -> Any:
        """A table in the house style; `widths` are fractions of the text width."""
        body = self.document.element.body
        last = body[-2] if len(body) > 1 else None  # the last child is the section properties
        if last is not None and last.tag == qn("w:tbl"):
            # Word merges tables that touch; keep them apart.
            self.paragraph()
        table = self._add_table(1 + len(rows), len(header))
        total = self.text_width
        twips = [int(total * w / sum(widths)) for w in widths]
        tbl = table._tbl
        tbl_pr = tbl.tblPr
        tbl_pr.style = self._style(TABLE_STYLE)
        tbl_pr.append(element("w:tblCaption", {"w:val": caption}))
        width = tbl_pr.find(qn("w:tblW"))
        width.set(qn("w:type"), "dxa")
        width.set(qn("w:w"), str(sum(twips)))
        for col, tw in zip(tbl.tblGrid.findall(qn("w:gridCol")), twips, strict=True):
            col.set(qn("w:w"), str(tw))
        text_style = self._style("TableText")
        for r, (tr, values) in enumerate(
            zip(tbl.findall(qn("w:tr")), [header, *rows], strict=True)
        ):
            for c, (tc, value) in enumerate(zip(tr.findall(qn("w:tc")), values, strict=True)):
                _cell_width(tc, twips[c])
                p = tc.find(qn("w:p"))
                for i, line in enumerate(str(value).split("\n")):
                    if i:
                        p = element("w:p")
                        tc.append(p)
                    _paragraph_style(p, text_style)
                    p.append(text_run(line, bold=r == 0))
        repeat_header_row(tbl)
        for row in tbl.findall(qn("w:tr")):
            # A row split over two pages separates a label from its value.
            insert_ordered(row.get_or_add_trPr(), element("w:cantSplit"), TR_PR_ORDER)
        self._after_table = True
        return table

    def _add_table(self, rows: int, cols: int) -> Any:
        """`document.add_table(rows, cols)`, its width read from the body's own section
        properties (python-docx collects every section of the document for each table)."""
        section = self.document.element.body.sectPr
        if section is None:
            return self.document.add_table(rows=rows, cols=cols)
        width = Emu(
            (section.page_width or Inches(8.5))
            - (section.left_margin or Inches(1))
            - (section.right_margin or Inches(1))
        )
        # A new table has no style, which is what add_table's `style=None` leaves it.
        return self.document._body.add_table(rows, cols, width)

    def contents(self) -> None:
        """The place the table of contents goes; filled in by `finish_contents`."""
        self.paragraph("Contents", "TOCHeading")
        self._toc_anchor = self.paragraph()

    def finish_contents(self, pages: Mapping[str, int] | None = None) -> None:
        """Write the TOC field, its cached result one linked entry per heading so far.

        `pages` gives each heading's page by bookmark name (laid out by a real reader, see
        `spec_pages`); without it the entries stand without page numbers.
        """
        anchor = self._toc_anchor._p
        entries = [h for h in self.headings if h.level <= 3]
        paragraphs = [
            self._toc_entry(h, None if pages is None else pages.get(h.bookmark)) for h in entries
        ]
        if not paragraphs:
            paragraphs = [element("w:p")]
        first, last = paragraphs[0], paragraphs[-1]
        runs = field_runs(TOC_INSTRUCTION, [])
        begin, end = runs[:3], runs[-1]
        insert_at = 1 if first.find(qn("w:pPr")) is not None else 0
        for offset, run in enumerate(begin):
            first.insert(insert_at + offset, run)
        last.append(end)
        for p in paragraphs:
            anchor.addprevious(p)
        anchor.getparent().remove(anchor)

    def _toc_entry(self, entry: HeadingEntry, page: int | None) -> Any:
        style = element("w:pStyle", {"w:val": f"TOC{entry.level}"})
        p = element("w:p", None, element("w:pPr", None, style))
        if not entry.number:
            label = entry.title
        elif entry.number.startswith("Appendix"):
            label = f"{entry.number} {entry.title}"
        else:
            label = f"{entry.number}\t{entry.title}"
        runs = [text_run(label)]
        if page is not None:
            # A PAGEREF field, as Word writes it, so that updating the contents in Word
            # recomputes the number; its cached result is the page the layout gave.
            runs += [
                text_run("\t"),
                *field_runs(f"PAGEREF {entry.bookmark} \\h", [text_run(str(page))]),
            ]
        p.append(hyperlink(entry.bookmark, runs))
        return p
