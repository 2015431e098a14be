"""The specification's appendices: the published evaluation method, and provenance.

Appendix A publishes the rubric before bids arrive (criteria, questions, weights, scale,
thresholds, word limits, and how quality combines with price when the manifest gives the
split). Appendix B lists exactly which clause versions, rubric and manifest the document
was built from, with their content hashes, so the text can be proved later.
"""

from __future__ import annotations

from tenderkit.rubrics.methodology import Methodology, PublishedCriterion, format_weight
from tenderkit.rubrics.model import PSR_TITLES
from tenderkit.rubrics.scale import NamedScale, RangeScale
from tenderkit.templates.word.docbuilder import DocBuilder
from tenderkit.templates.word.specification import Specification

THRESHOLD_RULES = {
    "exclude": "A consensus score below a criterion's minimum threshold fails that criterion, "
    "and a bid that fails any threshold is excluded from the evaluation whatever its price.",
    "flag": "A consensus score below a criterion's minimum threshold fails that criterion; "
    "the failure is reported to the evaluation panel and recorded, and does not by itself "
    "exclude the bid.",
}


#: Hex digits of a content hash the provenance table shows: enough to tell any two
#: versions apart by eye, short enough not to wrap; the properties hold the full digest.
SHORT_HASH_DIGITS = 16


def short_hash(digest: str) -> str:
    """`sha256:0123456789abcdef…` for a `sha256:<64 hex>` digest."""
    algorithm, _, hexdigits = digest.rpartition(":")
    if len(hexdigits) <= SHORT_HASH_DIGITS:
        return digest
    return f"{algorithm + ':' if algorithm else ''}{hexdigits[:SHORT_HASH_DIGITS]}…"


def _number(value: float) -> str:
    return f"{value:g}"


def _share(value: float | None) -> str:
    return "" if value is None else format_weight(value)


def _combination(spec: Specification) -> list[str]:
    """How the quality score is formed and, when the split is known, how it meets price."""
    weights = spec.manifest.manifest.weights
    lines = [
        "Each evaluator first scores every criterion independently, with a written reason; a "
        "moderated consensus score is then agreed for each criterion.",
        "A criterion's weighted score is its consensus score divided by the scale maximum, "
        "multiplied by the criterion's effective weight. The quality score is the sum of the "
        "weighted scores, out of 100.",
    ]
    if weights is None:
        lines.append(
            "How the quality score is combined with price is set out in the tender documents."
        )
        return lines
    parts = weights.parts()
    if len(parts) == 1:
        lines.append("The contract is awarded on quality alone: price carries no weight.")
        return lines
    split = ", ".join(f"{name} {format_weight(w)}" for name, w in parts)
    terms = " + ".join(f"{name} score × {_number(w)} / 100" for name, w in parts)
    lines.append(f"The total score combines {split}: total score = {terms}.")
    if weights.price:
        lines.append(
            "The price score, out of 100, is calculated by the price formula set out in the "
            "tender documents, without sight of the quality scores."
        )
    if weights.social_value:
        lines.append(
            "The social value score, out of 100, is assessed as the tender documents set out."
        )
    return lines


def _clauses_cell(spec: Specification, row: PublishedCriterion) -> str:
    """The clauses of this specification the criterion assesses (others are not the bidder's)."""
    refs = []
    for clause_id in row.criterion.clauses:
        number = spec.assembly.number_of(clause_id)
        if number:
            refs.append(f"{clause_id} (section {number})")
    return "; ".join(refs) or "the bid as a whole"


def _scale_rows(scale: NamedScale | RangeScale) -> list[tuple[str, str, str]]:
    if isinstance(scale, NamedScale):
        return [(str(p.score), p.label, " ".join(p.descriptor.split())) for p in scale.points]
    step = "half points allowed" if scale.half_points else "whole points"
    guidance = " ".join(scale.guidance.split()) if scale.guidance else ""
    return [(f"{scale.min} to {scale.max}", step, guidance)]


def evaluation_appendix(b: DocBuilder, spec: Specification) -> None:
    method: Methodology = spec.method
    rubric = method.rubric
    known = method.quality_share is not None
    b.heading("Evaluation methodology", 1)
    b.paragraph(
        f"Bids are evaluated with {rubric.title} ({rubric.id} version {rubric.version}). "
        "The criteria, weights, scoring scale and thresholds below are published before bids "
        "are invited and do not change afterwards."
    )
    if rubric.description:
        b.paragraph(" ".join(rubric.description.split()))

    b.heading("How bids are scored", 2)
    for line in _combination(spec):
        b.paragraph(line)
    if method.has_thresholds:
        b.paragraph(THRESHOLD_RULES[spec.manifest.manifest.thresholds])

    b.heading("Domain weights", 2)
    header = ["Domain", "Weight within quality", *(["Share of total score"] if known else [])]
    rows = [
        (d.title, format_weight(d.weight), *([_share(d.share_of_total)] if known else []))
        for d in method.domains
    ]
    b.table(header, rows, [3, 1.5, *([1.5] if known else [])], caption="Domain weights")

    b.heading("Criteria and weights", 2)
    header = [
        "Criterion",
        "Weight within domain",
        "Effective weight",
        *(["Share of total score"] if known else []),
        "Minimum threshold",
        "Word limit",
    ]
    published = spec.assessed_criteria()
    rows = []
    for row in published:
        c = row.criterion
        rows.append(
            (
                f"{c.id} {c.title}",
                format_weight(c.weight),
                format_weight(row.effective_weight),
                *([_share(row.share_of_total)] if known else []),
                "none"
                if c.threshold is None
                else f"{_number(c.threshold)} of {_number(row.scale_max)}",
                "none" if c.word_limit is None else f"{c.word_limit} words",
            )
        )
    widths = [3, 1.2, 1.2, *([1.2] if known else []), 1.3, 1.2]
    b.table(header, rows, widths, caption="Criteria and weights")
    b.paragraph(
        "Effective weight is the criterion's share of the quality score: domain weight × "
        "weight within domain / 100."
        + (
            " Effective weights add up to 100%."
            if len(published) == len(method.criteria())
            else f" The criteria above carry "
            f"{format_weight(sum(r.effective_weight for r in published))} of the quality "
            "score: the evaluation method's other criteria assess no clause of this "
            "specification and are not asked."
        )
    )

    b.heading("Scoring scale", 2)
    for scale_id, scale in method.scales.items():
        users = [r.criterion.id for r in published if r.scale_id == scale_id]
        if not users:
            continue
        title = scale.title or scale_id
        if len(method.scales) > 1:
            b.paragraph(f"{title}: used for {', '.join(users)}.")
        if isinstance(scale, NamedScale):
            b.table(
                ["Score", "Label", "Descriptor"], _scale_rows(scale), [0.7, 1.3, 5], caption=title
            )
        else:
            b.table(
                ["Scores", "Steps", "Guidance"], _scale_rows(scale), [1.2, 1.3, 4.5], caption=title
            )

    if rubric.best_fit:
        b.heading("Mixed evidence: the best-fit rule", 2)
        b.paragraph(" ".join(rubric.best_fit.split()))

    b.heading("Questions to bidders", 2)
    for row in published:
        c = row.criterion
        b.heading(f"{c.id} {c.title}", 3)
        details = [
            ("Question", " ".join(c.question.split())),
            ("What good evidence looks like", " ".join(c.evidence.split())),
            ("Domain", row.domain_title),
            ("Effective weight", format_weight(row.effective_weight)),
            *([("Share of total score", _share(row.share_of_total))] if known else []),
            ("Scale", f"{row.scale.title or row.scale_id} (maximum {_number(row.scale_max)})"),
            ("Minimum threshold", "none" if c.threshold is None else _number(c.threshold)),
            *(
                [("Why this minimum", " ".join(c.threshold_reason.split()))]
                if c.threshold_reason
                else []
            ),
            ("Word limit", "none" if c.word_limit is None else f"{c.word_limit} words"),
            *[
                (f"What a {_number(score)} looks like", " ".join(text.split()))
                for score, text in sorted((c.anchors or {}).items())
            ],
            *(
                [
                    (
                        "Provider Selection Regime key criteria",
                        ", ".join(PSR_TITLES[k] for k in c.psr_criteria),
                    )
                ]
                if c.psr_criteria
                else []
            ),
            ("Clauses assessed", _clauses_cell(spec, row)),
        ]
        b.table(["Item", "Detail"], details, [1.6, 4.4], caption=f"Criterion {c.id}")


def provenance_appendix(b: DocBuilder, spec: Specification) -> None:
    method = spec.method
    manifest = spec.manifest
    b.heading("Provenance", 1)
    b.paragraph(
        "This document was built from the clause versions, evaluation method and manifest "
        "below. Each content hash is the SHA-256 digest of the item's canonical content: "
        "comparing it with the library's record proves the text used is the text approved. "
        f"The hashes are shown by their first {SHORT_HASH_DIGITS} hexadecimal digits; the "
        "document's properties carry them in full."
    )
    b.heading("Clause versions", 2)
    rows = [
        (
            c.number,
            c.resolved.clause.id,
            c.resolved.version.version,
            c.status.value,
            c.resolved.version.effective.isoformat() if c.resolved.version.effective else "",
            short_hash(c.hash),
        )
        for c in spec.assembly.clauses()
    ]
    b.table(
        ["Section", "Clause", "Version", "Status", "Effective", "Content hash"],
        rows,
        [1.2, 1.5, 1.1, 1.3, 1.45, 2.95],
        caption="Clause versions used",
    )
    b.heading("Evaluation method and manifest", 2)
    b.table(
        ["Item", "Value"],
        [
            ("Rubric", method.rubric.ref),
            ("Rubric status", spec.rubric_status.value),
            ("Rubric content hash", short_hash(method.hash)),
            ("Manifest", manifest.file.name),
            ("Manifest content hash", short_hash(manifest.hash)),
            ("Clause library", spec.library_label),
        ],
        [1.8, 4.2],
        caption="Evaluation method and manifest",
    )
