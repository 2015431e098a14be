"""The files `tender collect` writes: `collected.json` (the contract) and a readable report.

Both are pure functions of the collection, so the same returns give the same text.
`collected.json` (format `tenderkit-collected/1`) holds every accepted score with its
evaluator, bidder, criterion, rationale and source file (name and SHA-256), ordered by
bidder, criterion and evaluator as configured; scores set aside for a declared conflict
(counts, never values); the bidders who withdrew, when and why, with the scores returns
held for them set aside (counts, never values); every return's status; per-evaluator
tallies; problems and notes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tenderkit.findings import Finding
from tenderkit.scoring.collection import Collection, Withdrawal
from tenderkit.scoring.entries import format_score

FORMAT = "tenderkit-collected/1"


@dataclass(frozen=True)
class CollectionContext:
    """What the outputs say about the tender itself."""

    reference: str
    title: str
    rubric_id: str
    rubric_version: str
    rubric_hash: str
    bidder_names: Mapping[str, str]
    withdrawn: Mapping[str, Withdrawal] = field(default_factory=dict)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _finding(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    return {
        "file": str(loc.file) if loc.file is not None else None,
        "sheet": loc.sheet,
        "cell": loc.cell,
        "name": loc.path,
        "rule": finding.rule,
        "message": finding.message,
    }


def _withdrawn(collection: Collection, context: CollectionContext) -> list[dict[str, Any]]:
    """Each bidder who withdrew, and what the returns held for them (set aside)."""
    return [
        {
            "bidder": bidder,
            "name": context.bidder_names.get(bidder, bidder),
            "withdrawn": withdrawal.date,
            "reason": withdrawal.reason,
            "set_aside": [
                {
                    "evaluator": w.evaluator,
                    "scores_entered": w.scores_entered,
                    "source": {"file": w.file, "sha256": w.sha256},
                }
                for w in collection.withdrawn
                if w.bidder == bidder
            ],
        }
        for bidder, withdrawal in context.withdrawn.items()
    ]


def collected_json(collection: Collection, context: CollectionContext) -> str:
    body = {
        "format": FORMAT,
        "tender": {"reference": context.reference, "title": context.title},
        "rubric": {
            "id": context.rubric_id,
            "version": context.rubric_version,
            "hash": context.rubric_hash,
        },
        "complete": collection.complete,
        "scores": [
            {
                "bidder": s.bidder,
                "criterion": s.criterion,
                "evaluator": s.evaluator,
                "score": _number(s.score),
                "rationale": s.rationale,
                "source": {"file": s.file, "sha256": s.sha256},
            }
            for s in collection.scores
        ],
        "set_aside": [
            {
                "evaluator": a.evaluator,
                "bidder": a.bidder,
                "reason": "conflict of interest declared",
                "scores_entered": a.scores_entered,
                "source": {"file": a.file, "sha256": a.sha256},
            }
            for a in collection.set_aside
        ],
        "withdrawn": _withdrawn(collection, context),
        "returns": [
            {
                "file": r.file,
                "sha256": r.sha256,
                "evaluator": r.evaluator,
                "status": r.status,
                "detail": r.detail,
            }
            for r in collection.returns
        ],
        "evaluators": [
            {
                "id": t.evaluator,
                "name": t.name,
                "returned": t.returned,
                "expected": t.expected,
                "accepted": t.accepted,
                "missing": t.missing,
            }
            for t in collection.tallies
        ],
        "problems": [_finding(f) for f in collection.problems],
        "notes": [_finding(f) for f in collection.notes],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _line(finding: Finding) -> str:
    loc = finding.location
    parts = [f"`{loc.file}`"] if loc.file is not None else []
    if loc.sheet is not None:
        parts.append(f"sheet '{loc.sheet}'" + (f" cell {loc.cell}" if loc.cell else ""))
    if loc.path:
        parts.append(f"`{loc.path}`")
    return f"- {' · '.join(parts)}: **{finding.rule}** {finding.message}"


def report_markdown(collection: Collection, context: CollectionContext) -> str:
    """The collection report a procurement lead reads (`out/collection-report.md`)."""
    lines = [
        f"# Collection report: {context.title} ({context.reference})",
        "",
        f"Rubric {context.rubric_id}@{context.rubric_version} (`{context.rubric_hash}`).",
        "",
    ]
    if collection.complete:
        lines.append("**Complete**: every expected score was returned and accepted.")
    else:
        lines.append(
            f"**Incomplete**: {len(collection.problems)} problem(s) below must be resolved "
            "before moderation."
        )
    accepted = sum(1 for r in collection.returns if r.status == "accepted")
    rejected = sum(1 for r in collection.returns if r.status == "rejected")
    lines += [
        "",
        f"Returns: {accepted} accepted, {rejected} rejected, {len(collection.returns)} file(s) read. "
        f"Scores accepted: {len(collection.scores)}.",
        "",
        "## Evaluators",
        "",
        "| Evaluator | Name | Returned | Expected | Accepted | Missing or invalid |",
        "|---|---|---|---|---|---|",
    ]
    for t in collection.tallies:
        lines.append(
            f"| {t.evaluator} | {_cell(t.name)} | {'yes' if t.returned else 'no'} | {t.expected} "
            f"| {t.accepted} | {t.missing} |"
        )
    lines += ["", "## Returns", ""]
    if collection.returns:
        lines += ["| File | Evaluator | Status | SHA-256 |", "|---|---|---|---|"]
        for r in collection.returns:
            lines.append(
                f"| {_cell(r.file)} | {r.evaluator or '-'} | {r.status} | `{r.sha256 or '-'}` |"
            )
    else:
        lines.append("No returns yet.")
    if collection.set_aside:
        lines += ["", "## Set aside: conflicts of interest declared", ""]
        for a in collection.set_aside:
            name = context.bidder_names.get(a.bidder, a.bidder)
            lines.append(
                f"- {a.evaluator} declared a conflict for {a.bidder} ({_cell(name)}) in `{a.file}`; "
                f"{a.scores_entered} score(s) entered there are set aside."
            )
    if context.withdrawn:
        lines += ["", "## Set aside: bidders who withdrew", ""]
        for bidder, withdrawal in context.withdrawn.items():
            name = context.bidder_names.get(bidder, bidder)
            why = f" ({_cell(withdrawal.reason)})" if withdrawal.reason else ""
            held = [w for w in collection.withdrawn if w.bidder == bidder]
            scored = "; ".join(
                f"{w.evaluator} entered {w.scores_entered} in `{w.file}`" for w in held
            )
            lines.append(
                f"- {bidder} ({_cell(name)}) withdrew on {withdrawal.date}{why}; "
                + (
                    f"their scores are set aside and not counted: {scored}."
                    if held
                    else "no return read holds scores for them."
                )
            )
    lines += ["", "## Problems", ""]
    lines += [_line(f) for f in collection.problems] or ["None."]
    if collection.notes:
        lines += ["", "## Notes", ""]
        lines += [_line(f) for f in collection.notes]
    lines += ["", "## Accepted scores", ""]
    if collection.scores:
        lines += ["| Bidder | Criterion | Evaluator | Score | Source |", "|---|---|---|---|---|"]
        for s in collection.scores:
            lines.append(
                f"| {s.bidder} | {s.criterion} | {s.evaluator} | {format_score(s.score)} | {_cell(s.file)} |"
            )
    else:
        lines.append("None yet.")
    return "\n".join(lines) + "\n"
