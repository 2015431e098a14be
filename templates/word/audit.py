"""Accessibility audit of any .docx: the checks a tender pack's documents must pass.

- title, author, subject and language set in the document properties, and a language on
  the text itself (the styles' default `w:lang`);
- headings in order: the first is level 1 and none skips a level; no empty heading;
- every table's first row marked as a header row that repeats (`w:tblHeader`);
- no pictures that may carry text (any image not marked decorative is reported, since
  the audit cannot read inside it), unless the picture has alt text and the figures it
  draws follow it as a table (a chart with its data table: the text is real text too);
- body text in a sans-serif font at 12pt or more.

`audit(path)` returns findings (empty when the document passes); an unreadable file raises
InputError.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from tenderkit.errors import Location
from tenderkit.findings import Finding
from tenderkit.templates.word.package import WordPackage, read_word_package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
THEME_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
FOOTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
DC = "{http://purl.org/dc/elements/1.1/}"
DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"

MIN_BODY_HALF_POINTS = 24  # 12pt
#: Sans-serif families a tender pack may use for body text (lower case).
SANS_SERIF = frozenset(
    {
        "arial", "liberation sans", "arimo", "helvetica", "helvetica neue", "calibri",
        "carlito", "verdana", "tahoma", "segoe ui", "open sans", "source sans pro",
        "source sans 3", "noto sans", "dejavu sans", "frutiger", "gill sans", "gill sans mt",
        "trebuchet ms", "century gothic", "lato", "roboto", "inter", "nimbus sans",
        "aptos", "lexend", "atkinson hyperlegible",
    }
)  # fmt: skip
_OFF = ("0", "false", "off")


def _on(node: Element | None) -> bool:
    return node is not None and node.get(f"{W}val", "true") not in _OFF


def _text(node: Element) -> str:
    return "".join(t.text or "" for t in node.iter(f"{W}t")).strip()


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Styles:
    """Paragraph styles by id, with outline level and run properties resolved through basedOn."""

    def __init__(self, root: Element | None):
        self.by_id: dict[str, Element] = {}
        self.default_paragraph: str | None = None
        self.defaults: Element | None = None
        if root is None:
            return
        self.defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        for style in root.iter(f"{W}style"):
            sid = style.get(f"{W}styleId", "")
            self.by_id[sid] = style
            if style.get(f"{W}type") == "paragraph" and _on_attr(style.get(f"{W}default")):
                self.default_paragraph = sid

    def chain(self, style_id: str | None) -> Iterator[Element]:
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None

    def outline_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            level = style.find(f"{W}pPr/{W}outlineLvl")
            if level is not None:
                value = int(level.get(f"{W}val", "9"))
                return None if value >= 9 else value
            name = style.find(f"{W}name")
            label = (name.get(f"{W}val", "") if name is not None else "").lower()
            if label.startswith("heading ") and label[8:].isdigit():
                return int(label[8:]) - 1
        return None

    def run_property(self, style_id: str | None, tag: str) -> Element | None:
        for style in self.chain(style_id):
            found = style.find(f"{W}rPr/{tag}")
            if found is not None:
                return found
        return None if self.defaults is None else self.defaults.find(tag)


def _on_attr(value: str | None) -> bool:
    return value is not None and value not in _OFF


def _where(package: WordPackage, part: str, place: str = "") -> Location:
    return Location(file=package.path, path=f"{part} {place}".strip())


def _properties(package: WordPackage) -> Iterator[Finding]:
    names = package.package_related(CORE_REL)
    core = package.xml(names[0]) if names else None
    part = names[0] if names else "docProps/core.xml"
    for tag, label in (("title", "title"), ("creator", "author"), ("subject", "subject")):
        node = core.find(f"{DC}{tag}") if core is not None else None
        if node is None or not (node.text or "").strip():
            yield Finding(_where(package, part), "properties", f"the document has no {label}")
    node = core.find(f"{DC}language") if core is not None else None
    if node is None or not (node.text or "").strip():
        yield Finding(_where(package, part), "language", "the document properties give no language")


def _language(package: WordPackage, styles: _Styles, part: str) -> Iterator[Finding]:
    lang = styles.run_property(styles.default_paragraph, f"{W}lang")
    if lang is None or not lang.get(f"{W}val"):
        yield Finding(
            _where(package, part), "language", "the text has no language (no w:lang in the styles)"
        )


def _paragraph_level(paragraph: Element, styles: _Styles) -> int | None:
    direct = paragraph.find(f"{W}pPr/{W}outlineLvl")
    if direct is not None:
        value = int(direct.get(f"{W}val", "9"))
        return None if value >= 9 else value + 1
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    level = styles.outline_level(
        style.get(f"{W}val") if style is not None else styles.default_paragraph
    )
    return None if level is None else level + 1


def _headings(package: WordPackage, document: Element, styles: _Styles) -> Iterator[Finding]:
    previous = 0
    for index, paragraph in enumerate(document.iter(f"{W}p"), start=1):
        level = _paragraph_level(paragraph, styles)
        if level is None:
            continue
        text = _text(paragraph)
        where = _where(package, package.main, f"paragraph {index}")
        if not text:
            yield Finding(where, "heading-empty", f"an empty level-{level} heading")
        if level > previous + 1:
            after = (
                "starts the document" if previous == 0 else f"follows a level-{previous} heading"
            )
            yield Finding(
                where,
                "heading-order",
                f"level-{level} heading {_short(text)!r} {after}; headings must not skip a level",
            )
        previous = level


def _tables(package: WordPackage, document: Element) -> Iterator[Finding]:
    for index, table in enumerate(document.iter(f"{W}tbl"), start=1):
        first = table.find(f"{W}tr")
        if first is None:
            continue
        if not _on(first.find(f"{W}trPr/{W}tblHeader")):
            cell = first.find(f"{W}tc")
            label = _short(_text(cell), 40) if cell is not None else ""
            yield Finding(
                _where(package, package.main, f"table {index}"),
                "table-header",
                f"the first row (starting {label!r}) is not marked as a repeating header row",
            )


def _tabled_drawings(root: Element) -> set[int]:
    """Ids of drawings in a body paragraph followed directly by a table (its data)."""
    found: set[int] = set()
    for body in root.iter(f"{W}body"):
        children = list(body)
        for position, child in enumerate(children[:-1]):
            if child.tag == f"{W}p" and children[position + 1].tag == f"{W}tbl":
                found.update(id(d) for d in child.iter(f"{W}drawing"))
    return found


def _images(package: WordPackage, part: str, root: Element) -> Iterator[Finding]:
    tabled = _tabled_drawings(root)
    for index, drawing in enumerate(root.iter(f"{W}drawing"), start=1):
        props = next(drawing.iter(f"{WP}docPr"), None)
        if props is not None and any(_on_attr(e.get("val")) for e in props.iter(DECORATIVE)):
            continue
        name = props.get("name", "") if props is not None else ""
        alt = (props.get("descr") or props.get("title") or "").strip() if props is not None else ""
        if alt and id(drawing) in tabled:
            continue
        described = f"alt text {_short(alt, 40)!r}" if alt else "no alt text"
        yield Finding(
            _where(package, part, f"image {index}"),
            "image",
            f"picture {name!r} ({described}): text in images cannot be read aloud or resized; "
            "use real text, or mark the picture decorative",
        )
    for index, _ in enumerate(root.iter(VML_IMAGE), start=1):
        yield Finding(
            _where(package, part, f"legacy image {index}"),
            "image",
            "legacy (VML) picture: text in images cannot be read aloud or resized; use real text",
        )


def _theme_font(package: WordPackage, which: str) -> str | None:
    themes = package.related(package.main, THEME_REL)
    theme = package.xml(themes[0]) if themes else None
    if theme is None:
        return None
    font = theme.find(
        f".//{DRAWING}{'minorFont' if which.startswith('minor') else 'majorFont'}/{DRAWING}latin"
    )
    return None if font is None else font.get("typeface")


def _body_font(package: WordPackage, styles: _Styles, part: str) -> Iterator[Finding]:
    where = _where(package, part, "Normal style")
    fonts = styles.run_property(styles.default_paragraph, f"{W}rFonts")
    family = None
    if fonts is not None:
        theme = fonts.get(f"{W}asciiTheme")
        family = _theme_font(package, theme) if theme else fonts.get(f"{W}ascii")
    if family is None:
        yield Finding(where, "body-font", "body text names no font")
    elif family.strip().lower() not in SANS_SERIF:
        yield Finding(
            where, "body-font", f"body text is in {family!r}, not a clear sans-serif font"
        )
    size = styles.run_property(styles.default_paragraph, f"{W}sz")
    half_points = int(size.get(f"{W}val", "20")) if size is not None else 20  # OOXML default 10pt
    if half_points < MIN_BODY_HALF_POINTS:
        yield Finding(where, "body-size", f"body text is {half_points / 2:g}pt; use at least 12pt")


def audit(path: Path | str) -> list[Finding]:
    """Every accessibility problem found in a .docx, in document order per check."""
    package = read_word_package(path)
    document = package.xml(package.main)
    assert document is not None  # read_word_package checked the main part exists
    style_parts = package.related(package.main, STYLES_REL)
    styles_part = style_parts[0] if style_parts else "word/styles.xml"
    styles = _Styles(package.xml(style_parts[0]) if style_parts else None)
    findings = [
        *_properties(package),
        *_language(package, styles, styles_part),
        *_headings(package, document, styles),
        *_tables(package, document),
        *_images(package, package.main, document),
        *_body_font(package, styles, styles_part),
    ]
    for rel in (HEADER_REL, FOOTER_REL):
        for part in package.related(package.main, rel):
            root = package.xml(part)
            if root is not None:
                findings.extend(_images(package, part, root))
    return findings
