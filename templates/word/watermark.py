"""A diagonal text watermark ("DRAFT") behind every page, as Word itself writes one.

Word's watermark is a VML text-path shape in each header; Word and LibreOffice both show
it on every page that header is used on, and neither lets it be mistaken for body text.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml

_V = "urn:schemas-microsoft-com:vml"
_O = "urn:schemas-microsoft-com:office:office"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Word's own "text watermark" shape type (136, a text path), written as Word writes it.
_SHAPETYPE = (
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e">'
    '<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/>'
    '<v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/>'
    '<v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/>'
    '<v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>'
    '<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
    '<v:path textpathok="t" o:connecttype="custom" '
    'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/>'
    "</v:shapetype>"
)


def _watermark_paragraph(text: str, number: int) -> str:
    style = (
        "position:absolute;margin-left:0;margin-top:0;width:470pt;height:157pt;rotation:315;"
        "z-index:-251654144;mso-position-horizontal:center;"
        "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
        "mso-position-vertical-relative:margin"
    )
    return (
        f'<w:p xmlns:w="{_W}" xmlns:v="{_V}" xmlns:o="{_O}"><w:pPr><w:pStyle w:val="Header"/>'
        "</w:pPr><w:r><w:pict>"
        f"{_SHAPETYPE if number == 1 else ''}"
        f'<v:shape id="PowerPlusWaterMarkObject{number}" o:spid="_x0000_s{2048 + number}" '
        f'type="#_x0000_t136" style="{style}" o:allowincell="f" fillcolor="#d8dde0" '
        'stroked="f"><v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;Arial&quot;;font-size:1pt" '
        f"string={quoteattr(text)}/></v:shape></w:pict></w:r></w:p>"
    )


def add_watermark(document: DocxDocument, text: str = "DRAFT") -> None:
    """Put `text` diagonally behind every page of every section, the cover included."""
    number = 0
    for section in document.sections:
        headers = [section.header, section.first_page_header, section.even_page_header]
        for header in headers:
            if header.is_linked_to_previous and header is not section.header:
                continue
            number += 1
            header._element.append(parse_xml(_watermark_paragraph(text, number)))
