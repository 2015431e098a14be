"""What the decision documents share: the reference document, properties, pictures, repacking.

Each decision document (assessment summary, evaluation report) is laid out on the bundled
reference document by a `DocBuilder` and finished here: British English and fields updated
on opening; title, author, subject and dates in the core properties (dated from the record,
never the clock); provenance in custom properties (results hash, rubric hash, tool
version); and the package re-packed with fixed dates, so the same record gives the same
bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Emu

from tenderkit.templates.opc.archive import repack
from tenderkit.templates.word.decision_content import RecordFacts
from tenderkit.templates.word.docbuilder import DocBuilder, open_reference
from tenderkit.templates.word.properties import (
    PREFIX,
    fill_field_results,
    write_custom_properties,
)
from tenderkit.templates.word.reference_doc import LANGUAGE, REFERENCE_PROPERTY, VERSION_PROPERTY
from tenderkit.templates.word.settings import document_settings

#: Who the documents name as their author: the tool writes them for the authority.
AUTHOR = "tenderkit"
DOCUMENT_VERSION = "1"


def start(reference_doc: Path | None = None) -> DocBuilder:
    return DocBuilder(open_reference(reference_doc))


def provenance(facts: RecordFacts, kind: str) -> list[tuple[str, str | int]]:
    """The custom properties a decision document carries about where its figures came from."""
    return [
        (f"{PREFIX}reference", facts.reference),
        (f"{PREFIX}document_version", DOCUMENT_VERSION),
        (f"{PREFIX}document", kind),
        (f"{PREFIX}results_hash", facts.results_hash),
        (f"{PREFIX}rubric", f"{facts.rubric_id}@{facts.rubric_version}@{facts.rubric_hash}"),
        (f"{PREFIX}rubric_hash", facts.rubric_hash),
        (f"{PREFIX}tool_version", facts.tool_version),
        (f"{PREFIX}regime", facts.regime),
    ]


def finish(
    b: DocBuilder,
    facts: RecordFacts,
    *,
    title: str,
    subject: str,
    category: str,
    kind: str,
    extra: Sequence[tuple[str, str | int]] = (),
) -> bytes:
    """Settings, properties and fixed-date packaging: the document's bytes."""
    document = b.document
    document_settings(document)
    _core(document, facts, title=title, subject=subject, category=category)
    write_custom_properties(document, [*provenance(facts, kind), *extra])
    fill_field_results(
        document,
        {
            REFERENCE_PROPERTY: facts.reference,
            VERSION_PROPERTY: DOCUMENT_VERSION,
            "TITLE": title,
            "AUTHOR": AUTHOR,
        },
    )
    out = io.BytesIO()
    document.save(out)
    return repack(out.getvalue(), facts.date)


def _core(
    document: DocxDocument, facts: RecordFacts, *, title: str, subject: str, category: str
) -> None:
    stamp = dt.datetime(facts.date.year, facts.date.month, facts.date.day, tzinfo=dt.UTC)
    core = document.core_properties
    core.title = title
    core.subject = subject
    core.author = AUTHOR
    core.last_modified_by = AUTHOR
    core.keywords = f"workplace compassion; {category.lower()}; {facts.reference}"
    core.category = category
    core.comments = f"Written by tenderkit {facts.tool_version} from results {facts.results_hash}."
    core.identifier = facts.reference
    core.version = DOCUMENT_VERSION
    core.content_status = "Final"
    core.language = LANGUAGE
    core.created = core.modified = core.last_printed = stamp
    core.revision = 1


def picture(b: DocBuilder, png: bytes, *, name: str, alt_text: str, width_fraction: float) -> None:
    """A picture with alt text, as wide as `width_fraction` of the text.

    The accessibility audit accepts a picture only with its figures given as text too: the
    caller follows it with a table of the same figures.
    """
    width = Emu(int(b.text_width * 635 * width_fraction))
    paragraph = b.paragraph()
    shape = paragraph.add_run().add_picture(io.BytesIO(png), width=width)
    props = shape._inline.docPr
    props.set("name", name)
    props.set("descr", alt_text)
    props.set("title", name)
