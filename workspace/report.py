"""`tender report`: the evaluation report, from the checked result, the collection and the log.

The report's date is the date of the last evaluation entry in the audit log (the decision
documents' own entries are left out of the timeline and of the date), so writing the
summaries or the report again never changes the report: the same record gives the same
bytes. The report is rendered in full before it is written, then recorded in the log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tenderkit.hashing import file_sha256
from tenderkit.scoring.moderation import moderation_row
from tenderkit.scoring.tender import allocated_criteria
from tenderkit.templates.word.decision_content import (
    EvaluatorEntry,
    IndividualScore,
    ReportContent,
    SpreadPoint,
    TimelineEntry,
    score_text,
)
from tenderkit.templates.word.report_docx import render_report
from tenderkit.workspace import events
from tenderkit.workspace.commit import commit, workspace_step
from tenderkit.workspace.decision_record import (
    DecisionRecord,
    all_bid_figures,
    facts,
    log_entries,
    open_decision_record,
    read_collected,
)
from tenderkit.workspace.folder import Workspace
from tenderkit.workspace.results_file import Flip, ResultsDocument, WithdrawnResult

#: Entries the decision documents add; the report's timeline and date leave them out.
RECORD_EVENTS = frozenset({events.SummariesWritten.name, events.ReportWritten.name})
_CHAIN_KEYS = ("seq", "at", "event", "prev")
#: Long values shown in part in the timeline; the inputs table has every hash in full.
_HASH_KEYS = frozenset({"sha256", "hash", "rubric_hash", "hmac_sha256", "results_sha256"})


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 16 else text[:12] + "…"


def _time(stamp: str) -> str:
    """2027-03-01T09:05:00Z as 2027-03-01 09:05:00 (the log's times are UTC)."""
    return stamp.replace("T", " ").removesuffix("Z")


def _detail(entry: dict[str, Any]) -> str:
    parts = []
    for key, value in entry.items():
        if key in _CHAIN_KEYS or value is None or value == "" or value == []:
            continue
        shown = _short(value) if key in _HASH_KEYS else str(value)
        parts.append(f"{key}: {shown}")
    return "; ".join(parts)


def _problem_text(entry: dict[str, Any]) -> str:
    place = " ".join(
        str(part)
        for part in (
            entry.get("file"),
            f"sheet {entry['sheet']!r}" if entry.get("sheet") else None,
            entry.get("cell"),
            entry.get("name"),
        )
        if part
    )
    return f"{place}: [{entry.get('rule')}] {entry.get('message')}".lstrip(": ")


def _flip_text(flip: Flip, results: ResultsDocument) -> str:
    winner = results.winner or "the first-ranked bid"
    raised = flip.to > flip.from_
    moved = flip.bidder if raised else winner
    verb = "Raising" if raised else "Lowering"
    outcome = (
        f"would make {flip.new_winner} the winning bid"
        if flip.new_winner is not None
        else f"would tie {flip.bidder} with {winner} for first place"
    )
    return (
        f"{verb} {moved}'s consensus score on {flip.criterion} from {score_text(flip.from_)} "
        f"to {score_text(flip.to)} ({flip.steps} step{'s' if flip.steps != 1 else ''}) {outcome}."
    )


def report_content(record: DecisionRecord) -> ReportContent:
    """What the report records, from the result, the collection and the audit log."""
    tender, results = record.tender, record.results
    workspace = record.workspace
    collected = read_collected(workspace)
    entries = [e for e in log_entries(workspace) if e.get("event") not in RECORD_EVENTS]
    date = dt.date.fromisoformat(str(entries[-1]["at"])[:10]) if entries else dt.date(1980, 1, 1)
    record_facts = facts(record, date)
    rubric = tender.rubric
    config = tender.config

    set_aside = [a for a in collected["set_aside"] if isinstance(a, dict)]
    returned = {
        str(t.get("id")): bool(t.get("returned"))
        for t in collected["evaluators"]
        if isinstance(t, dict)
    }
    evaluators = []
    for evaluator in config.evaluators:
        criteria = [c.id for c in allocated_criteria(evaluator, rubric)]
        scope = "every criterion" if evaluator.domains is None else ", ".join(evaluator.domains)
        declared = [str(a.get("bidder")) for a in set_aside if a.get("evaluator") == evaluator.id]
        if not returned.get(evaluator.id, False):
            declarations = "no accepted return"
        elif declared:
            declarations = f"conflict declared for {', '.join(declared)}; those scores set aside"
        else:
            declarations = "no conflict declared for any bid"
        evaluators.append(
            EvaluatorEntry(
                evaluator.id,
                evaluator.name,
                f"{scope} ({len(criteria)} criteria) for every bid",
                declarations,
            )
        )

    problems = tuple(_problem_text(e) for e in entries if e.get("event") == "problem")
    collections = [e for e in entries if e.get("event") == "collection"]
    last = collections[-1] if collections else None
    if last is None:
        resolution = "No collection is recorded in the audit log."
    elif collected.get("complete") and problems:
        resolution = (
            f"The final collection (log entry {last['seq']}, {last['at']}) accepted every "
            "expected score: each problem listed was resolved by a corrected return collected "
            "before it."
        )
    elif collected.get("complete"):
        resolution = "Every expected score was accepted at the first collection."
    else:
        resolution = (
            f"The final collection (log entry {last['seq']}) was incomplete; "
            f"{len(collected['problems'])} problem(s) remained unresolved."
        )

    spreads = []
    threshold = config.moderation.spread_threshold
    for bid in results.bidders:
        for c in bid.criteria:
            if len(c.scores) < 2:
                continue  # one evaluator's score has no spread to show
            criterion = rubric.criterion(c.id)
            assert criterion is not None
            scale = rubric.scale_for(criterion)
            row = moderation_row(
                bid.id,
                c.id,
                c.scores,
                spread_threshold=threshold,
                scale_step=scale.step,
                scale_min=scale.minimum,
            )
            spreads.append(
                SpreadPoint(
                    bid.id,
                    c.id,
                    float(row.minimum),
                    float(row.maximum),
                    float(row.spread),
                    row.flagged,
                )
            )

    inputs = [
        ("out/results.json", record.results_sha256),
        *((i.file, i.sha256) for i in results.inputs),
        ("tender.yaml", file_sha256(workspace.tender_file.read_bytes())),
        (f"evaluation method {rubric.ref}", tender.rubric_hash),
    ]
    if not any(f == "out/collected.json" for f, _ in inputs):
        inputs.append(("out/collected.json", file_sha256(workspace.collected_json.read_bytes())))

    return ReportContent(
        facts=record_facts,
        bids=all_bid_figures(results),
        evaluators=tuple(evaluators),
        timeline=tuple(
            TimelineEntry(int(e["seq"]), _time(str(e["at"])), str(e["event"]), _detail(e))
            for e in entries
        ),
        problems=problems,
        resolution=resolution,
        notes=tuple(str(n.get("message")) for n in collected["notes"] if isinstance(n, dict)),
        scores=tuple(
            IndividualScore(
                str(s["bidder"]),
                str(s["criterion"]),
                str(s["evaluator"]),
                float(s["score"]),
                str(s["rationale"]),
            )
            for s in collected["scores"]
        ),
        spreads=tuple(spreads),
        spread_threshold=threshold,
        note_warnings=tuple(
            (w.bidder, w.criterion, w.rule, w.message) for w in results.note_warnings
        ),
        margin=results.sensitivity.margin,
        flips=tuple(_flip_text(f, results) for f in results.sensitivity.flips),
        break_even=results.sensitivity.quality_weight_break_even,
        inputs=tuple(inputs),
        set_aside=tuple(
            f"{a.get('evaluator')} declared a conflict of interest for {a.get('bidder')}: "
            f"{a.get('scores_entered')} score(s) entered were set aside and not counted."
            for a in set_aside
        ),
        withdrawn=_withdrawn_lines(results.withdrawn, collected),
    )


def _withdrawn_lines(
    withdrawn: Sequence[WithdrawnResult], collected: dict[str, Any]
) -> tuple[str, ...]:
    """One sentence per bidder who withdrew: when, why, and what was set aside."""
    held = {
        str(w.get("bidder")): w.get("set_aside") or []
        for w in collected.get("withdrawn", [])
        if isinstance(w, dict)
    }
    lines = []
    for w in withdrawn:
        day = dt.date.fromisoformat(w.withdrawn)
        why = f" ({w.reason})" if w.reason else ""
        entries = [a for a in held.get(w.id, []) if isinstance(a, dict)]
        entered = sum(int(a.get("scores_entered") or 0) for a in entries)
        by = ", ".join(sorted({str(a.get("evaluator")) for a in entries}))
        aside = (
            f" {entered} score(s) entered for the bid by {by} were set aside and not counted."
            if entries
            else ""
        )
        lines.append(
            f"{w.id} ({w.name}) withdrew on {day.day} {day:%B %Y}{why}; the bid was not "
            f"moderated, scored or ranked.{aside}"
        )
    return tuple(lines)


def write_report(root: Path, now: dt.datetime, reference_doc: Path | None = None) -> Path:
    """Write out/evaluation-report.docx and record it in the audit log, holding the workspace
    lock; the file and the log entry change together (`workspace.commit`)."""
    with workspace_step(Workspace(root)):
        record = open_decision_record(root)
        workspace = record.workspace
        data = render_report(report_content(record), reference_doc)
        path = workspace.evaluation_report
        event = events.ReportWritten(
            workspace.label(path), file_sha256(data), record.results_sha256
        )
        commit(workspace, [(path, data)], [event], now)
        return path
