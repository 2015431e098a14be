"""The method-fixing rule: a requirement states an outcome, not a case study's method.

Two rules, each over one text (a `must`/`should` requirement, an evidence request, a
rubric question or descriptor):

- `method-case-study`: the text is close to a case study's mechanism
  (`tenderkit.clauses.case_studies`); the finding names the nearest case study and the
  features that matched;
- `method-fixed-form`: the text fixes the frequency, duration, size or format of an
  activity, or an entitlement (`tenderkit.clauses.fixed_forms`).

Guidance and illustrative examples are not checked: that is where methods belong. The
callers (`clauses.lint`, `rubrics.checks`) turn problems into findings with a file, line
and YAML path, and apply the reviewed exemptions with `apply_exemptions`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tenderkit.clauses.case_studies import CaseStudyIndex, builtin_index
from tenderkit.clauses.exemptions import LintExemption
from tenderkit.clauses.fixed_forms import find_fixed_forms

CASE_STUDY_RULE = "method-case-study"
FIXED_FORM_RULE = "method-fixed-form"

YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class MethodProblem:
    """A method found in one field: the rule, the field (relative YAML path) and why."""

    rule: str
    path: YamlPath
    message: str


@dataclass(frozen=True)
class Exempted:
    """A problem and the exemption that covers it (None when it is not exempted)."""

    problem: MethodProblem
    exemption: LintExemption | None


def text_problems(
    path: YamlPath,
    texts: Sequence[str],
    *,
    kind: str | None = None,
    index: CaseStudyIndex | None = None,
) -> list[MethodProblem]:
    """The method problems in one field; texts are its readings (one per parameter value).

    kind is the clause kind (its reporting periods pass); index defaults to the guide's
    case studies.
    """
    index = index if index is not None else builtin_index()
    problems: list[MethodProblem] = []
    nearest = max(
        (m for m in (index.nearest(t) for t in texts) if m is not None),
        key=lambda m: m.score,
        default=None,
    )
    if nearest is not None:
        problems.append(
            MethodProblem(
                CASE_STUDY_RULE,
                path,
                f"describes the mechanism of {nearest.case_study.label}: matches "
                f"{nearest.why()}; state the outcome and how it is evidenced, and move "
                "the mechanism to examples",
            )
        )
    forms: dict[tuple[str, str], str] = {}
    for text in texts:
        for form in find_fixed_forms(text, kind=kind):
            forms.setdefault((form.kind.value, form.matched.casefold()), form.matched)
    if forms:
        listing = ", ".join(f"{k} {m!r}" for (k, _), m in forms.items())
        problems.append(
            MethodProblem(
                FIXED_FORM_RULE,
                path,
                f"fixes how an activity is run ({listing}); state the outcome the provider "
                "must achieve and move the method to examples (measurement and reporting "
                "periods are fine)",
            )
        )
    return problems


def apply_exemptions(
    problems: Iterable[MethodProblem], exemptions: Sequence[LintExemption]
) -> tuple[list[Exempted], list[int]]:
    """Each problem with the exemption covering it, and the indexes of unused exemptions."""
    used: set[int] = set()
    out = []
    for problem in problems:
        cover = next(
            (i for i, e in enumerate(exemptions) if e.covers(problem.rule, problem.path)), None
        )
        if cover is not None:
            used.add(cover)
        out.append(Exempted(problem, exemptions[cover] if cover is not None else None))
    return out, [i for i in range(len(exemptions)) if i not in used]
