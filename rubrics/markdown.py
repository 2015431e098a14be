"""A readable Markdown rendering of a rubric: weightings, scales, questions, evidence."""

from __future__ import annotations

from tenderkit.clauses.library import Library
from tenderkit.clauses.placeholders import format_value
from tenderkit.rubrics.model import PSR_TITLES, Criterion, Rubric, RubricDomain, rubric_hash
from tenderkit.rubrics.scale import NamedScale, RangeScale


def _inline(text: str) -> str:
    """One line, safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _pct(value: float) -> str:
    return f"{format_value(value)}%"


def _minimum(scale: NamedScale | RangeScale, threshold: float | None) -> str:
    if threshold is None:
        return "–"
    label = scale.label_for(threshold)
    return format_value(threshold) + (f" ({label})" if label else "")


def rubric_markdown(rubric: Rubric, library: Library | None = None) -> str:
    """The rubric as a panel or bidder reads it; library adds domain and clause titles.

    Assumes a rubric that passed `validated_rubric`.
    """
    domain_titles = {d.id: d.title for d in library.taxonomy.domains} if library else {}
    lines = [f"# {rubric.title}", ""]
    record = [f"`{rubric.ref}`", rubric.status.value]
    if rubric.effective:
        record.append(f"effective {format_value(rubric.effective)}")
    if rubric.approver:
        record.append(f"approved by {rubric.approver}")
    lines += [" · ".join(record), "", f"Content hash: `{rubric_hash(rubric)}`", ""]
    if rubric.description:
        lines += [_inline(rubric.description), ""]
    if rubric.change_note:
        lines += [f"Change note: {_inline(rubric.change_note)}", ""]
    lines += _weightings(rubric, domain_titles)
    for scale_id, scale in rubric.scales.items():
        lines += _scale(scale_id, scale, default=scale_id == rubric.scale)
    if rubric.best_fit:
        lines += ["## Mixed evidence: the best-fit rule", "", _inline(rubric.best_fit), ""]
    for domain in rubric.domains:
        title = domain_titles.get(domain.id, domain.id)
        lines += [f"## {title} ({_pct(domain.weight)})", ""]
        described = library.taxonomy.domain(domain.id) if library else None
        if described and described.description:
            lines += [_inline(described.description), ""]
        for criterion in domain.criteria:
            lines += _criterion(rubric, domain, criterion, library)
    return "\n".join(lines).rstrip() + "\n"


def _weightings(rubric: Rubric, titles: dict[str, str]) -> list[str]:
    lines = [
        "## Weightings",
        "",
        "The rubric's 100% is the quality share of the evaluation; the tender documents "
        "say how it is weighted against price.",
        "",
        "| Domain | Domain weight | Criterion | Criterion weight | Effective weight "
        "| Minimum score |",
        "|---|---:|---|---:|---:|---|",
    ]
    for domain in rubric.domains:
        for n, criterion in enumerate(domain.criteria):
            first = n == 0
            lines.append(
                f"| {_inline(titles.get(domain.id, domain.id)) if first else ''} "
                f"| {_pct(domain.weight) if first else ''} "
                f"| {criterion.id} {_inline(criterion.title)} "
                f"| {_pct(criterion.weight)} "
                f"| {_pct(rubric.effective_weight(domain, criterion))} "
                f"| {_minimum(rubric.scale_for(criterion), criterion.threshold)} |"
            )
    total = sum(rubric.effective_weight(d, c) for d, c in rubric.criteria())
    lines += [f"| **Total** | | | | **{_pct(round(total, 6))}** | |", ""]
    return lines


def _scale(scale_id: str, scale: NamedScale | RangeScale, *, default: bool) -> list[str]:
    title = scale.title or scale_id
    use = "used unless a criterion says otherwise" if default else "used where a criterion says"
    step = "half points allowed" if scale.half_points else "whole points"
    lines = [
        f"## Scoring scale: {_inline(title)}",
        "",
        f"Scale `{scale_id}`, {use}: {format_value(scale.minimum)} to "
        f"{format_value(scale.maximum)}, {step}.",
        "",
    ]
    if isinstance(scale, NamedScale):
        lines += ["| Score | Label | Descriptor |", "|---:|---|---|"]
        lines += [
            f"| {p.score} | {_inline(p.label)} | {_inline(p.descriptor)} |" for p in scale.points
        ]
        lines.append("")
    elif scale.guidance:
        lines += [_inline(scale.guidance), ""]
    return lines


def _criterion(
    rubric: Rubric, domain: RubricDomain, criterion: Criterion, library: Library | None
) -> list[str]:
    scale = rubric.scale_for(criterion)
    facts = [
        f"Weight {_pct(criterion.weight)} of the domain, "
        f"{_pct(rubric.effective_weight(domain, criterion))} of the rubric",
        f"scored {format_value(scale.minimum)}–{format_value(scale.maximum)}",
    ]
    if criterion.threshold is not None:
        facts.append(f"minimum score {_minimum(scale, criterion.threshold)}")
    if criterion.word_limit:
        facts.append(f"word limit {criterion.word_limit}")
    lines = [
        f"### {criterion.id} {criterion.title}",
        "",
        f"*{' · '.join(facts)}*",
        "",
        f"**Question.** {_inline(criterion.question)}",
        "",
        f"**What good evidence looks like.** {_inline(criterion.evidence)}",
        "",
    ]
    for score, anchor in sorted((criterion.anchors or {}).items()):
        label = scale.label_for(score) if isinstance(scale, NamedScale) else None
        point = f"{score} ({label})" if label else str(score)
        lines += [f"**What a {point} looks like.** {_inline(anchor)}", ""]
    if criterion.threshold_reason:
        lines += [f"**Why the minimum score.** {_inline(criterion.threshold_reason)}", ""]
    if criterion.psr_criteria:
        served = ", ".join(PSR_TITLES[key] for key in criterion.psr_criteria)
        lines += [f"**Provider Selection Regime key criteria served:** {served}", ""]
    if criterion.clauses:
        named = []
        for clause_id in criterion.clauses:
            clause = library.clauses.get(clause_id) if library else None
            named.append(f"{clause_id} {clause.title}" if clause else clause_id)
        lines += [f"**Clauses assessed:** {'; '.join(named)}", ""]
    return lines
