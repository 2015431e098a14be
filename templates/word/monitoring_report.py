"""The contract monitoring report (.docx), from monitoring.json alone.

For a contract review meeting: the position at the latest period (each measure's value,
target and status, and how many periods in a row it was not met, where a remedial-action
discussion starts), each measure's trend period by period, the providers' accounts and
case studies, and the provenance (contract hash, clause versions, each return's hash).
Built on the reference document like the specification, with real headings and tables with
repeating header rows; the provenance is also in the file's custom properties.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from tenderkit.scoring.entries import format_score
from tenderkit.scoring.monitoring_file import MeasureRow, MonitoringFile
from tenderkit.templates.opc.archive import repack
from tenderkit.templates.word.docbuilder import DocBuilder, open_reference
from tenderkit.templates.word.properties import (
    PREFIX,
    fill_field_results,
    write_custom_properties,
)
from tenderkit.templates.word.reference_doc import LANGUAGE, REFERENCE_PROPERTY, VERSION_PROPERTY
from tenderkit.templates.word.settings import document_settings

STATUS_WORDS = {
    "met": "Met",
    "not-met": "Not met",
    "missing": "Missing",
    "late": "Late",
    "suppressed": "Suppressed (group too small to report)",
}
#: Word keeps at most 255 characters in a text property.
_PROPERTY = 255


def _figure(m: MeasureRow, value: float | None) -> str:
    if value is None:
        return "–"
    text = format_score(round(value, 2))
    return f"{text}%" if m.unit == "percent" else text


def _summary(b: DocBuilder, doc: MonitoringFile, latest: str | None) -> None:
    b.heading("Position at the latest period", 1)
    if latest is None:
        b.paragraph("No period has been reported yet.")
        return
    counts = doc.status_counts(latest)
    shown = ", ".join(
        f"{STATUS_WORDS[s].split(' (')[0].lower()} {n}" for s, n in sorted(counts.items())
    )
    b.paragraph(f"Measures reported for {latest}: {shown}.")
    rows = []
    for m in doc.measures:
        last = m.periods[-1] if m.periods else None
        rows.append(
            (
                m.title,
                last.period if last else "–",
                _figure(m, last.value) if last else "–",
                _figure(m, last.target) if last else "–",
                STATUS_WORDS[last.status] if last else "Not yet due",
                str(m.not_met_in_a_row),
            )
        )
    b.table(
        ["Measure", "Period", "Value", "Target", "Status", "Not met in a row"],
        rows,
        [3, 1, 1, 1, 1.4, 1],
        caption="Each measure at its latest period",
    )
    behind = [m for m in doc.measures if m.not_met_in_a_row > 0]
    b.heading("Measures for remedial-action discussion", 2)
    if not behind:
        b.paragraph("Every measure met its target at its latest reported period.")
    for m in behind:
        b.paragraph(
            f"{m.title} ({m.clause}): not met in the last {m.not_met_in_a_row} period(s) reported.",
            bold_lead="Off track: ",
        )
    if doc.awaiting:
        b.paragraph(
            f"Returns issued and not yet due: {', '.join(doc.awaiting)}.", bold_lead="Awaited: "
        )


def _measure(b: DocBuilder, m: MeasureRow) -> None:
    b.heading(m.title, 2)
    better = "higher is better" if m.direction == "higher" else "lower is better"
    if m.baseline is None:
        baseline = "not yet known (the first value reported becomes the baseline)"
    else:
        source = "agreed" if m.baseline_source == "agreed" else "the first period reported"
        baseline = f"{_figure(m, m.baseline)} ({source})"
    b.paragraph(f"{m.clause}; {better}. Data source: {m.data_source}.")
    target = _figure(m, m.final_target) if m.final_target is not None else "–"
    months = f" within {m.target_months} months of the contract start" if m.target_months else ""
    b.paragraph(f"Baseline {baseline}; final target {target}{months}.")
    if not m.periods:
        b.paragraph("Nothing reported yet.")
        return
    b.table(
        ["Period", "Dates", "Value", "Target", "Status"],
        [
            (
                p.period + (" (baseline)" if p.baseline_period else ""),
                f"{p.first_day} to {p.last_day}",
                _figure(m, p.value),
                _figure(m, p.target),
                STATUS_WORDS[p.status],
            )
            for p in m.periods
        ],
        [1.3, 2.2, 1, 1, 1.8],
        caption=f"{m.title} by period",
    )


def _accounts(b: DocBuilder, doc: MonitoringFile) -> None:
    b.heading("Accounts and commentary", 1)
    given = [a for a in doc.accounts if a.text]
    if not given:
        b.paragraph("No accounts or commentary were given.")
    for a in given:
        b.paragraph(
            " ".join((a.text or "").split()), bold_lead=f"{a.period}, {a.clause} {a.title}: "
        )
    b.heading("Case studies", 1)
    if not doc.case_studies:
        b.paragraph("No case studies were given.")
    for c in doc.case_studies:
        b.heading(f"{c.period}: {c.title}", 2)
        b.paragraph(" ".join(c.account.split()))


def _provenance(b: DocBuilder, doc: MonitoringFile) -> None:
    b.heading("Provenance", 1)
    c = doc.contract
    b.table(
        ["Item", "Detail"],
        [
            ("Contract", f"{c.reference}: {c.title}"),
            ("Commissioner", c.commissioner),
            ("Provider", c.provider),
            ("Contract start", c.start),
            ("Reporting", f"{c.reporting_frequency}, within {c.within_working_days} working days"),
            ("Contract hash", c.contract_hash),
            ("Clause versions", ", ".join(c.clauses)),
            ("As of", doc.as_of),
            ("Produced with", f"tenderkit {doc.tool_version}"),
        ],
        [1, 3],
        caption="Provenance of this report",
    )
    b.table(
        ["Return", "Period", "Status", "SHA-256"],
        [(r.file, r.period or "–", r.status, r.sha256 or "–") for r in doc.returns],
        [1.6, 1, 1, 3],
        caption="Returns read",
    )


def _chunks(values: list[str]) -> list[str]:
    out: list[str] = []
    current = ""
    for value in values:
        joined = f"{current},{value}" if current else value
        if len(joined) > _PROPERTY and current:
            out.append(current)
            current = value
        else:
            current = joined
    if current:
        out.append(current)
    return out


def report_properties(doc: MonitoringFile) -> list[tuple[str, str | int]]:
    c = doc.contract
    props: list[tuple[str, str | int]] = [
        (REFERENCE_PROPERTY, c.reference[:_PROPERTY]),
        (VERSION_PROPERTY, f"as of {doc.as_of}"),
        (f"{PREFIX}contract_reference", c.reference[:_PROPERTY]),
        (f"{PREFIX}contract_hash", c.contract_hash),
        (f"{PREFIX}provider", c.provider[:_PROPERTY]),
        (f"{PREFIX}monitoring_as_of", doc.as_of),
        (f"{PREFIX}latest_period", doc.latest_period() or ""),
        (f"{PREFIX}tool_version", doc.tool_version),
        (f"{PREFIX}clause_count", len(c.clauses)),
    ]
    for i, chunk in enumerate(_chunks(c.clauses), start=1):
        props.append((f"{PREFIX}clauses.{i}", chunk))
    return props


def render_monitoring_report(doc: MonitoringFile, reference_doc: Path | None = None) -> bytes:
    """The report's .docx bytes; the same monitoring.json gives the same bytes."""
    document = open_reference(reference_doc)
    b = DocBuilder(document)
    c = doc.contract
    latest = doc.latest_period()
    b.paragraph(c.title, "Title")
    b.paragraph("Contract monitoring report", "Subtitle")
    b.paragraph(c.provider, bold_lead="Provider: ")
    b.paragraph(c.commissioner, bold_lead="Commissioner: ")
    b.paragraph(c.reference, bold_lead="Contract: ")
    b.paragraph(latest or "none yet", bold_lead="Latest period reported: ")
    b.paragraph(doc.as_of, bold_lead="As of: ")
    _summary(b, doc, latest)
    b.heading("Measures period by period", 1)
    for m in doc.measures:
        _measure(b, m)
    _accounts(b, doc)
    _provenance(b, doc)
    document_settings(document)
    day = dt.date.fromisoformat(doc.as_of)
    stamp = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    core = document.core_properties
    core.title = f"Contract monitoring report: {c.title}"[:_PROPERTY]
    core.subject = f"Monitoring of {c.provider} under {c.reference}"[:_PROPERTY]
    core.author = c.commissioner[:_PROPERTY]
    core.last_modified_by = c.commissioner[:_PROPERTY]
    core.keywords = "workplace compassion; contract monitoring; " + c.reference[:200]
    core.category = "Contract monitoring report"
    core.comments = f"Generated by tenderkit {doc.tool_version} from monitoring.json."
    core.language = LANGUAGE
    core.created = core.modified = core.last_printed = stamp
    core.revision = 1
    write_custom_properties(document, report_properties(doc))
    fill_field_results(
        document,
        {
            REFERENCE_PROPERTY: c.reference,
            VERSION_PROPERTY: f"as of {doc.as_of}",
            "TITLE": core.title,
            "AUTHOR": core.author,
        },
    )
    out = io.BytesIO()
    document.save(out)
    return repack(out.getvalue(), day)
