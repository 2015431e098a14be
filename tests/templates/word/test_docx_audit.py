"""The accessibility audit, run on small .docx files built in code, and its refusal of bad files."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Pt

from tenderkit.errors import InputError
from tenderkit.templates.word.audit import audit
from tenderkit.templates.word.package import MAX_MEMBERS
from tenderkit.templates.word.reference_doc import bundled_reference_doc


def accessible() -> Any:
    """A document on the bundled reference document with its properties set: passes the audit."""
    document = docx.Document(str(bundled_reference_doc()))
    core = document.core_properties
    core.title, core.author, core.subject, core.language = "T", "A", "S", "en-GB"
    document.add_paragraph("Section", style="Heading 1")
    document.add_paragraph("Body text.")
    return document


def save(document: Any, path: Path) -> Path:
    document.save(str(path))
    return path


def rules(path: Path) -> list[str]:
    return [f.rule for f in audit(path)]


def one_pixel_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_an_accessible_document_has_no_findings(tmp_path: Path) -> None:
    """Properties, language, ordered headings and a sans-serif 12pt body give no finding."""
    assert audit(save(accessible(), tmp_path / "ok.docx")) == []


def test_missing_title_author_subject_and_language_are_reported(tmp_path: Path) -> None:
    """Each missing document property is one finding naming the core properties part."""
    document = accessible()
    core = document.core_properties
    core.title = core.author = core.subject = core.language = ""
    findings = audit(save(document, tmp_path / "bare.docx"))
    assert [f.rule for f in findings] == ["properties", "properties", "properties", "language"]
    assert all("docProps/core.xml" in str(f) for f in findings)
    assert "no author" in str(findings[1])


def test_a_skipped_heading_level_is_reported_with_its_text(tmp_path: Path) -> None:
    """Heading 1 followed by Heading 3 skips a level."""
    document = accessible()
    document.add_paragraph("Too deep", style="Heading 3")
    findings = audit(save(document, tmp_path / "skip.docx"))
    assert [f.rule for f in findings] == ["heading-order"]
    assert "'Too deep' follows a level-1 heading" in str(findings[0])


def test_a_document_starting_below_level_one_is_reported(tmp_path: Path) -> None:
    """The first heading must be level 1."""
    document = docx.Document(str(bundled_reference_doc()))
    core = document.core_properties
    core.title, core.author, core.subject, core.language = "T", "A", "S", "en-GB"
    document.add_paragraph("Starts at two", style="Heading 2")
    assert rules(save(document, tmp_path / "two.docx")) == ["heading-order"]


def test_an_empty_heading_is_reported(tmp_path: Path) -> None:
    """A heading paragraph without text is a finding."""
    document = accessible()
    document.add_paragraph("", style="Heading 2")
    assert rules(save(document, tmp_path / "empty.docx")) == ["heading-empty"]


def test_a_table_without_a_header_row_is_reported(tmp_path: Path) -> None:
    """A table whose first row is not marked tblHeader is named with its first cell."""
    document = accessible()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Name"
    findings = audit(save(document, tmp_path / "table.docx"))
    assert [f.rule for f in findings] == ["table-header"]
    assert "table 1" in str(findings[0]) and "'Name'" in str(findings[0])


def test_a_picture_is_reported(tmp_path: Path) -> None:
    """The audit cannot see inside a picture, so any picture not marked decorative is a finding."""
    document = accessible()
    document.add_picture(io.BytesIO(one_pixel_png()))
    findings = audit(save(document, tmp_path / "picture.docx"))
    assert [f.rule for f in findings] == ["image"]
    assert "no alt text" in str(findings[0])


def _chart(document: Any, alt: str) -> None:
    shape = document.add_picture(io.BytesIO(one_pixel_png()))
    shape._inline.docPr.set("descr", alt)


def test_a_chart_with_alt_text_and_its_figures_in_a_table_after_it_passes(
    tmp_path: Path,
) -> None:
    """The figures a picture draws are real text in the table that follows it."""
    document = accessible()
    _chart(document, "Bar chart of totals: B1 81.36, B2 72.40.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Bidder"
    table.rows[0]._tr.get_or_add_trPr().append(
        docx.oxml.parse_xml(f"<w:tblHeader {docx.oxml.ns.nsdecls('w')}/>")
    )
    assert rules(save(document, tmp_path / "chart.docx")) == []


def test_a_chart_needs_both_its_alt_text_and_its_table(tmp_path: Path) -> None:
    """Alt text with no table after it, or a table after a picture with no alt text: reported."""
    no_table = accessible()
    _chart(no_table, "Bar chart of totals.")
    no_table.add_paragraph("Text, not the figures.")
    assert rules(save(no_table, tmp_path / "no-table.docx")) == ["image"]
    no_alt = accessible()
    no_alt.add_picture(io.BytesIO(one_pixel_png()))
    table = no_alt.add_table(rows=1, cols=1)
    table.rows[0]._tr.get_or_add_trPr().append(
        docx.oxml.parse_xml(f"<w:tblHeader {docx.oxml.ns.nsdecls('w')}/>")
    )
    assert rules(save(no_alt, tmp_path / "no-alt.docx")) == ["image"]


def test_a_serif_or_small_body_font_is_reported(tmp_path: Path) -> None:
    """Body text in Times New Roman at 10pt gives a font finding and a size finding."""
    document = accessible()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10)
    findings = audit(save(document, tmp_path / "serif.docx"))
    assert [f.rule for f in findings] == ["body-font", "body-size"]
    assert "'Times New Roman'" in str(findings[0]) and "10pt" in str(findings[1])


def test_theme_fonts_are_resolved_through_the_theme(tmp_path: Path) -> None:
    """python-docx's own template sets body text by theme (Cambria, 11pt): both are reported."""
    document = docx.Document()
    core = document.core_properties
    core.title, core.author, core.subject, core.language = "T", "A", "S", "en-GB"
    findings = audit(save(document, tmp_path / "theme.docx"))
    assert [f.rule for f in findings] == ["body-font", "body-size"]
    assert "'Cambria'" in str(findings[0])


def test_a_file_that_is_not_a_docx_is_refused(tmp_path: Path) -> None:
    """Text, or a zip without a Word document inside, raises one InputError naming the file."""
    text = tmp_path / "notes.docx"
    text.write_text("not a document")
    with pytest.raises(InputError, match="not a zip archive") as err:
        audit(text)
    assert str(err.value).startswith(str(text))
    other = tmp_path / "other.docx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="no Office package structure"):
        audit(other)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    """A member that expands a thousandfold is refused by its declared sizes alone."""
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (2 * 1024 * 1024))
    with pytest.raises(InputError, match="zip bomb"):
        audit(bomb)


def test_an_archive_with_too_many_members_is_refused(tmp_path: Path) -> None:
    """More members than any Word document has is refused."""
    crowded = tmp_path / "crowded.docx"
    with zipfile.ZipFile(crowded, "w") as archive:
        for i in range(MAX_MEMBERS + 1):
            archive.writestr(f"m{i}.xml", "")
    with pytest.raises(InputError, match="members"):
        audit(crowded)


def test_xml_with_entity_expansion_is_refused(tmp_path: Path) -> None:
    """A document part declaring entities (a billion-laughs attack) is refused, not parsed."""
    good = save(accessible(), tmp_path / "good.docx")
    hostile = tmp_path / "hostile.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = (
                    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
                    b"<d>&b;</d>"
                )
            target.writestr(item, data)
    with pytest.raises(InputError, match="unsafe XML"):
        audit(hostile)
