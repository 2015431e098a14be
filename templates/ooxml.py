"""Small WordprocessingML helpers python-docx does not offer: tracked changes, table header
rows, cell shading, fonts without theme overrides, settings and fields.

Everything here builds lxml elements through `docx.oxml` (`OxmlElement`, `qn`), so the
rest of `templates/` never spells out XML by hand.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any, Literal

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph

Element = Any  # an lxml element from python-docx (untyped)

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _element(tag: str, **attrs: str) -> Element:
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    return el


def text_run(text: str, *, deleted: bool = False) -> Element:
    """A `w:r` holding text: line breaks become `w:br`, tabs `w:tab`; deleted text uses
    `w:delText`, as Word requires inside `w:del`."""
    run = _element("w:r")
    tag = "w:delText" if deleted else "w:t"
    for i, line in enumerate(text.split("\n")):
        if i:
            run.append(_element("w:br"))
        for j, piece in enumerate(line.split("\t")):
            if j:
                run.append(_element("w:tab"))
            if piece:
                t = _element(tag)
                t.text = piece
                t.set(_XML_SPACE, "preserve")
                run.append(t)
    return run


class Revisions:
    """Makes tracked insertions and deletions with one author and date and ids unique
    across the document (Word refuses a file whose revision ids repeat)."""

    def __init__(self, author: str, date: dt.datetime, first_id: int = 1):
        self.author = author
        when = date if date.tzinfo is not None else date.replace(tzinfo=dt.UTC)
        self.date = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._next = first_id

    def _mark(self, tag: Literal["w:ins", "w:del"]) -> Element:
        el = _element(tag, id=str(self._next), author=self.author, date=self.date)
        self._next += 1
        return el

    @property
    def count(self) -> int:
        return self._next - 1

    def inserted(self, text: str) -> Element:
        """`<w:ins>` around a run of text."""
        mark = self._mark("w:ins")
        mark.append(text_run(text))
        return mark

    def deleted(self, text: str) -> Element:
        """`<w:del>` around a run of `w:delText`."""
        mark = self._mark("w:del")
        mark.append(text_run(text, deleted=True))
        return mark

    def mark_paragraph(self, paragraph: Paragraph, kind: Literal["ins", "del"]) -> None:
        """Mark the paragraph mark itself inserted or deleted (`w:pPr/w:rPr/w:ins|w:del`), so
        accepting or rejecting removes the whole paragraph, not just its words."""
        ppr = paragraph._p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = _element("w:rPr")
            # rPr comes after the other paragraph properties, before sectPr and pPrChange.
            tail = ppr.find(qn("w:sectPr"))
            if tail is None:
                tail = ppr.find(qn("w:pPrChange"))
            if tail is not None:
                tail.addprevious(rpr)
            else:
                ppr.append(rpr)
        rpr.insert(0, self._mark("w:ins" if kind == "ins" else "w:del"))


def repeat_as_header(row: _Row) -> None:
    """Repeat this table row at the top of every page the table spans."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(_element("w:tblHeader", val="true"))
    trpr.append(_element("w:cantSplit", val="true"))


def shade(cell: _Cell, fill: str) -> None:
    """Fill a table cell with a solid colour (hex RGB such as D9E2F3)."""
    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.append(_element("w:shd", val="clear", color="auto", fill=fill))


def use_font(document: Document, name: str, *, language: str = "en-GB") -> None:
    """Use one font everywhere: replace every style's theme fonts (which would otherwise
    win over a named font) and set the document language."""
    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in list(fonts.attrib):
            if attr.endswith("Theme") or attr.endswith("theme"):
                del fonts.attrib[attr]
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{attr}"), name)
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), language)


#: Order of the `w:settings` children up to trackRevisions (ECMA-376 CT_Settings).
_SETTINGS_BEFORE_TRACK = (
    *("writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime"),
    *("doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText"),
    *("printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts"),
    *("embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins"),
    *("alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter"),
    *("gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle"),
    *("proofState", "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter"),
    *("stylePaneSortMethod", "documentType", "mailMerge", "revisionView"),
)


def track_revisions(document: Document) -> None:
    """Turn on Track Changes, so a reviewer's own edits to the redline are tracked too."""
    settings = document.settings.element
    if settings.find(qn("w:trackRevisions")) is not None:
        return
    before = {qn(f"w:{tag}") for tag in _SETTINGS_BEFORE_TRACK}
    position = 0
    for i, child in enumerate(settings):
        if child.tag in before:
            position = i + 1
    settings.insert(position, _element("w:trackRevisions"))


def end_section(document: Document) -> None:
    """End the current Word section at the last paragraph; what follows starts on a new page.

    Word keeps a section's properties in its last paragraph, so no empty paragraph is
    added (python-docx's `add_section` adds one, which readers show as a blank line).
    The ended section keeps the header and footer; later sections inherit them.
    """
    body = document.element.body
    last = body[-2] if len(body) > 1 else None  # body[-1] is the document's own sectPr
    if last is None or last.tag != qn("w:p"):
        last = document.add_paragraph()._p
    sentinel = body.get_or_add_sectPr()
    last.set_sectPr(copy.deepcopy(sentinel))
    for reference in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(reference)


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """A simple field such as PAGE or NUMPAGES, updated by Word and LibreOffice on display."""
    field = _element("w:fldSimple", instr=f" {instruction} ")
    field.append(text_run("1"))
    paragraph._p.append(field)
