"""Multi-level heading numbering (1, 1.1, 1.1.1) and appendix numbering (Appendix A, A.1, A.1.1).

python-docx has no numbering API, so the lists are written into the numbering part as
`w:abstractNum` definitions. The body list is linked to the Heading 1–3 styles both ways
(`w:pStyle` in each level, `w:numPr` in each style), which is how Word and LibreOffice
restart 1.1 after every new 1; appendix headings use the same styles and point at the
appendix list explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from tenderkit.templates.word.wordml import element

HEADING_STYLES = ("Heading1", "Heading2", "Heading3")
BODY_LIST_NAME = "tenderkit headings"
APPENDIX_LIST_NAME = "tenderkit appendices"
LEVELS = 9  # Word expects a multi-level list to define all nine levels

#: Stable list ids (nsid) so regenerating a document gives the same XML.
_NSIDS = {BODY_LIST_NAME: "54CB0001", APPENDIX_LIST_NAME: "54CB0002"}


@dataclass(frozen=True)
class HeadingLists:
    """The numIds headings use: the body list (linked to the styles) and the appendix list."""

    body: int
    appendix: int


def _level(ilvl: int, fmt: str, text: str, indent: int, style: str | None) -> Any:
    children = [
        element("w:start", {"w:val": "1"}),
        element("w:numFmt", {"w:val": fmt}),
    ]
    if style is not None:
        children.append(element("w:pStyle", {"w:val": style}))
    children += [
        element("w:lvlText", {"w:val": text}),
        element("w:lvlJc", {"w:val": "left"}),
        element("w:pPr", None, element("w:ind", {"w:left": str(indent), "w:hanging": str(indent)})),
    ]
    return element("w:lvl", {"w:ilvl": str(ilvl)}, *children)


def _abstract(abstract_id: int, name: str, levels: list[Any]) -> Any:
    return element(
        "w:abstractNum",
        {"w:abstractNumId": str(abstract_id)},
        element("w:nsid", {"w:val": _NSIDS[name]}),
        element("w:multiLevelType", {"w:val": "multilevel"}),
        element("w:name", {"w:val": name}),
        *levels,
    )


def _body_levels() -> list[Any]:
    out = []
    for ilvl in range(LEVELS):
        text = ".".join(f"%{i + 1}" for i in range(ilvl + 1))
        style = HEADING_STYLES[ilvl] if ilvl < len(HEADING_STYLES) else None
        out.append(_level(ilvl, "decimal", text, 851 + 142 * min(ilvl, 2), style))
    return out


def _appendix_levels() -> list[Any]:
    out = [_level(0, "upperLetter", "Appendix %1:", 0, None)]
    # "Appendix A:" is followed by a space rather than a tab: it is a label, not a number.
    out[0].find(qn("w:lvlText")).addprevious(element("w:suff", {"w:val": "space"}))
    for ilvl in range(1, LEVELS):
        text = ".".join(f"%{i + 1}" for i in range(ilvl + 1))
        out.append(_level(ilvl, "decimal", text, 851 + 142 * min(ilvl - 1, 2), None))
    return out


def _numbering_root(document: DocxDocument) -> Any:
    return document.part.numbering_part.element


def _find_list(root: Any, name: str) -> int | None:
    """numId of the list whose abstract definition carries `name`."""
    for abstract in root.findall(qn("w:abstractNum")):
        label = abstract.find(qn("w:name"))
        if label is not None and label.get(qn("w:val")) == name:
            abstract_id = abstract.get(qn("w:abstractNumId"))
            for num in root.findall(qn("w:num")):
                ref = num.find(qn("w:abstractNumId"))
                if ref is not None and ref.get(qn("w:val")) == abstract_id:
                    return int(num.get(qn("w:numId")))
    return None


def _add_list(root: Any, name: str, levels: list[Any]) -> int:
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in root.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in root.findall(qn("w:num"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1
    abstract = _abstract(abstract_id, name, levels)
    # Every w:abstractNum must precede every w:num.
    existing = root.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    else:
        first_num = root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            root.append(abstract)
    root.append(
        element(
            "w:num",
            {"w:numId": str(num_id)},
            element("w:abstractNumId", {"w:val": str(abstract_id)}),
        )
    )
    return num_id


def _style_num_id(document: DocxDocument, style_id: str) -> int | None:
    style = document.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
    if style is None:
        return None
    num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return None if num_id is None else int(num_id.get(qn("w:val")))


def link_heading_styles(document: DocxDocument, num_id: int) -> None:
    """Point the Heading 1–3 styles at a list, each at its own level."""
    for ilvl, style_id in enumerate(HEADING_STYLES):
        style = document.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
        if style is None:
            continue
        num_pr = style.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = ilvl
        num_pr.get_or_add_numId().val = num_id


def ensure_heading_lists(document: DocxDocument) -> HeadingLists:
    """Find the heading lists in a document, adding (and linking) any that are missing.

    A reference document whose Heading 1 style already has numbering keeps it; one without
    gets tenderkit's body list. The appendix list is always tenderkit's own.
    """
    root = _numbering_root(document)
    body = _style_num_id(document, HEADING_STYLES[0])
    defined = {int(n.get(qn("w:numId"))) for n in root.findall(qn("w:num"))}
    if body not in defined:  # none, switched off (0), or pointing at a list that is not there
        body = _find_list(root, BODY_LIST_NAME) or _add_list(root, BODY_LIST_NAME, _body_levels())
        link_heading_styles(document, body)
    appendix = _find_list(root, APPENDIX_LIST_NAME)
    if appendix is None:
        appendix = _add_list(root, APPENDIX_LIST_NAME, _appendix_levels())
    return HeadingLists(body=body, appendix=appendix)
