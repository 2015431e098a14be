"""Every problem a rubric can have, as findings naming the file, line and YAML path.

Two groups of pure checks over a loaded rubric:

- `check_structure`: what the rubric file alone must satisfy (weights summing to 100,
  unique ids, defined scales, thresholds an evaluator can actually give, the approval
  record);
- `check_against_library`: what needs the clause library (domains from its taxonomy,
  clause ids that exist and are approved, and the prescriptiveness rule with the
  library's own deny-list terms).

`check_rubric` runs both. Lock checks need the rubric library's lock file and live in
`tenderkit.rubrics.lint`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from tenderkit.award import WEIGHT_TOLERANCE
from tenderkit.clauses.exemptions import LintExemption
from tenderkit.clauses.library import Library
from tenderkit.clauses.method import MethodProblem, apply_exemptions, text_problems
from tenderkit.clauses.model import LOCKED_STATUSES, Status
from tenderkit.clauses.placeholders import format_value
from tenderkit.clauses.prescriptive import TermMatcher, find_terms, matchers_for
from tenderkit.findings import Finding
from tenderkit.rubrics.crosscheck import clause_word_limit, word_limit_mismatches
from tenderkit.rubrics.library import LoadedRubric
from tenderkit.rubrics.model import Rubric
from tenderkit.rubrics.scale import NamedScale, RangeScale, is_allowed

YamlPath = tuple[str | int, ...]

# Floating-point sums of two-decimal figures can miss the tolerance by a hair.
_EPSILON = 1e-9


def check_rubric(
    loaded: LoadedRubric, library: Library, *, authoring: bool = True
) -> list[Finding]:
    """Structural and clause-library findings together, sorted by line.

    authoring=False leaves out the authoring rules (see `check_against_library`).
    """
    findings = check_structure(loaded) + check_against_library(loaded, library, authoring=authoring)
    return sorted(findings, key=Finding.sort_key)


def check_structure(loaded: LoadedRubric) -> list[Finding]:
    """Findings that need nothing but the rubric file."""
    return [
        *_weights(loaded),
        *_duplicate_ids(loaded),
        *_scales_and_thresholds(loaded),
        *_approval_record(loaded),
    ]


def check_against_library(
    loaded: LoadedRubric, library: Library, *, authoring: bool = True
) -> list[Finding]:
    """Findings that need the clause library: domains, clause ids, prescriptiveness.

    The authoring rules (method-fixing wording, word limits agreeing with the clauses)
    gate linting and approval; authoring=False leaves them out where a published rubric
    is being used, so a tender already pinned to it still issues and collects when a
    rule is added or tightened. A superseded or withdrawn rubric is past authoring, as a
    superseded clause version is: only the rules a use of it needs apply.
    """
    if loaded.rubric.status in (Status.SUPERSEDED, Status.WITHDRAWN):
        authoring = False
    return [
        *_domains_known(loaded, library),
        *_clauses_usable(loaded, library),
        *_prescriptive(loaded, matchers_for(library.meta.prescriptive_terms)),
        *(_word_limits(loaded, library) if authoring else ()),
        *(_method(loaded) if authoring else ()),
    ]


def sums_to_100(weights: list[float]) -> bool:
    """Whether percentages add up to 100 within the tolerance for rounded figures."""
    return abs(math.fsum(weights) - 100) <= WEIGHT_TOLERANCE + _EPSILON


def _weights(loaded: LoadedRubric) -> Iterator[Finding]:
    rubric = loaded.rubric
    domain_weights = [d.weight for d in rubric.domains]
    if not sums_to_100(domain_weights):
        listing = ", ".join(f"{d.id} {format_value(d.weight)}" for d in rubric.domains)
        yield Finding(
            loaded.location("domains"),
            "domain-weights",
            f"domain weights sum to {format_value(math.fsum(domain_weights))}, not 100 ({listing})",
        )
    for i, domain in enumerate(rubric.domains):
        weights = [c.weight for c in domain.criteria]
        if not sums_to_100(weights):
            listing = ", ".join(f"{c.id} {format_value(c.weight)}" for c in domain.criteria)
            yield Finding(
                loaded.location("domains", i, "criteria"),
                "criterion-weights",
                f"criterion weights in domain {domain.id} sum to "
                f"{format_value(math.fsum(weights))}, not 100 ({listing})",
            )


def _duplicate_ids(loaded: LoadedRubric) -> Iterator[Finding]:
    rubric = loaded.rubric
    domains_seen: dict[str, int] = {}
    for i, domain in enumerate(rubric.domains):
        if domain.id in domains_seen:
            first = loaded.location("domains", domains_seen[domain.id], "id").line
            yield Finding(
                loaded.location("domains", i, "id"),
                "duplicate-id",
                f"domain {domain.id} is listed twice (first on line {first})",
            )
        else:
            domains_seen[domain.id] = i
    # Case-insensitive: criterion ids become Excel defined names, which ignore case.
    criteria_seen: dict[str, tuple[int, int, str]] = {}
    for i, domain in enumerate(rubric.domains):
        for j, criterion in enumerate(domain.criteria):
            key = criterion.id.casefold()
            if key in criteria_seen:
                di, dj, first_id = criteria_seen[key]
                first = loaded.location("domains", di, "criteria", dj, "id").line
                same = "" if first_id == criterion.id else f" as {first_id}, ignoring case"
                yield Finding(
                    loaded.location("domains", i, "criteria", j, "id"),
                    "duplicate-id",
                    f"criterion id {criterion.id} is already used{same} "
                    f"(line {first}); criterion ids must be unique in the rubric",
                )
            else:
                criteria_seen[key] = (i, j, criterion.id)


def _scales_and_thresholds(loaded: LoadedRubric) -> Iterator[Finding]:
    rubric = loaded.rubric
    defined = ", ".join(rubric.scales) or "none"
    if rubric.scale not in rubric.scales:
        yield Finding(
            loaded.location("scale"),
            "scale-undefined",
            f"scale {rubric.scale!r} is not defined under 'scales' (defined: {defined})",
        )
    for i, domain in enumerate(rubric.domains):
        for j, criterion in enumerate(domain.criteria):
            here: YamlPath = ("domains", i, "criteria", j)
            scale_id = criterion.scale or rubric.scale
            if criterion.scale is not None and criterion.scale not in rubric.scales:
                yield Finding(
                    loaded.location(*here, "scale"),
                    "scale-undefined",
                    f"criterion {criterion.id} uses scale {criterion.scale!r}, "
                    f"which is not defined under 'scales' (defined: {defined})",
                )
            if scale_id not in rubric.scales:
                continue
            scale = rubric.scales[scale_id]
            for score in sorted(criterion.anchors or {}):
                if not scale.minimum <= score <= scale.maximum:
                    yield Finding(
                        loaded.location(*here, "anchors", score),
                        "anchor-off-scale",
                        f"criterion {criterion.id} describes score {score}, which is not on "
                        f"scale {scale_id} ({format_value(scale.minimum)}–"
                        f"{format_value(scale.maximum)})",
                    )
            if criterion.threshold is None:
                continue
            problem = threshold_problem(rubric.scales[scale_id], criterion.threshold)
            if problem:
                yield Finding(
                    loaded.location(*here, "threshold"),
                    "threshold",
                    f"criterion {criterion.id}: threshold {format_value(criterion.threshold)} "
                    f"{problem} on scale {scale_id}",
                )


def threshold_problem(scale: NamedScale | RangeScale, threshold: float) -> str | None:
    """Why a threshold cannot be used on a scale (None when it can)."""
    low, high = format_value(scale.minimum), format_value(scale.maximum)
    if not scale.minimum <= threshold <= scale.maximum:
        return f"is outside the scale ({low}–{high})"
    if not is_allowed(scale, threshold):
        step = "half points" if scale.half_points else "whole points"
        return f"is not a score evaluators can give ({low}–{high} in {step})"
    return None


def _approval_record(loaded: LoadedRubric) -> Iterator[Finding]:
    rubric = loaded.rubric
    if rubric.status not in LOCKED_STATUSES:
        return
    missing = [name for name in ("effective", "approver") if not getattr(rubric, name)]
    if missing:
        # Point at the empty field when it is written, else at the status that needs it.
        written = missing[0] in loaded.document.data
        yield Finding(
            loaded.location(missing[0] if written else "status"),
            "approval-record",
            f"a {rubric.status} rubric needs {' and '.join(missing)} (the approval record)",
        )


def _domains_known(loaded: LoadedRubric, library: Library) -> Iterator[Finding]:
    known = library.taxonomy.domain_ids()
    for i, domain in enumerate(loaded.rubric.domains):
        if domain.id not in known:
            yield Finding(
                loaded.location("domains", i, "id"),
                "domain-unknown",
                f"unknown domain {domain.id!r}; the clause library's taxonomy has "
                f"{', '.join(known)}",
            )


def _clauses_usable(loaded: LoadedRubric, library: Library) -> Iterator[Finding]:
    for i, domain in enumerate(loaded.rubric.domains):
        for j, criterion in enumerate(domain.criteria):
            for k, clause_id in enumerate(criterion.clauses):
                # A location costs a reading of the file for its lines: only for a finding.
                path = ("domains", i, "criteria", j, "clauses", k)
                clause = library.clauses.get(clause_id)
                if clause is None:
                    yield Finding(
                        loaded.location(*path),
                        "clause-unknown",
                        f"criterion {criterion.id} assesses clause {clause_id}, "
                        f"which is not in the clause library ({library.root})",
                    )
                elif not any(v.status is Status.APPROVED for v in clause.versions) and not (
                    # A superseded rubric stays usable for tenders pinned to it, whose
                    # clauses are pinned too: a clause approved once still counts.
                    loaded.rubric.status is Status.SUPERSEDED
                    and any(v.status is not Status.DRAFT for v in clause.versions)
                ):
                    versions = ", ".join(f"{v.version} {v.status}" for v in clause.versions)
                    yield Finding(
                        loaded.location(*path),
                        "clause-not-approved",
                        f"criterion {criterion.id} assesses clause {clause_id}, "
                        f"which has no approved version ({versions})",
                    )


def _word_limits(loaded: LoadedRubric, library: Library) -> Iterator[Finding]:
    """A criterion's word limit agrees with that of each clause it assesses.

    The clause version compared is the one a specification would pick by default: the
    latest approved, else the latest draft.
    """
    limits: dict[str, int | None] = {}
    for _, criterion in loaded.rubric.criteria():
        for clause_id in criterion.clauses:
            clause = library.clauses.get(clause_id)
            if clause is None:
                continue
            usable = [v for v in clause.versions if v.status is Status.APPROVED] or [
                v for v in clause.versions if v.status is Status.DRAFT
            ]
            if usable:
                limits[clause_id] = clause_word_limit(usable[-1])
    for mismatch in word_limit_mismatches(loaded.rubric, limits):
        i, j = _criterion_position(loaded.rubric, mismatch.criterion.id)
        here: YamlPath = ("domains", i, "criteria", j)
        where = (
            (*here, "word_limit")
            if mismatch.criterion.word_limit is not None
            else (*here, "clauses", mismatch.clause_index)
        )
        yield Finding(loaded.location(*where), "word-limit-mismatch", mismatch.message())


def _criterion_position(rubric: Rubric, criterion_id: str) -> tuple[int, int]:
    for i, domain in enumerate(rubric.domains):
        for j, c in enumerate(domain.criteria):
            if c.id == criterion_id:
                return i, j
    raise KeyError(criterion_id)


def scored_texts(rubric: Rubric) -> Iterator[tuple[YamlPath, str, str]]:
    """(YAML path, what it is, text) for every text bidders are asked or scored against."""
    for i, domain in enumerate(rubric.domains):
        for j, c in enumerate(domain.criteria):
            here: YamlPath = ("domains", i, "criteria", j)
            yield (*here, "title"), f"criterion {c.id} title", c.title
            yield (*here, "question"), f"criterion {c.id} question", c.question
            yield (*here, "evidence"), f"criterion {c.id} evidence", c.evidence
            for score, anchor in sorted((c.anchors or {}).items()):
                yield (*here, "anchors", score), f"criterion {c.id} anchor {score}", anchor
    for scale_id, scale in rubric.scales.items():
        if isinstance(scale, NamedScale):
            for n, point in enumerate(scale.points):
                what = f"scale {scale_id} point {point.score}"
                yield ("scales", scale_id, "points", n, "label"), f"{what} label", point.label
                yield (
                    ("scales", scale_id, "points", n, "descriptor"),
                    f"{what} descriptor",
                    point.descriptor,
                )
        elif scale.guidance:
            yield ("scales", scale_id, "guidance"), f"scale {scale_id} guidance", scale.guidance


def _prescriptive(loaded: LoadedRubric, matchers: list[TermMatcher]) -> Iterator[Finding]:
    for path, what, text in scored_texts(loaded.rubric):
        for hit in find_terms(text, matchers):
            yield Finding(
                loaded.location(*path),
                "prescriptive",
                f"{what} names a particular initiative ({hit.matched!r}, deny-list term "
                f"{hit.term!r}); ask for the outcome and evidence instead, so a provider "
                "can show its own home-grown or bought-in approach",
            )


def _method(loaded: LoadedRubric) -> Iterator[Finding]:
    """Questions, evidence and descriptors that fix a method (`tenderkit.clauses.method`).

    Superseded and withdrawn rubrics stay as published for the tenders pinned to them and
    are not judged again. Exemptions: a criterion's for its own texts, the rubric's own
    for the scales.
    """
    rubric = loaded.rubric
    if rubric.status not in (Status.DRAFT, Status.APPROVED):
        return
    groups: list[tuple[YamlPath, str, list[MethodProblem], list[LintExemption]]] = []
    for i, domain in enumerate(rubric.domains):
        for j, c in enumerate(domain.criteria):
            problems = [
                *text_problems(("question",), [c.question]),
                *text_problems(("evidence",), [c.evidence]),
            ]
            for score, anchor in sorted((c.anchors or {}).items()):
                problems += text_problems(("anchors", score), [anchor])
            groups.append(
                (("domains", i, "criteria", j), f"criterion {c.id}", problems, c.lint_exemptions)
            )
    scale_problems: list[MethodProblem] = []
    for scale_id, scale in rubric.scales.items():
        if isinstance(scale, NamedScale):
            for n, point in enumerate(scale.points):
                path: YamlPath = ("scales", scale_id, "points", n, "descriptor")
                scale_problems += text_problems(path, [point.descriptor])
    groups.append(((), "scale", scale_problems, rubric.lint_exemptions))
    for base, what, problems, exemptions in groups:
        checked, unused = apply_exemptions(problems, exemptions)
        for item in checked:
            field = item.problem.path[0] if base else "descriptor"
            yield Finding(
                loaded.location(*base, *item.problem.path),
                item.problem.rule,
                f"{what} {field} {item.problem.message}",
                exempted=item.exemption.describe() if item.exemption else None,
            )
        for k in unused:
            exemption = exemptions[k]
            scope = f" in {exemption.field}" if exemption.field else ""
            yield Finding(
                loaded.location(*base, "lint_exemptions", k),
                "exemption-unused",
                f"{what} exempts {exemption.rule}{scope}, which finds nothing there; "
                "remove the exemption",
            )
