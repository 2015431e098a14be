"""The assessment summary a bidder receives: its scores and reasons, beside the winning bid's.

`render_summary` lays out a `SummaryContent` on the reference document and returns the
file's bytes; every figure is one of results.json's (see `decision_content`), printed by
`points`. Under the Procurement Act 2023 it is the assessment summary of section 50; under
the Provider Selection Regime the same record speaks of providers and the relevant authority.
"""

from __future__ import annotations

from pathlib import Path

from tenderkit.scoring.standstill import format_date
from tenderkit.templates.word.decision_content import (
    BidFigures,
    RecordFacts,
    SummaryContent,
    points,
    score_text,
)
from tenderkit.templates.word.docbuilder import DocBuilder
from tenderkit.templates.word.record_docx import finish, start

TITLES = {
    "procurement-act-2023": "Assessment summary",
    "provider-selection-regime-2023": "Evaluation summary",
}
SOURCES = {
    "procurement-act-2023": "section 50 of the Procurement Act 2023 and the Procurement "
    "Regulations 2024",
    "provider-selection-regime-2023": "the Health Care Services (Provider Selection Regime) "
    "Regulations 2023",
}
#: What the tables call the most advantageous tender, short enough for a column heading.
WINNING = "Winning bid"
#: What the text calls it, in each regime's words.
MAT_WORDS = {
    "procurement-act-2023": "most advantageous tender",
    "provider-selection-regime-2023": "selected provider's bid",
}


def mat_words(facts: RecordFacts) -> str:
    return MAT_WORDS.get(facts.regime, "most advantageous tender")


def summary_title(facts: RecordFacts) -> str:
    return TITLES.get(facts.regime, "Assessment summary")


def status_text(bid: BidFigures) -> str:
    """A bid's status in words, with the reason when it is excluded or flagged."""
    if bid.status == "excluded":
        return "Excluded: " + "; ".join(bid.reasons) if bid.reasons else "Excluded"
    if bid.status == "flagged":
        return "Ranked, flagged: " + "; ".join(bid.reasons) if bid.reasons else "Ranked, flagged"
    return "Ranked, tied" if bid.tied else "Ranked"


def rank_text(bid: BidFigures) -> str:
    return "–" if bid.rank is None else str(bid.rank)


def _intro(b: DocBuilder, content: SummaryContent) -> None:
    facts, bid = content.facts, content.bid
    words = content.standstill.wording
    b.paragraph(summary_title(facts), "Title")
    b.paragraph(facts.title, "Subtitle")
    b.paragraph(f"{bid.name} ({bid.id})", bold_lead=f"To the {words.bidder}: ")
    b.paragraph(facts.reference, bold_lead="Tender reference: ")
    b.paragraph(format_date(content.standstill.notice_date), bold_lead="Date: ")
    b.paragraph(facts.regime_name, bold_lead="Procurement regime: ")
    b.paragraph(
        f"This summary explains how your bid was assessed against the award criteria "
        f"published in the tender documents, with the reasons the evaluation panel recorded, "
        f"as {SOURCES.get(facts.regime, facts.regime_name)} require."
        + (
            f" Your bid is not the {mat_words(facts)}, so the same figures for that bid "
            f"(the winning bid) are shown beside yours."
            if content.winner is not None
            else ""
        )
    )


def _criteria(b: DocBuilder, facts: RecordFacts) -> None:
    b.heading("The award criteria", 1)
    price_part = (
        f" and price {points(facts.price_weight)}%" if facts.price_weight else " (price no weight)"
    )
    b.paragraph(
        f"The award was decided on quality {points(facts.quality_weight)}%{price_part} of a "
        f"total of 100 points, with the criteria and weights of the evaluation method "
        f"{facts.rubric_title} ({facts.rubric_ref}). A criterion's points are its score "
        "divided by the scale's maximum, times its share of the quality weight."
    )
    b.table(
        ["Domain", "Criterion", "Weight (% of quality)", "Maximum points"],
        [
            (c.domain_title, f"{c.id} {c.title}", points(c.weight), points(c.max_points))
            for c in facts.criteria
        ],
        [1.6, 2.6, 1.1, 1.1],
        caption="Award criteria and weights",
    )
    scales = {(c.scale_title, c.levels, c.scale_min, c.scale_max) for c in facts.criteria}
    for title, levels, low, high in sorted(scales, key=lambda s: s[0]):
        b.heading(f"The scale: {title}", 2)
        if levels:
            b.table(
                ["Score", "Label", "What earns it"],
                [(score_text(lv.score), lv.label, lv.descriptor) for lv in levels],
                [0.7, 1.3, 4.5],
                caption=f"Scoring scale {title}",
            )
        else:
            b.paragraph(f"Points from {score_text(low)} to {score_text(high)}.")
    thresholds = [c for c in facts.criteria if c.threshold is not None]
    if thresholds:
        b.paragraph(
            "Minimum scores: "
            + "; ".join(f"{c.id} at least {score_text(c.threshold or 0)}" for c in thresholds)
            + "."
        )


def _scores(b: DocBuilder, content: SummaryContent) -> None:
    facts, bid, winner = content.facts, content.bid, content.winner
    b.heading("Your scores and the reasons for them", 1)
    header = ["Criterion", "Your score", "Your points"]
    widths = [2.2, 0.9, 1.3]
    if winner is not None:
        header += [f"{WINNING}: score", f"{WINNING}: points"]
        widths += [1, 1]
    rows = []
    for criterion in facts.criteria:
        own = bid.criterion(criterion.id)
        row = [
            f"{criterion.id} {criterion.title}",
            f"{score_text(own.consensus)} of {score_text(criterion.scale_max)}",
            f"{points(own.weighted)} of {points(criterion.max_points)}",
        ]
        if winner is not None:
            other = winner.criterion(criterion.id)
            row += [
                f"{score_text(other.consensus)} of {score_text(criterion.scale_max)}",
                points(other.weighted),
            ]
        rows.append(row)
    b.table(header, rows, widths, caption="Consensus scores by criterion")
    for criterion in facts.criteria:
        own = bid.criterion(criterion.id)
        b.heading(f"{criterion.id} {criterion.title}", 2)
        label = next((lv.label for lv in criterion.levels if lv.score == own.consensus), None)
        b.paragraph(
            f"{score_text(own.consensus)}"
            + (f" ({label})" if label else "")
            + f" of {score_text(criterion.scale_max)}, {points(own.weighted)} points.",
            bold_lead="Your score: ",
        )
        b.paragraph(_reasons(own.note), bold_lead="Reasons: ")
        if winner is not None:
            other = winner.criterion(criterion.id)
            b.paragraph(
                f"{score_text(other.consensus)} of {score_text(criterion.scale_max)}, "
                f"{points(other.weighted)} points. {_reasons(other.note)}",
                bold_lead=f"{WINNING}: ",
            )


def _reasons(note: str | None) -> str:
    if note and note.strip():
        return " ".join(note.split())
    return (
        "No moderation note was recorded: the panel agreed the evaluators' score (their "
        "mean, rounded to the scale) without moving it."
    )


def _domains(b: DocBuilder, content: SummaryContent) -> None:
    facts, bid, winner = content.facts, content.bid, content.winner
    b.heading("Sub-totals by domain", 1)
    header = ["Domain", "Your points", "Maximum"]
    if winner is not None:
        header.insert(2, WINNING)
    own = dict(bid.domains)
    other = dict(winner.domains) if winner is not None else {}
    rows = []
    for domain in facts.domains:
        row = [domain.title, points(own.get(domain.id))]
        if winner is not None:
            row.append(points(other.get(domain.id)))
        row.append(points(domain.max_points))
        rows.append(row)
    row = ["Quality", points(bid.quality)]
    if winner is not None:
        row.append(points(winner.quality))
    row.append(points(facts.quality_weight))
    rows.append(row)
    b.table(header, rows, [2.6, 1, 1, 1][: len(header)], caption="Quality points by domain")


def _price(b: DocBuilder, content: SummaryContent) -> None:
    bid, winner = content.bid, content.winner
    b.heading("Price", 1)
    b.paragraph(bid.price_working, bold_lead="Your bid: ")
    if winner is not None:
        b.paragraph(winner.price_working, bold_lead=f"{WINNING}: ")


def _result(b: DocBuilder, content: SummaryContent) -> None:
    facts, bid, winner = content.facts, content.bid, content.winner
    b.heading("The result", 1)
    header = ["Figure", "Your bid"] + ([WINNING] if winner is not None else [])
    bids = [bid] + ([winner] if winner is not None else [])
    rows = [
        ["Quality points", *(points(x.quality) for x in bids)],
        ["Price score", *(points(x.price_score) for x in bids)],
    ]
    if facts.basis == "price-per-quality-point":
        rows.append(["Price per quality point", *(points(x.price_per_quality_point) for x in bids)])
    rows += [
        ["Total", *(points(x.total) for x in bids)],
        ["Rank", *(rank_text(x) for x in bids)],
        ["Status", *(status_text(x) for x in bids)],
    ]
    b.table(header, rows, [1.6, 2.4, 2.4][: len(header)], caption="Totals, rank and status")
    if facts.winner == bid.id:
        b.paragraph(f"Your bid is the {mat_words(facts)}.")
    elif bid.status == "excluded":
        b.paragraph(f"Your bid was excluded: {'; '.join(bid.reasons)}.")
    elif bid.rank is not None:
        b.paragraph(f"Your bid was ranked {bid.rank}.")
    if facts.winner is None:
        b.paragraph(f"No single bid was ranked first, so there is no {mat_words(facts)} yet.")


def _standstill(b: DocBuilder, content: SummaryContent) -> None:
    period = content.standstill
    words = period.wording
    b.heading("Standstill", 1)
    b.paragraph(content.standstill_text)
    b.table(
        ["Date", "What happens"],
        [
            (format_date(period.notice_date), f"The {words.notice} is published."),
            (format_date(period.first_day), f"The {words.period} begins."),
            (format_date(period.last_day), f"The last day of the {words.period}."),
            (
                format_date(period.contract_from),
                "The first day the contract may be entered into"
                + (
                    "."
                    if period.regime == "procurement-act-2023"
                    else ", if no representations are made."
                ),
            ),
        ],
        [2.2, 4],
        caption="Standstill dates",
    )


def _record(b: DocBuilder, facts: RecordFacts) -> None:
    b.heading("About this summary", 1)
    b.table(
        ["Item", "Detail"],
        [
            ("Results (SHA-256)", facts.results_hash),
            ("Evaluation method", f"{facts.rubric_ref} ({facts.rubric_hash})"),
            ("Written by", f"tenderkit {facts.tool_version}"),
        ],
        [1.4, 5],
        caption="Where the figures come from",
    )


def render_summary(content: SummaryContent, reference_doc: Path | None = None) -> bytes:
    """One bidder's summary as .docx bytes."""
    b = start(reference_doc)
    _intro(b, content)
    _criteria(b, content.facts)
    _scores(b, content)
    _domains(b, content)
    _price(b, content)
    _result(b, content)
    _standstill(b, content)
    _record(b, content.facts)
    facts = content.facts
    return finish(
        b,
        facts,
        title=f"{summary_title(facts)}: {content.bid.name}, {facts.title}",
        subject=f"{summary_title(facts)} for {content.bid.name} ({facts.reference})",
        category=summary_title(facts),
        kind="assessment-summary",
        extra=[
            ("tenderkit.bidder", content.bid.id),
            ("tenderkit.notice_date", content.standstill.notice_date.isoformat()),
        ],
    )
