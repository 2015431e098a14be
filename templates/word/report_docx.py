"""The evaluation report: the record that lets a reviewer reconstruct the decision years later.

`render_report` lays out a `ReportContent`: the tender, its evaluation method and weights,
the evaluators with their allocation and conflict declarations, the audit-log timeline,
collection problems and how they were resolved, every individual score with its rationale,
every moderation with its note and the note-lint findings, the result, the sensitivity
analysis with two charts, and the hash of every input. Each chart is followed by a table of
the figures it draws, so nothing is only in a picture.
"""

from __future__ import annotations

from pathlib import Path

from tenderkit.scoring.standstill import format_date
from tenderkit.templates.word.charts import spreads_chart, totals_chart
from tenderkit.templates.word.decision_content import (
    RecordFacts,
    ReportContent,
    money,
    points,
    score_text,
)
from tenderkit.templates.word.docbuilder import DocBuilder
from tenderkit.templates.word.record_docx import finish, picture, start
from tenderkit.templates.word.summary_docx import mat_words, rank_text, status_text

TITLE = "Evaluation report"
FORMULAS = {
    "lowest-over-bid": "lowest price ÷ bid price × price weight",
    "linear-penalty": "price weight × (1 − (bid − lowest) ÷ lowest), never below 0",
    "price-per-quality-point": "bid price ÷ quality points, lowest ranked first",
}


def _front(b: DocBuilder, content: ReportContent) -> None:
    facts = content.facts
    b.paragraph(TITLE, "Title")
    b.paragraph(facts.title, "Subtitle")
    b.paragraph(facts.reference, bold_lead="Tender reference: ")
    b.paragraph(format_date(facts.date), bold_lead="Date of the record: ")
    b.paragraph(facts.regime_name, bold_lead="Procurement regime: ")
    b.paragraph(
        "This report records how the award decision was reached, from the published "
        "evaluation method to the result, with the hash of every input it was computed from."
    )
    b.contents()


def _tender(b: DocBuilder, content: ReportContent) -> None:
    facts = content.facts
    b.heading("The tender and its evaluation method", 1)
    formula = facts.price_formula or "none"
    b.table(
        ["Item", "Detail"],
        [
            ("Title", facts.title),
            ("Reference", facts.reference),
            ("Procurement regime", facts.regime_name),
            ("Evaluation method", f"{facts.rubric_title} ({facts.rubric_ref})"),
            ("Evaluation method hash", facts.rubric_hash),
            (
                "Weights",
                f"quality {points(facts.quality_weight)}, price {points(facts.price_weight)}",
            ),
            ("Price formula", f"{formula}: {FORMULAS.get(formula, 'no price formula')}"),
            ("Ranked by", facts.basis),
            ("Moderation threshold", f"a spread of {score_text(content.spread_threshold)}"),
        ],
        [1.8, 4.6],
        caption="The tender",
    )
    b.heading("Award criteria and weights", 2)
    b.table(
        ["Domain", "Criterion", "Weight (% of quality)", "Maximum points", "Minimum score"],
        [
            (
                c.domain_title,
                f"{c.id} {c.title}",
                points(c.weight),
                points(c.max_points),
                "–" if c.threshold is None else score_text(c.threshold),
            )
            for c in facts.criteria
        ],
        [1.5, 2.4, 1, 1, 1],
        caption="Award criteria",
    )


def _panel(b: DocBuilder, content: ReportContent) -> None:
    b.heading("The evaluation panel", 1)
    b.table(
        ["Evaluator", "Name", "Scored", "Conflicts of interest declared"],
        [(e.id, e.name, e.allocation, e.declarations) for e in content.evaluators],
        [0.9, 1.6, 2.2, 2],
        caption="Evaluators, allocation and declarations",
    )
    for line in content.set_aside:
        b.paragraph(line)
    if content.withdrawn:
        b.heading("Bidders who withdrew", 2)
        for line in content.withdrawn:
            b.paragraph(line)


def _timeline(b: DocBuilder, content: ReportContent) -> None:
    b.heading("Timeline", 1)
    b.paragraph(
        "From the workspace's audit log (out/audit.log), whose hash chain was verified before "
        "this report was written. The writing of decision documents is recorded there too, "
        "after this report."
    )
    b.table(
        ["Entry", "Time (UTC)", "Event", "Detail"],
        [(str(t.seq), t.at, t.event, t.detail) for t in content.timeline],
        [0.6, 1.5, 1.5, 3.2],
        caption="Audit-log timeline",
    )


def _collection(b: DocBuilder, content: ReportContent) -> None:
    b.heading("Collection of the evaluators' scores", 1)
    if content.problems:
        b.paragraph("Problems recorded while collecting returns:")
        b.table(
            ["No.", "Problem"],
            [(str(i), p) for i, p in enumerate(content.problems, start=1)],
            [0.5, 6],
            caption="Collection problems",
        )
    else:
        b.paragraph("No collection problems were recorded.")
    b.paragraph(content.resolution, bold_lead="Resolution: ")
    for note in content.notes:
        b.paragraph(note, bold_lead="Note: ")


def _individual(b: DocBuilder, content: ReportContent) -> None:
    b.heading("Individual scores", 1)
    b.paragraph(
        "Every score each evaluator gave independently, with the rationale written beside it. "
        "They are kept as given; moderation never overwrites them."
    )
    for bid in content.bids:
        rows = [
            (s.criterion, s.evaluator, score_text(s.score), s.rationale)
            for s in content.scores
            if s.bidder == bid.id
        ]
        b.heading(f"{bid.id} {bid.name}", 2)
        if rows:
            b.table(
                ["Criterion", "Evaluator", "Score", "Rationale"],
                rows,
                [1.1, 1.1, 0.7, 3.7],
                caption=f"Individual scores for {bid.id}",
            )
        else:
            b.paragraph("No individual scores were collected for this bid.")


def _moderation(b: DocBuilder, content: ReportContent) -> None:
    b.heading("Moderation", 1)
    b.paragraph(
        f"Rows whose spread reached {score_text(content.spread_threshold)} were flagged for "
        "discussion. The note says why the panel agreed its consensus score."
    )
    spread = {(s.bidder, s.criterion): s for s in content.spreads}
    for bid in content.bids:
        b.heading(f"{bid.id} {bid.name}", 2)
        rows = []
        for c in bid.criteria:
            s = spread.get((bid.id, c.id))
            scores = ", ".join(f"{e} {score_text(v)}" for e, v in c.scores) or "none"
            rows.append(
                (
                    c.id,
                    scores,
                    "–"
                    if s is None
                    else score_text(s.spread) + (" (flagged)" if s.flagged else ""),
                    score_text(c.consensus),
                    points(c.weighted),
                    " ".join((c.note or "").split()) or "–",
                )
            )
        b.table(
            ["Criterion", "Evaluator scores", "Spread", "Consensus", "Points", "Moderation note"],
            rows,
            [0.95, 1.25, 1.0, 1.35, 0.8, 2.5],
            caption=f"Moderation of {bid.id}",
        )
    b.heading("Note-lint findings", 2)
    if content.note_warnings:
        b.table(
            ["Bidder", "Criterion", "Rule", "Finding"],
            list(content.note_warnings),
            [0.8, 0.9, 1.4, 3.5],
            caption="Note-lint findings",
        )
    else:
        b.paragraph("The note lint found nothing in the moderation notes.")


def _result(b: DocBuilder, content: ReportContent) -> None:
    facts = content.facts
    b.heading("The result", 1)
    winner = next((x for x in content.bids if x.id == facts.winner), None)
    b.paragraph(
        f"The {mat_words(facts)} is {winner.id} {winner.name}."
        if winner is not None
        else "No single bid was ranked first."
    )
    chart = totals_chart(content.bids)
    picture(b, chart.png, name="Chart of totals", alt_text=chart.alt_text, width_fraction=1.0)
    header = ["Rank", "Bidder", "Quality", "Price", "Price score", "Total", "Status"]
    rows = [
        (
            rank_text(x),
            f"{x.id} {x.name}",
            points(x.quality),
            money(x.price),
            points(x.price_score),
            points(x.total),
            status_text(x),
        )
        for x in content.bids
    ]
    b.table(header, rows, [0.7, 1.6, 0.9, 1.3, 0.9, 0.8, 1.6], caption="Totals and ranking")
    if facts.basis == "price-per-quality-point":
        b.paragraph(
            "Price per quality point: "
            + "; ".join(f"{x.id} {money(x.price_per_quality_point)}" for x in content.bids)
            + "."
        )
    b.heading("Sub-totals by domain", 2)
    b.table(
        ["Bidder", *(d.title for d in facts.domains)],
        [(x.id, *(points(dict(x.domains).get(d.id)) for d in facts.domains)) for x in content.bids],
        [1, *([1.3] * len(facts.domains))],
        caption="Quality points by domain",
    )
    b.heading("How price was scored", 2)
    for x in content.bids:
        b.paragraph(x.price_working, bold_lead=f"{x.id}: ")


def _sensitivity(b: DocBuilder, content: ReportContent) -> None:
    b.heading("Sensitivity of the result", 1)
    b.paragraph(
        "–" if content.margin is None else points(content.margin),
        bold_lead="Margin between first and second: ",
    )
    b.paragraph(
        "none within 0 to 100"
        if content.break_even is None
        else f"{points(content.break_even)}% quality",
        bold_lead="Quality weight at which the award would go another way: ",
    )
    if content.flips:
        b.paragraph("The smallest change to one consensus score that would change the award:")
        b.table(
            ["No.", "Change"],
            [(str(i), f) for i, f in enumerate(content.flips, start=1)],
            [0.5, 6],
            caption="Smallest changes that would change the award",
        )
    else:
        b.paragraph("No change to one consensus score would change the award.")
    b.paragraph(
        "The spread of the evaluators' scores, for each bid and criterion scored by two or "
        "more evaluators:"
    )
    chart = spreads_chart(content.spreads, content.spread_threshold)
    picture(b, chart.png, name="Chart of score spreads", alt_text=chart.alt_text, width_fraction=1)
    b.table(
        ["Bidder", "Criterion", "Lowest", "Highest", "Spread", "Flagged"],
        [
            (
                s.bidder,
                s.criterion,
                score_text(s.minimum),
                score_text(s.maximum),
                score_text(s.spread),
                "yes" if s.flagged else "no",
            )
            for s in content.spreads
        ],
        [1, 1, 1, 1, 1, 1],
        caption="Spread of the evaluators' scores",
    )


def _inputs(b: DocBuilder, facts: RecordFacts, content: ReportContent) -> None:
    b.heading("Inputs and their hashes", 1)
    b.paragraph("The SHA-256 of each file the result was computed from, as it is now.")
    b.table(
        ["File", "SHA-256"],
        list(content.inputs),
        [1.8, 4.6],
        caption="Inputs",
    )
    b.paragraph(f"Written by tenderkit {facts.tool_version}.")


def render_report(content: ReportContent, reference_doc: Path | None = None) -> bytes:
    """The evaluation report as .docx bytes."""
    b = start(reference_doc)
    _front(b, content)
    b.page_break()
    _tender(b, content)
    _panel(b, content)
    _timeline(b, content)
    _collection(b, content)
    _individual(b, content)
    _moderation(b, content)
    _result(b, content)
    _sensitivity(b, content)
    _inputs(b, content.facts, content)
    b.finish_contents()
    facts = content.facts
    return finish(
        b,
        facts,
        title=f"{TITLE}: {facts.title}",
        subject=f"{TITLE} for {facts.reference}",
        category=TITLE,
        kind="evaluation-report",
    )
