"""WordprocessingML python-docx has no API for: runs, fields, bookmarks, numbering references,
repeating header rows, schema-ordered insertion, tracked changes, shading, fonts, settings.

Everything builds lxml elements through `docx.oxml` (`OxmlElement`, `qn`), so the rest of
`templates/word/` never spells out XML by hand. The one module of its kind: specifications,
reference documents and redlines all build their XML here.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, Literal

from docx.document import Document
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser
from docx.table import _Cell
from docx.text.paragraph import Paragraph

Element = Any  # an lxml element from python-docx (untyped)

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: Children of w:trPr in schema order (Word rejects out-of-order elements).
TR_PR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
    "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
)  # fmt: skip

#: The first children of w:pPr in schema order, up to the ones tenderkit sets.
P_PR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


@cache
def _name(tag: str) -> tuple[str, dict[str, str]]:
    """`w:p` as lxml names it, with the one namespace declaration python-docx gives it."""
    prefix, local = tag.split(":")
    return f"{{{nsmap[prefix]}}}{local}", {prefix: nsmap[prefix]}


def element(tag: str, attrs: dict[str, str] | None = None, *children: Any) -> Any:
    """A new `w:`-namespaced element with `w:` attributes and children.

    The element python-docx's `OxmlElement` makes (its element class, its namespace
    declaration), with the names worked out once per tag: documents make thousands.
    """
    name, namespaces = _name(tag)
    node = oxml_parser.makeelement(name, nsmap=namespaces)
    if attrs:
        for attr, value in attrs.items():
            node.set(_name(attr)[0], value)
    for child in children:
        node.append(child)
    return node


def _element(tag: str, **attrs: str) -> Element:
    """`element` with `w:` attributes given as keywords."""
    return element(tag, {f"w:{name}": value for name, value in attrs.items()})


def text_run(text: str, *, bold: bool = False, deleted: bool = False) -> Any:
    """A `w:r` holding text: line breaks become `w:br`, tabs `w:tab`, spaces preserved;
    deleted text uses `w:delText`, as Word requires inside `w:del`."""
    run = element("w:r")
    if bold:
        run.append(element("w:rPr", None, element("w:b")))
    tag = "w:delText" if deleted else "w:t"
    for i, line in enumerate(text.split("\n")):
        if i:
            run.append(element("w:br"))
        for j, piece in enumerate(line.split("\t")):
            if j:
                run.append(element("w:tab"))
            if piece:
                node = element(tag)
                node.text = piece
                node.set(_XML_SPACE, "preserve")
                run.append(node)
    return run


def field_runs(instruction: str, cached: Sequence[Any]) -> list[Any]:
    """The runs of a complex field: begin, instruction, separate, cached result, end.

    The cached result is what a reader that does not update fields shows, so it should be
    the field's true value wherever tenderkit can compute it.
    """
    instr = element("w:instrText")
    instr.text = f" {instruction} "
    instr.set(_XML_SPACE, "preserve")
    return [
        element("w:r", None, element("w:fldChar", {"w:fldCharType": "begin"})),
        element("w:r", None, instr),
        element("w:r", None, element("w:fldChar", {"w:fldCharType": "separate"})),
        *cached,
        element("w:r", None, element("w:fldChar", {"w:fldCharType": "end"})),
    ]


def simple_field(instruction: str, cached: str) -> Any:
    """A `w:fldSimple` (PAGE, NUMPAGES, DOCPROPERTY ...) with its cached text."""
    return element("w:fldSimple", {"w:instr": f" {instruction} "}, text_run(cached))


def bookmark(paragraph: Any, name: str, ident: int) -> None:
    """Wrap a paragraph's content in a bookmark (the target of TOC links and page refs)."""
    start = element("w:bookmarkStart", {"w:id": str(ident), "w:name": name})
    end = element("w:bookmarkEnd", {"w:id": str(ident)})
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph.insert(0, start)
    paragraph.append(end)


def hyperlink(anchor: str, children: Iterable[Any]) -> Any:
    """An internal hyperlink to a bookmark."""
    link = element("w:hyperlink", {"w:anchor": anchor, "w:history": "1"})
    for child in children:
        link.append(child)
    return link


def insert_ordered(parent: Any, child: Any, order: Sequence[str]) -> Any:
    """Insert child among parent's children respecting the schema order; replace a same tag."""
    tag = child.tag
    existing = parent.find(tag)
    if existing is not None:
        existing.addprevious(child)
        parent.remove(existing)
        return child
    rank = _ranks(tuple(order))
    mine = rank.get(tag, len(order))
    for sibling in parent:
        if rank.get(sibling.tag, -1) > mine:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


@cache
def _ranks(order: tuple[str, ...]) -> dict[str, int]:
    return {qn(name): i for i, name in enumerate(order)}


def repeat_header_row(table: Any, *, cant_split: bool = False) -> None:
    """Mark a table's first row (`w:tbl` element) as a header row repeated on every page
    the table spans, kept on the page of the first row below it; with cant_split, the row
    is also never broken across pages.

    Keeping the header with the next row matters beyond looks: a table that breaks right
    after its header leaves the header alone at the foot of a page (Word), and LibreOffice
    drops the row that follows altogether when that row may not split either.
    """
    first = table.find(qn("w:tr"))
    if first is None:
        return
    tr_pr = first.get_or_add_trPr()
    if cant_split:
        insert_ordered(tr_pr, element("w:cantSplit", {"w:val": "true"}), TR_PR_ORDER)
    insert_ordered(
        tr_pr, element("w:tblHeader", {"w:val": "true"} if cant_split else None), TR_PR_ORDER
    )
    if first.getnext() is not None:
        for paragraph in first.iter(qn("w:p")):
            keep_with_next(paragraph)


def keep_with_next(paragraph: Any) -> None:
    """Keep a paragraph (`w:p` element) on the same page as the one after it."""
    insert_ordered(paragraph.get_or_add_pPr(), element("w:keepNext"), P_PR_ORDER)


def set_numbering(paragraph: Any, num_id: int, level: int) -> None:
    """Give a paragraph an explicit list and level (overriding its style's numbering)."""
    num_pr = paragraph.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


# --- tracked changes -----------------------------------------------------------------


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


# --- cells, fonts, settings and sections ------------------------------------------------


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
    paragraph._p.append(simple_field(instruction, "1"))
