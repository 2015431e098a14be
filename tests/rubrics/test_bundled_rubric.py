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
    assert sorted(r.rubric.ref for r in library.rubrics) == [
        "workplace-compassion@1.0.0",
        "workplace-compassion@2.0.0",
    ]


def test_version_1_stays_available_superseded_for_tenders_pinned_to_it(bundled: Library) -> None:
    """1.0.0 is superseded by 2.0.0, still resolves by exact pin, and keeps its published hash."""
    old = validated_rubric("workplace-compassion@1.0.0", bundled)
    assert old.rubric.status.value == "superseded"
    lock = json.loads((bundled_rubrics_path() / "rubrics.lock").read_text(encoding="utf-8"))
    assert lock["approved"]["workplace-compassion@1.0.0"] == (
        "sha256:2869f16198bd9a45a8acb432cd5882f48fc9ce22c58599c7da88e9667526c5d0"
    )


def test_no_criterion_assesses_more_than_four_clauses(rubric: Rubric) -> None:
    """Criteria are split so that each covers at most four clauses in its word limit."""
    assert max(len(c.clauses) for _, c in rubric.criteria()) <= 4


def test_each_criterion_is_anchored_at_3_and_5(rubric: Rubric) -> None:
    """Every criterion says what a 3 and a 5 look like for it; a best-fit rule is published."""
    for _, criterion in rubric.criteria():
        assert set(criterion.anchors or {}) == {3, 5}, criterion.id
    assert rubric.best_fit and "best fits" in rubric.best_fit


def test_every_threshold_states_its_reason(rubric: Rubric) -> None:
    """A minimum score comes with the reason it is set where it is."""
    for _, criterion in rubric.criteria():
        assert (criterion.threshold is None) == (criterion.threshold_reason is None), criterion.id


def test_every_criterion_serves_a_provider_selection_regime_key_criterion(rubric: Rubric) -> None:
    """Each criterion maps to at least one PSR key criterion."""
    assert all(c.psr_criteria for _, c in rubric.criteria())


@pytest.mark.parametrize(
    "phrase", ["staff and executives together", "owned by staff and executives"]
)
def test_no_descriptor_rewards_one_route_over_another(rubric: Rubric, phrase: str) -> None:
    """The scale and anchors never require work led jointly, by staff or by executives."""
    scale = rubric.scales[rubric.scale]
    assert isinstance(scale, NamedScale)
    texts = [p.descriptor for p in scale.points]
    texts += [a for _, c in rubric.criteria() for a in (c.anchors or {}).values()]
    assert not any(phrase in " ".join(t.split()) for t in texts)


def test_every_question_asks_about_this_contract(rubric: Rubric) -> None:
    """Questions are forward-looking: how the bidder will deliver for this service."""
    for _, criterion in rubric.criteria():
        question = " ".join(criterion.question.split())
        assert "will" in question and "this service" in question, criterion.id


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
    """No current provider clause of the four domains is left out of the evaluation method."""
    assessed = {cid for _, criterion in rubric.criteria() for cid in criterion.clauses}
    rubric_domains = {d.id for d in rubric.domains}
    missing = []
    for clause in bundled.clauses.values():
        current = [v for v in clause.versions if v.status.value == "approved"]
        binds_provider = bool(current) and current[-1].binds == "provider"
        if clause.domain in rubric_domains and binds_provider and clause.id not in assessed:
            missing.append(clause.id)
    assert missing == []
