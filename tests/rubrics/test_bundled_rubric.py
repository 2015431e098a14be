"""The bundled workplace-compassion rubric: clean, complete and traceable to the guide."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tenderkit.clauses.library import Library
from tenderkit.rubrics.library import bundled_rubrics_path, load_rubric_library
from tenderkit.rubrics.lint import lint_rubric_library, validated_rubric
from tenderkit.rubrics.model import Rubric
from tenderkit.rubrics.scale import NamedScale
from tenderkit.workspace.schemas import SCHEMAS
from tenderkit.yamlio import load_yaml

GUIDE_DOMAINS = [
    "culture-values",
    "actions-activities",
    "leadership-management",
    "policies-procedures",
]


@pytest.fixture(scope="module")
def rubric(bundled: Library) -> Rubric:
    return validated_rubric("workplace-compassion", bundled).rubric


def test_the_bundled_rubrics_lint_clean_against_the_bundled_clauses(bundled: Library) -> None:
    """Every bundled rubric passes every check, its lock included."""
    assert [str(f) for f in lint_rubric_library(None, bundled)] == []


def test_it_covers_the_four_domains_of_the_guide_with_2_to_4_criteria(rubric: Rubric) -> None:
    """All four domains of guide section 2.3, each with two to four criteria."""
    assert [d.id for d in rubric.domains] == GUIDE_DOMAINS
    assert all(2 <= len(d.criteria) <= 4 for d in rubric.domains)


def test_its_default_scale_is_the_named_0_to_5_scale(rubric: Rubric) -> None:
    """Scores run 0 Unacceptable to 5 Excellent, each point with a descriptor."""
    scale = rubric.scales[rubric.scale]
    assert isinstance(scale, NamedScale)
    assert [(p.score, p.label) for p in scale.points] == list(
        enumerate(["Unacceptable", "Poor", "Weak", "Satisfactory", "Good", "Excellent"])
    )


def test_each_domain_has_one_minimum_score(rubric: Rubric) -> None:
    """One criterion per domain carries a threshold, and it is a score on the scale."""
    for domain in rubric.domains:
        thresholds = [c.threshold for c in domain.criteria if c.threshold is not None]
        assert thresholds == [2], domain.id


@pytest.mark.parametrize(
    "measure",
    [
        "staff survey",
        "sickness absence",
        "retention",
        "turnover",
        "burn-out",
        "wellbeing",
        "participation",
        "case study",
        "in their own words",
    ],
)
def test_the_guides_measures_are_asked_for_somewhere(rubric: Rubric, measure: str) -> None:
    """Evidence expectations or descriptors draw on each measure the guide names."""
    scale = rubric.scales[rubric.scale]
    assert isinstance(scale, NamedScale)
    texts = [c.evidence for _, c in rubric.criteria()] + [p.descriptor for p in scale.points]
    assert any(measure in " ".join(t.lower().split()) for t in texts), measure


def test_every_criterion_lets_the_provider_describe_its_own_approach(rubric: Rubric) -> None:
    """Questions ask how (or which, what) the provider does things, not whether it runs X."""
    for _, criterion in rubric.criteria():
        opening = criterion.question.split()[0].rstrip(",")
        assert opening in {"How", "Describe", "What", "Which"}, criterion.id


def test_the_rubric_file_validates_against_its_committed_json_schema() -> None:
    """Editors validating with rubric.schema.json accept the bundled file."""
    entry = next(s for s in SCHEMAS if s.filename == "rubric.schema.json")
    schema = json.loads(entry.path().read_text(encoding="utf-8"))
    paths = sorted(bundled_rubrics_path().glob("*.yaml"))
    assert paths, "no bundled rubric files found"
    for path in paths:
        data = json.loads(json.dumps(load_yaml(path).data, default=str))
        jsonschema.Draft202012Validator(schema).validate(data)


def test_the_committed_rubric_schema_matches_the_model() -> None:
    """rubric.schema.json is regenerated whenever the model changes."""
    entry = next(s for s in SCHEMAS if s.filename == "rubric.schema.json")
    assert entry.path().read_text(encoding="utf-8") == entry.render()


def test_the_bundled_library_holds_one_rubric_version_per_file() -> None:
    """The library loads strictly: no broken file, no duplicate version."""
    library = load_rubric_library()
    assert [r.rubric.ref for r in library.rubrics] == ["workplace-compassion@1.0.0"]


def test_every_criterion_assesses_clauses_of_its_own_domain(
    rubric: Rubric, bundled: Library
) -> None:
    """Each criterion names the clauses it assesses, mostly from its own domain."""
    for domain, criterion in rubric.criteria():
        assert criterion.clauses, f"{criterion.id} assesses no clause"
        domains = [bundled.get(cid).domain for cid in criterion.clauses]
        assert domain.id in domains, f"{criterion.id} assesses none of its domain's clauses"
        assert set(domains) <= {domain.id, "monitoring-reporting"}


def test_every_approved_domain_clause_is_assessed_by_some_criterion(
    rubric: Rubric, bundled: Library
) -> None:
    """No clause of the four domains is left out of the published evaluation method."""
    assessed = {cid for _, criterion in rubric.criteria() for cid in criterion.clauses}
    rubric_domains = {d.id for d in rubric.domains}
    missing = [
        c.id
        for c in bundled.clauses.values()
        if c.domain in rubric_domains and c.id not in assessed
    ]
    assert missing == []
