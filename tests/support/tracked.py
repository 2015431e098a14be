"""Read a redline's tracked changes straight from `word/document.xml`.

`resolve(path, "accept")` gives the body paragraphs as Word shows them after Accept All
Changes, `resolve(path, "reject")` after Reject All: inserted runs kept or dropped, deleted
runs dropped or kept, and a paragraph whose mark is removed joined to the paragraph after
it (so a paragraph inserted or deleted whole disappears). Tables are left out: the
redline's summary tables carry no tracked changes.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
Mode = Literal["accept", "reject"]


@dataclass(frozen=True)
class Para:
    style: str
    text: str


def document_xml(path: Path) -> Any:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _inside(node: Any, tag: str, stop: Any) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == W + tag:
            return True
        parent = parent.getparent()
    return False


def _text(p: Any, mode: Mode) -> str:
    dropped = "del" if mode == "accept" else "ins"
    out = []
    for node in p.iter(W + "t", W + "delText", W + "br", W + "tab"):
        if _inside(node, dropped, p):
            continue
        if node.tag == W + "br":
            out.append("\n")
        elif node.tag == W + "tab":
            out.append("\t")
        else:
            out.append(node.text or "")
    return "".join(out)


def _mark(p: Any) -> str | None:
    rpr = p.find(f"{W}pPr/{W}rPr")
    if rpr is None:
        return None
    if rpr.find(W + "ins") is not None:
        return "ins"
    if rpr.find(W + "del") is not None:
        return "del"
    return None


def _style(p: Any) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val") if style is not None else "Normal"


def resolve(path: Path, mode: Mode) -> list[Para]:
    """The document body's paragraphs after accepting or rejecting every change."""
    body = document_xml(path).find(W + "body")
    removed_mark = "del" if mode == "accept" else "ins"
    out: list[Para] = []
    carried = ""
    for p in body.iterchildren(W + "p"):
        text = _text(p, mode)
        if _mark(p) == removed_mark:
            carried += text
            continue
        out.append(Para(_style(p), carried + text))
        carried = ""
    assert not carried, "text left over after the last paragraph"
    return out


def revision_ids(path: Path) -> list[str]:
    """Every `w:id` of a `w:ins` or `w:del` in the document body."""
    root = document_xml(path)
    return [el.get(W + "id") for el in root.iter(W + "ins", W + "del")]


def between(paras: list[Para], start: str, stop_prefix: str) -> list[Para]:
    """The paragraphs after the one reading `start`, up to one starting with `stop_prefix`."""
    texts = [p.text for p in paras]
    first = texts.index(start) + 1
    last = next(i for i in range(first, len(texts)) if texts[i].startswith(stop_prefix))
    return paras[first:last]
