"""Read what LibreOffice made of a document: the paragraphs and tracked changes of an ODT.

In an ODT, inserted text stays in the body between change marks and deleted text moves
into `text:tracked-changes`, so the body's paragraphs are the document as it reads with
every change accepted.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"


@dataclass(frozen=True)
class TrackedChange:
    kind: str  # "insertion" or "deletion"
    author: str
    text: str


def content(path: Path) -> Any:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("content.xml"))


def _text(node: Any) -> str:
    out = [node.text or ""]
    for child in node:
        if child.tag == TEXT + "s":
            out.append(" " * int(child.get(TEXT + "c", "1")))
        elif child.tag == TEXT + "tab":
            out.append("\t")
        elif child.tag == TEXT + "line-break":
            out.append("\n")
        else:
            out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _skipped(node: Any) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag in (TEXT + "tracked-changes", TABLE + "table"):
            return True
        parent = parent.getparent()
    return False


def body_paragraphs(path: Path) -> list[str]:
    """The body's paragraphs and headings outside tables: the text with changes accepted."""
    body = content(path).find(f"{OFFICE}body/{OFFICE}text")
    return [_text(node) for node in body.iter(TEXT + "p", TEXT + "h") if not _skipped(node)]


def tracked_changes(path: Path) -> list[TrackedChange]:
    """Every changed region LibreOffice recorded, with its author and (deleted) text."""
    root = content(path)
    out = []
    for region in root.iter(TEXT + "changed-region"):
        change = region[0]
        kind = change.tag.removeprefix(TEXT)
        author = change.findtext(f"{OFFICE}change-info/{DC}creator") or ""
        text = "\n".join(_text(p) for p in change.iter(TEXT + "p", TEXT + "h"))
        out.append(TrackedChange(kind, author, text))
    return out
