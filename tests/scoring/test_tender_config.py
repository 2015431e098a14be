"""The tender configuration: required fields, weights, ids and allocation by domain."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tenderkit.rubrics.library import resolve_rubric
from tenderkit.rubrics.model import Rubric
from tenderkit.scoring.tender import Evaluator, TenderConfig, allocated_criteria, tender_problems
from tests.support.evaluation import tender
from tests.support.rubrics import approved, criterion

RUBRIC = resolve_rubric("workplace-compassion@1.0.0").rubric


def test_the_example_configuration_is_valid() -> None:
    """The issue's example tender.yaml validates."""
    config = TenderConfig.model_validate(tender())
    assert config.weights.quality == 60
    assert tender_problems(config, RUBRIC) == []


def test_weights_must_sum_to_100() -> None:
    """Quality 60 and price 30 is refused with the sum named."""
    with pytest.raises(ValidationError, match="sum to 90"):
        TenderConfig.model_validate(tender(weights={"quality": 60, "price": 30}))


def test_a_price_weight_needs_a_price_formula() -> None:
    """Giving price a share without saying how it is scored is refused."""
    body = tender()
    del body["price"]
    with pytest.raises(ValidationError, match="price"):
        TenderConfig.model_validate(body)


def test_quality_only_needs_no_price_formula() -> None:
    """Price weight 0 means quality only; no formula is needed."""
    body = tender(weights={"quality": 100, "price": 0})
    del body["price"]
    assert TenderConfig.model_validate(body).price is None


@pytest.mark.parametrize("bad", ["B 1", "-B1", "B1-", "x" * 25, "B1.2", ""])
def test_ids_that_cannot_name_files_and_cells_are_refused(bad: str) -> None:
    """Bidder ids are short letters and digits with - or _ inside."""
    with pytest.raises(ValidationError):
        TenderConfig.model_validate(tender(bidders=[{"id": bad, "name": "X Ltd"}]))


def test_an_evaluator_id_windows_cannot_save_is_refused() -> None:
    """CON.xlsx cannot be created on Windows, so CON is not an evaluator id."""
    with pytest.raises(ValidationError, match="Windows"):
        Evaluator(id="con", name="Someone")


def test_ids_differing_only_in_case_are_duplicates() -> None:
    """B1 and b1 would be one name in Excel, so they are reported as the same id."""
    config = TenderConfig.model_validate(
        tender(bidders=[{"id": "B1", "name": "A Ltd"}, {"id": "b1", "name": "B Ltd"}])
    )
    assert tender_problems(config, RUBRIC) == [
        (
            ("bidders", 1, "id"),
            "bidder id 'b1' differs from 'B1' only in case; ids name files, sheets and cells, "
            "which ignore case",
        )
    ]


def test_an_id_used_twice_is_reported_at_its_second_use() -> None:
    """The same evaluator id listed twice is reported where it is repeated."""
    config = TenderConfig.model_validate(
        tender(evaluators=[{"id": "E1", "name": "A"}, {"id": "E1", "name": "B"}])
    )
    assert tender_problems(config, RUBRIC) == [
        (("evaluators", 1, "id"), "evaluator id 'E1' is used twice")
    ]


def test_an_unknown_domain_is_reported_at_its_place() -> None:
    """An evaluator domain the rubric does not have is reported with the known ones."""
    config = TenderConfig.model_validate(
        tender(
            evaluators=[
                {"id": "E1", "name": "One", "domains": ["culture-values", "finance"]},
                {"id": "E2", "name": "Two"},  # so every criterion of every bid is scored
            ]
        )
    )
    ((path, message),) = tender_problems(config, RUBRIC)
    assert path == ("evaluators", 0, "domains", 1)
    assert "no domain 'finance'" in message and "leadership-management" in message


def test_allocation_follows_the_evaluators_domains_in_rubric_order() -> None:
    """An evaluator limited to two domains scores exactly their criteria, in rubric order."""
    rubric = Rubric.model_validate(
        approved(
            domains=[
                {"id": "culture-values", "weight": 40, "criteria": [criterion("CV1", 100)]},
                {
                    "id": "actions-activities",
                    "weight": 30,
                    "criteria": [criterion("AA1", 50), criterion("AA2", 50)],
                },
                {
                    "id": "leadership-management",
                    "weight": 30,
                    "criteria": [criterion("LM1", 70), criterion("LM2", 30)],
                },
            ]
        )
    )
    evaluator = Evaluator(id="E2", name="Two", domains=["leadership-management", "culture-values"])
    assert [c.id for c in allocated_criteria(evaluator, rubric)] == ["CV1", "LM1", "LM2"]
    everyone = Evaluator(id="E1", name="One")
    assert [c.id for c in allocated_criteria(everyone, rubric)] == [
        "CV1",
        "AA1",
        "AA2",
        "LM1",
        "LM2",
    ]


def test_price_per_quality_point_needs_quality_100_and_price_0() -> None:
    """The formula gives no price points, so a price weight alongside it is refused."""
    with pytest.raises(ValidationError, match=r"quality: 100, price: 0"):
        TenderConfig.model_validate(tender(price={"formula": "price-per-quality-point"}))
    body = tender(
        weights={"quality": 100, "price": 0}, price={"formula": "price-per-quality-point"}
    )
    assert TenderConfig.model_validate(body).price is not None


def test_linear_penalty_is_a_price_formula() -> None:
    """linear-penalty is accepted in tender.yaml."""
    config = TenderConfig.model_validate(tender(price={"formula": "linear-penalty"}))
    assert config.price is not None and config.price.formula == "linear-penalty"
