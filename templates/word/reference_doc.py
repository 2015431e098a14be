"""The bundled reference document: the styles, numbering, header and footer specs are built on.

`build_reference_doc()` makes it from python-docx's default template, so the committed
`templates/assets/reference.docx` can be regenerated and checked:
`python -m tenderkit.templates.word.reference_doc` rewrites it (run from the source tree).

What it sets: Arial 12pt body text in British English (Liberation Sans, which has the same
metrics, stands in on Linux); Title, Subtitle and Heading 1–3 styles; multi-level heading
numbering; contents styles; a table style with a shaded header row; an A4 page whose header
shows the document reference and version and whose footer shows "Page X of Y".
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from importlib import resources
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from tenderkit.templates.opc.archive import repack
from tenderkit.templates.word.numbering import ensure_heading_lists
from tenderkit.templates.word.wordml import simple_field, text_run

FONT = "Arial"
LANGUAGE = "en-GB"
BLUE = "005EB8"  # NHS Blue: 5.1:1 against white, passes WCAG AA for text
GREY = "425563"  # NHS Dark Grey
PALE = "E8EDEE"  # NHS Pale Grey, behind black header-row text
BORDER = "768692"

#: Page: A4 with 2.2 cm side margins; TEXT_WIDTH is what tables and tab stops span.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
SIDE_MARGIN = 1247
TEXT_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN

#: The dates written into the reference document itself (it has no manifest).
BUILT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

#: Custom properties the header shows; the spec writer fills in their values.
REFERENCE_PROPERTY = "tenderkit.reference"
VERSION_PROPERTY = "tenderkit.document_version"

#: Style ids the spec writer uses; a user's reference document missing one gets it from here.
TABLE_STYLE = "TenderkitTable"
REQUIRED_STYLES = (
    "Normal", "Title", "Subtitle", "Heading1", "Heading2", "Heading3", "TOCHeading",
    "TOC1", "TOC2", "TOC3", "TableLabel", "Guidance",
    "TableText", TABLE_STYLE, "Header", "Footer",
)  # fmt: skip

W = nsdecls("w")


def _fonts() -> str:
    return f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'


def _paragraph_style(
    style_id: str,
    name: str,
    *,
    ppr: str = "",
    rpr: str = "",
    based_on: str | None = "Normal",
    next_style: str | None = "Normal",
    custom: bool = False,
    priority: int | None = None,
) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    nxt = f'<w:next w:val="{next_style}"/>' if next_style else ""
    prio = f'<w:uiPriority w:val="{priority}"/>' if priority is not None else ""
    flag = ' w:customStyle="1"' if custom else ""
    default = ' w:default="1"' if style_id == "Normal" else ""
    return (
        f'<w:style {W} w:type="paragraph"{default}{flag} w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/>{based}{nxt}{prio}<w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{_fonts()}{rpr}</w:rPr></w:style>"
    )


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _heading(level: int, size: int, before: int, after: int) -> str:
    return _paragraph_style(
        f"Heading{level}",
        f"heading {level}",
        ppr=f'<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="{after}"/>'
        f'<w:outlineLvl w:val="{level - 1}"/>',
        rpr=f'<w:b/><w:bCs/><w:color w:val="{BLUE}"/>{_size(size)}',
        priority=9,
    )


def _toc(level: int) -> str:
    indent = 284 * (level - 1)
    number = indent + 567 + 142 * (level - 1)  # where the title starts after "1.1.1"
    return _paragraph_style(
        f"TOC{level}",
        f"toc {level}",
        ppr=f'<w:tabs><w:tab w:val="left" w:pos="{number}"/>'
        f'<w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
        f'<w:spacing w:before="{60 if level == 1 else 0}" w:after="60"/>'
        f'<w:ind w:left="{indent}"/>',
        rpr="<w:b/>" if level == 1 else "",
        priority=39,
    )


def _header_footer(style_id: str, name: str) -> str:
    return _paragraph_style(
        style_id,
        name,
        ppr=f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_WIDTH // 2}"/>'
        f'<w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
        rpr=f'<w:color w:val="{GREY}"/>{_size(20)}',
        next_style=None,
        priority=99,
    )


def _table_style() -> str:
    border = f'w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"'
    sides = "".join(
        f"<w:{s} {border}/>" for s in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return (
        f'<w:style {W} w:type="table" w:customStyle="1" w:styleId="{TABLE_STYLE}">'
        '<w:name w:val="Tenderkit Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        '<w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>'
        f"<w:rPr>{_fonts()}{_size(22)}</w:rPr>"
        f"<w:tblPr><w:tblBorders>{sides}</w:tblBorders>"
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
        "<w:trPr><w:tblHeader/></w:trPr>"
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{PALE}"/></w:tcPr></w:tblStylePr>'
        "</w:style>"
    )


def style_definitions() -> list[str]:
    """The styles tenderkit defines, as `w:style` XML."""
    front = '<w:keepNext/><w:spacing w:before="240" w:after="240"/><w:outlineLvl w:val="9"/>'
    return [
        _paragraph_style(
            "Normal", "Normal", rpr=_size(24), based_on=None, next_style=None, priority=0
        ),
        _paragraph_style(
            "Title",
            "Title",
            ppr='<w:spacing w:before="2400" w:after="240" w:line="240" w:lineRule="auto"/>',
            rpr=f'<w:b/><w:bCs/><w:color w:val="{BLUE}"/><w:kern w:val="28"/>{_size(56)}',
            priority=10,
        ),
        _paragraph_style(
            "Subtitle",
            "Subtitle",
            ppr='<w:spacing w:after="480"/>',
            rpr=f'<w:color w:val="{GREY}"/>{_size(32)}',
            priority=11,
        ),
        _heading(1, 32, 480, 200),
        _heading(2, 28, 360, 120),
        _heading(3, 24, 240, 120),
        _paragraph_style(
            "TOCHeading",
            "TOC Heading",
            ppr=front,
            rpr=f'<w:b/><w:bCs/><w:color w:val="{BLUE}"/>{_size(32)}',
            priority=39,
        ),
        _toc(1),
        _toc(2),
        _toc(3),
        _paragraph_style(
            "TableLabel",
            "Table Label",
            ppr='<w:keepNext/><w:spacing w:before="120" w:after="60"/>',
            rpr="<w:b/><w:bCs/>",
            custom=True,
        ),
        _paragraph_style(
            "Guidance",
            "Guidance",
            ppr=f'<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="{BLUE}"/></w:pBdr>'
            '<w:ind w:left="227"/>',
            custom=True,
        ),
        _paragraph_style(
            "TableText",
            "Table Text",
            ppr='<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>',
            rpr=_size(22),
            custom=True,
        ),
        _table_style(),
        _header_footer("Header", "header"),
        _header_footer("Footer", "footer"),
    ]


def _set_styles(document: DocxDocument) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    defaults.getparent().replace(
        defaults,
        parse_xml(
            f"<w:docDefaults {W}><w:rPrDefault><w:rPr>{_fonts()}{_size(24)}"
            f'<w:lang w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    for xml in style_definitions():
        new = parse_xml(xml)
        style_id = new.get(qn("w:styleId"))
        old = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
        if old is not None:
            old.getparent().replace(old, new)
        else:
            styles.append(new)
    # Other built-in styles name theme fonts (Calibri, Cambria); pin them to the body font.
    for fonts in styles.iter(qn("w:rFonts")):
        themed = [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")]
        if themed:
            for attr in themed:
                del fonts.attrib[attr]
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(attr), FONT)


def _set_theme_fonts(document: DocxDocument) -> None:
    theme = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.THEME), None
    )
    if theme is None:
        return
    root = parse_xml(theme.blob)
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for latin in root.iter(f"{ns}latin"):
        latin.set("typeface", FONT)
    # The theme is a plain part python-docx cannot edit in place: swap in a new one.
    replacement = Part(theme.partname, theme.content_type, serialize_part_xml(root), theme.package)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == RT.THEME:
            del document.part.rels[rid]
    document.part.relate_to(replacement, RT.THEME)


def _drop_extras(document: DocxDocument) -> None:
    """Drop parts a reference document should not carry: a thumbnail image, stale style copies."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
    stale = ("stylesWithEffects", RT.CUSTOM_XML)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(stale[0]) or rel.reltype == stale[1]:
            document.part.drop_rel(rid)
    app = next((r for r in package.rels.values() if r.reltype == RT.EXTENDED_PROPERTIES), None)
    if app is not None:
        del package.rels[app.rId]
    blob = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        b"<Application>tenderkit</Application><DocSecurity>0</DocSecurity></Properties>"
    )
    part = Part(
        PackURI("/docProps/app.xml"),
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        blob,
        package,
    )
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


def _set_settings(document: DocxDocument) -> None:
    settings = document.settings.element
    for tag in ("w:savePreviewPicture", "w:rsids"):
        node = settings.find(qn(tag))
        if node is not None:
            settings.remove(node)
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.attrib.clear()
        lang.set(qn("w:val"), LANGUAGE)


def _set_page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.left_margin = section.right_margin = Twips(SIDE_MARGIN)
    section.top_margin = section.bottom_margin = Twips(1418)
    section.header_distance = section.footer_distance = Twips(709)
    # The cover page has no header or footer.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False

    header = section.header
    header.is_linked_to_previous = False
    para = header.paragraphs[0]
    para.style = document.styles["header"]
    para._p.append(simple_field(f'DOCPROPERTY "{REFERENCE_PROPERTY}"', "Document reference"))
    para._p.append(text_run("\t\tVersion "))
    para._p.append(simple_field(f'DOCPROPERTY "{VERSION_PROPERTY}"', "0"))

    footer = section.footer
    footer.is_linked_to_previous = False
    para = footer.paragraphs[0]
    para.style = document.styles["footer"]
    para._p.append(text_run("\tPage "))
    para._p.append(simple_field("PAGE", "1"))
    para._p.append(text_run(" of "))
    para._p.append(simple_field("NUMPAGES", "1"))


def _set_core(document: DocxDocument) -> None:
    core = document.core_properties
    core.title = "tenderkit reference document"
    core.subject = "Styles, numbering, header and footer for tenderkit documents"
    core.author = core.last_modified_by = "tenderkit"
    core.comments = (
        "Built by tenderkit.templates.word.reference_doc from python-docx's default template."
    )
    core.keywords = core.category = ""
    core.language = LANGUAGE
    core.created = core.modified = core.last_printed = BUILT
    core.revision = 1


def build_reference_doc() -> bytes:
    """The bundled reference document's bytes; the same python-docx gives the same bytes."""
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _drop_extras(document)
    _set_styles(document)
    _set_theme_fonts(document)
    _set_settings(document)
    ensure_heading_lists(document)
    _set_page(document)
    _set_core(document)
    out = io.BytesIO()
    document.save(out)
    return repack(out.getvalue(), BUILT.date())


def bundled_reference_doc() -> Path:
    """The reference document that ships inside the package."""
    return Path(str(resources.files("tenderkit.templates") / "assets" / "reference.docx"))


def main(argv: list[str]) -> int:  # pragma: no cover - a maintainer's command
    target = Path(argv[0]) if argv else bundled_reference_doc()
    target.write_bytes(build_reference_doc())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
