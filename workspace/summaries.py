"""`tender summaries`: one assessment summary per assessed bidder, from the checked result.

Every bidder in results.json was assessed (an excluded bid too: it is owed the reason), so
each gets `out/summaries/<bidder>.docx`. The standstill dates are computed from the notice
date by `scoring.standstill`; a notice dated on a non-working day is allowed and its warning
returned for the command to print. Everything is rendered before anything is written, so a
failure leaves no partial set; the files and their hashes are then recorded in the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tenderkit.errors import InputError
from tenderkit.hashing import file_sha256
from tenderkit.scoring.standstill import Standstill, standstill, standstill_paragraph
from tenderkit.templates.word.decision_content import SummaryContent
from tenderkit.templates.word.summary_docx import render_summary
from tenderkit.workspace import events
from tenderkit.workspace.commit import commit, workspace_step
from tenderkit.workspace.decision_record import (
    DecisionRecord,
    bid_figures,
    facts,
    open_decision_record,
)
from tenderkit.workspace.folder import Workspace


@dataclass(frozen=True)
class SummariesOutcome:
    files: tuple[Path, ...]
    standstill: Standstill
    warning: str | None  # why the notice date is not a working day, if it is not
    #: (bidder, criterion) pairs whose consensus has no moderation note (none was required),
    #: so their summaries can give no reasons beyond the score.
    without_notes: tuple[tuple[str, str], ...]
    #: (bidder, name, ISO date) of each bidder who withdrew: no summary is written for them.
    withdrawn: tuple[tuple[str, str, str], ...] = ()


def parse_notice_date(text: str) -> dt.date:
    """A notice date given as YYYY-MM-DD; InputError saying what was given otherwise."""
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"--notice-date {text!r} is not a date; give the day the notice is published as "
            "YYYY-MM-DD, e.g. 2027-04-06"
        ) from None


def summary_contents(record: DecisionRecord, notice_date: dt.date) -> list[SummaryContent]:
    """What each bidder's summary says, in results.json's order."""
    results = record.results
    period = standstill(record.tender.config.regime, notice_date)
    text = standstill_paragraph(period)
    record_facts = facts(record, notice_date)
    winning = results.winning_bid()
    winner = bid_figures(results, winning) if winning is not None else None
    return [
        SummaryContent(
            facts=record_facts,
            bid=bid_figures(results, bid),
            winner=winner if winner is not None and winner.id != bid.id else None,
            standstill=period,
            standstill_text=text,
        )
        for bid in results.bidders
    ]


def write_summaries(
    root: Path, notice_date: dt.date, now: dt.datetime, reference_doc: Path | None = None
) -> SummariesOutcome:
    """Write out/summaries/<bidder>.docx for every assessed bidder and record them, holding
    the workspace lock; the files and the log entry change together (`workspace.commit`)."""
    with workspace_step(Workspace(root)):
        return _write_summaries(root, notice_date, now, reference_doc)


def _write_summaries(
    root: Path, notice_date: dt.date, now: dt.datetime, reference_doc: Path | None
) -> SummariesOutcome:
    record = open_decision_record(root)
    workspace = record.workspace
    contents = summary_contents(record, notice_date)
    rendered = [(c.bid.id, render_summary(c, reference_doc)) for c in contents]
    written: list[Path] = []
    files: list[dict[str, str]] = []
    for bidder, data in rendered:
        path = workspace.summary(bidder)
        written.append(path)
        files.append({"bidder": bidder, "file": workspace.label(path), "sha256": file_sha256(data)})
    event = events.SummariesWritten(notice_date.isoformat(), record.results_sha256, files)
    workspace.summaries_dir.mkdir(parents=True, exist_ok=True)
    commit(workspace, [(p, d) for p, (_, d) in zip(written, rendered, strict=True)], [event], now)
    period = contents[0].standstill
    missing = tuple(
        (bid.id, c.id)
        for bid in record.results.bidders
        for c in bid.criteria
        if not (c.note and c.note.strip())
    )
    withdrawn = tuple((w.id, w.name, w.withdrawn) for w in record.results.withdrawn)
    return SummariesOutcome(tuple(written), period, period.warning, missing, withdrawn)
