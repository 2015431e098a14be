"""Small WordprocessingML builders python-docx has no API for: fields, bookmarks, numbering
references, repeating header rows and schema-ordered insertion."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: Children of w:trPr in schema order (Word rejects out-of-order elements).
TR_PR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
    "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
)  # fmt: skip


def element(tag: str, attrs: dict[str, str] | None = None, *children: Any) -> Any:
    """A new `w:`-namespaced element with `w:` attributes and children."""
    node = OxmlElement(tag)
    for name, value in (attrs or {}).items():
        node.set(qn(name), value)
    for child in children:
        node.append(child)
    return node


def text_run(text: str, *, bold: bool = False) -> Any:
    """A run holding text, tabs written as real tabs, spaces preserved."""
    run = element("w:r")
    if bold:
        run.append(element("w:rPr", None, element("w:b")))
    for i, piece in enumerate(text.split("\t")):
        if i:
            run.append(element("w:tab"))
        if piece:
            node = element("w:t")
            node.text = piece
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(node)
    return run


def field_runs(instruction: str, cached: Sequence[Any]) -> list[Any]:
    """The runs of a complex field: begin, instruction, separate, cached result, end.

    The cached result is what a reader that does not update fields shows, so it should be
    the field's true value wherever tenderkit can compute it.
    """
    instr = element("w:instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
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
    rank = {qn(name): i for i, name in enumerate(order)}
    mine = rank.get(tag, len(order))
    for sibling in parent:
        if rank.get(sibling.tag, -1) > mine:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def repeat_header_row(table: Any) -> None:
    """Mark a table's first row as a header row that repeats on every page."""
    first = table.find(qn("w:tr"))
    if first is None:
        return
    tr_pr = first.get_or_add_trPr()
    insert_ordered(tr_pr, element("w:tblHeader"), TR_PR_ORDER)


def set_numbering(paragraph: Any, num_id: int, level: int) -> None:
    """Give a paragraph an explicit list and level (overriding its style's numbering)."""
    num_pr = paragraph.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id
