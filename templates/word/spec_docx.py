"""The service specification .docx: cover, document control, contents, clauses, appendices.

`render_specification` lays out a prepared `Specification` on a reference document and
returns the file's bytes; `write_specification` writes them atomically. Everything in the
file comes from the specification and its manifest (dates included), so the same inputs
give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path

from docx.document import Document as DocxDocument

from tenderkit import fsio
from tenderkit.award import REGIMES
from tenderkit.clauses.assembly import SpecClause, SpecSection
from tenderkit.clauses.model import Status
from tenderkit.clauses.placeholders import format_value
from tenderkit.templates.opc.archive import repack
from tenderkit.templates.word.docbuilder import DocBuilder, open_reference
from tenderkit.templates.word.properties import fill_field_results, write_custom_properties
from tenderkit.templates.word.reference_doc import LANGUAGE, REFERENCE_PROPERTY, VERSION_PROPERTY
from tenderkit.templates.word.settings import document_settings
from tenderkit.templates.word.spec_appendices import evaluation_appendix, provenance_appendix
from tenderkit.templates.word.specification import Specification
from tenderkit.templates.word.watermark import add_watermark

OBLIGATION_MEANING = {
    "must": "Mandatory: the provider must meet this requirement.",
    "should": "Expected: the provider should meet it, or explain why not and what it does instead.",
    "may": "Optional: the provider may do this; not doing so is not a failure.",
}


def _cover(b: DocBuilder, spec: Specification, *, draft: bool) -> None:
    m = spec.manifest.manifest
    b.paragraph(m.title, "Title")
    b.paragraph("Service specification", "Subtitle")
    if draft:
        b.paragraph(
            "This copy is for review before publication. Its parameter tables show where each "
            "value comes from: this specification, or the clause's default.",
            "Guidance",
            bold_lead="Draft for review, not for publication: ",
        )
    b.paragraph(m.commissioner, bold_lead="Commissioner: ")
    if m.provider:
        b.paragraph(m.provider, bold_lead="Provider: ")
    b.paragraph(m.reference, bold_lead="Reference: ")
    b.paragraph(f"{m.version} ({m.status})", bold_lead="Version: ")
    b.paragraph(format_value(m.date), bold_lead="Date: ")
    if spec.assembly.has_drafts:
        drafts = ", ".join(c.ref for c in spec.assembly.clauses() if c.status is Status.DRAFT)
        b.paragraph(
            f"This version contains clause versions that are still drafts and not yet approved "
            f"({drafts}). It is not for contract award.",
            "Guidance",
            bold_lead="Draft clauses: ",
        )
    b.page_break()


def _document_control(b: DocBuilder, spec: Specification) -> None:
    m = spec.manifest.manifest
    rubric = spec.method.rubric
    rows = [
        ("Title", m.title),
        ("Reference", m.reference),
        ("Commissioner", m.commissioner),
        *([("Provider", m.provider)] if m.provider else []),
        ("Author", m.author),
        ("Version", m.version),
        ("Status", m.status),
        ("Date", format_value(m.date)),
        ("Procurement regime", REGIMES[m.regime]),
        ("Evaluation method", f"{rubric.title} ({rubric.id} version {rubric.version})"),
        ("Clause library", spec.library_label),
    ]
    b.unnumbered_heading("Document control")
    b.table(["Item", "Detail"], rows, [1, 2.6], caption="Document control")
    b.paragraph("How the clauses are worded: each clause states an obligation.")
    b.table(
        ["Obligation", "Meaning"],
        [(word, meaning) for word, meaning in OBLIGATION_MEANING.items()],
        [1, 4],
        caption="Meaning of obligation words",
    )
    b.page_break()


def _section(b: DocBuilder, section: SpecSection, spec: Specification, *, draft: bool) -> None:
    b.heading(section.title, 1)
    if section.description:
        b.paragraph(" ".join(section.description.split()))
    for clause in section.clauses:
        _clause(b, clause, spec, draft=draft)


def _clause(b: DocBuilder, clause: SpecClause, spec: Specification, *, draft: bool) -> None:
    version = clause.resolved.version
    library_kinds = spec.kind_titles
    b.heading(clause.resolved.title, 2)
    b.table(
        ["Clause", "Version", "Kind", "Obligation"],
        [
            (
                clause.resolved.clause.id,
                version.version,
                library_kinds.get(clause.resolved.clause.kind, clause.resolved.clause.kind),
                version.obligation,
            )
        ],
        [1.2, 1, 1.8, 1],
        caption=f"Clause {clause.ref}",
    )
    for paragraph in clause.text.split("\n\n"):
        if paragraph.strip():
            b.paragraph(" ".join(paragraph.split()))
    if version.evidence:
        b.paragraph("Evidence requested", "TableLabel")
        b.table(
            ["No.", "Evidence the bidder or provider must supply"],
            [(str(i), item) for i, item in enumerate(version.evidence, start=1)],
            [0.5, 6],
            caption=f"Evidence requested for {clause.resolved.clause.id}",
        )
    if version.parameters:
        rows = []
        for name, param in version.parameters.items():
            value = clause.values.get(name)
            shown = "(not set)" if value is None else format_value(value)
            if value is not None and param.unit:
                shown = f"{shown} {param.unit}"
            # Where a value came from is for the people drafting, not for bidders.
            source = "this specification" if name in clause.given else "clause default"
            rows.append((param.description, shown, *([source] if draft else [])))
        b.paragraph("Parameters", "TableLabel")
        b.table(
            ["Parameter", "Value", *(["Set by"] if draft else [])],
            rows,
            [3.4, 1.6, *([1.4] if draft else [])],
            caption=f"Parameters of {clause.resolved.clause.id}",
        )
    if spec.manifest.manifest.include_guidance:
        if version.guidance:
            b.paragraph(
                " ".join(version.guidance.split()),
                "Guidance",
                bold_lead="Guidance (not contractual): ",
            )
        for example in version.examples:
            b.paragraph(
                " ".join(example.split()),
                "Guidance",
                bold_lead="Illustrative example (not a requirement): ",
            )


def _core(document: DocxDocument, spec: Specification) -> None:
    m = spec.manifest.manifest
    stamp = dt.datetime(m.date.year, m.date.month, m.date.day, tzinfo=dt.UTC)
    core = document.core_properties
    core.title = m.title
    core.subject = f"Service specification for {m.commissioner}"
    core.author = m.author
    core.last_modified_by = m.author
    core.keywords = "workplace compassion; service specification; " + m.reference
    core.category = "Service specification"
    core.comments = f"Built by tenderkit {spec.tool_version} from manifest {spec.manifest.hash}."
    core.identifier = m.reference
    core.version = m.version
    core.content_status = m.status
    core.language = LANGUAGE
    core.created = core.modified = core.last_printed = stamp
    core.revision = 1


def render_specification(
    spec: Specification,
    reference_doc: Path | None = None,
    *,
    pages: Mapping[str, int] | None = None,
    draft: bool = False,
) -> bytes:
    """The specification as .docx bytes, laid out on `reference_doc` (default: bundled).

    `pages` gives the contents each heading's page, by bookmark (see `spec_pages`); without
    it the contents lists the headings without numbers and Word offers to update it.
    """
    document = open_reference(reference_doc)
    b = DocBuilder(document)
    _cover(b, spec, draft=draft)
    _document_control(b, spec)
    b.contents()
    b.page_break()
    for section in spec.assembly.sections:
        _section(b, section, spec, draft=draft)
    b.start_appendices()
    evaluation_appendix(b, spec)
    provenance_appendix(b, spec)
    b.finish_contents(pages)
    document_settings(document, update_fields=pages is None)
    if draft:
        add_watermark(document, "DRAFT")
    _core(document, spec)
    props = spec.properties()
    write_custom_properties(document, props.as_properties())
    fill_field_results(
        document,
        {
            REFERENCE_PROPERTY: props.reference,
            VERSION_PROPERTY: props.document_version,
            "TITLE": spec.manifest.manifest.title,
            "AUTHOR": spec.manifest.manifest.author,
        },
    )
    out = io.BytesIO()
    document.save(out)
    return repack(out.getvalue(), spec.manifest.manifest.date)


def write_specification(spec: Specification, out: Path, reference_doc: Path | None = None) -> None:
    """Render and write atomically: on any error no file (not even a partial one) is left."""
    fsio.write_bytes(out, render_specification(spec, reference_doc))
