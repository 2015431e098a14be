"""Document settings every tenderkit document shares: fields updated on opening, British English.

Word rebuilds fields (contents, page numbers) on opening when `w:updateFields` is set; the
language goes on the styles' defaults whatever the reference document said.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from tenderkit.templates.word.reference_doc import LANGUAGE
from tenderkit.templates.word.wordml import element, insert_ordered

#: Children of w:settings that follow w:updateFields, in schema order.
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
    "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
    "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip


def document_settings(document: DocxDocument, *, update_fields: bool = True) -> None:
    """Set the text's language to British English, and with update_fields ask readers to
    update fields on opening (for a document whose page numbers no layout has filled in)."""
    settings = document.settings.element
    if update_fields:
        insert_ordered(
            settings,
            element("w:updateFields", {"w:val": "true"}),
            ("w:updateFields", *(t for t in _AFTER_UPDATE_FIELDS if t.startswith("w:"))),
        )
    # Whatever the reference document said, the text is British English.
    rpr_default = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
    if rpr_default is None:
        defaults = document.styles.element.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = element("w:docDefaults")
            document.styles.element.insert(0, defaults)
        rpr_default = element("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = element("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = element("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
