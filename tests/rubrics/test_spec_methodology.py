"""The evaluation method as a specification publishes it."""

from __future__ import annotations

import pytest

from tenderkit.rubrics.library import resolve_rubric
from tenderkit.rubrics.methodology import format_weight, methodology
from tenderkit.rubrics.model import Rubric, rubric_hash


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return resolve_rubric("workplace-compassion@1.0.0").rubric


def test_effective_weights_are_domain_times_criterion_weight(rubric: Rubric) -> None:
    """Each published criterion carries domain weight × criterion weight / 100."""
    method = methodology(rubric, {})
    for row in method.criteria():
        assert row.effective_weight == pytest.approx(row.domain_weight * row.criterion.weight / 100)
    assert sum(r.effective_weight for r in method.criteria()) == pytest.approx(100)


def test_shares_of_the_total_follow_the_quality_weight(rubric: Rubric) -> None:
    """With quality at 60%, every share of the total is 60% of the effective weight."""
    method = methodology(rubric, {}, quality_share=60)
    shares = [r.share_of_total for r in method.criteria()]
    assert all(s is not None for s in shares)
    assert sum(s for s in shares if s is not None) == pytest.approx(60)
    assert sum(d.share_of_total or 0 for d in method.domains) == pytest.approx(60)
    assert all(r.share_of_total is None for r in methodology(rubric, {}).criteria())


def test_domain_titles_come_from_the_caller_and_fall_back_to_ids(rubric: Rubric) -> None:
    """A domain the title map lacks is shown by its id."""
    method = methodology(rubric, {"culture-values": "Culture and values"})
    assert [d.title for d in method.domains][:2] == ["Culture and values", "actions-activities"]


def test_the_method_reference_carries_the_rubric_hash(rubric: Rubric) -> None:
    """`ref` is id@version@hash, the form recorded in a specification's properties."""
    method = methodology(rubric, {})
    assert method.ref == f"{rubric.id}@{rubric.version}@{rubric_hash(rubric)}"
    assert list(method.scales) == [rubric.scale]


@pytest.mark.parametrize(
    ("value", "text"), [(15, "15%"), (7.5, "7.5%"), (100 / 12, "8.33%"), (0.126, "0.13%")]
)
def test_weights_read_as_percentages(value: float, text: str) -> None:
    """Weights print without trailing zeros and to at most two decimal places."""
    assert format_weight(value) == text
