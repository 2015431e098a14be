"""The OCDS award-criteria export, validated against the extension's published schema."""

from __future__ import annotations

import copy
import csv
import json
import math
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tenderkit.clauses.library import Library
from tenderkit.rubrics.lint import validated_rubric
from tenderkit.rubrics.model import Rubric, rubric_hash
from tenderkit.rubrics.ocds import SplitError, award_criteria

EXTENSION = Path(__file__).resolve().parents[1] / "fixtures" / "ocds-awardCriteria-extension"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    """A validator for the extension's AwardCriteria definition (OCDS 1.1 is draft 4)."""
    release = json.loads((EXTENSION / "release-schema.json").read_text(encoding="utf-8"))
    schema = {"definitions": release["definitions"], "$ref": "#/definitions/AwardCriteria"}
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def codes(codelist: str) -> set[str]:
    with (EXTENSION / "codelists" / codelist).open(encoding="utf-8", newline="") as fh:
        return {row["Code"] for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def bundled_rubric(bundled: Library) -> Rubric:
    return validated_rubric("workplace-compassion@1.0.0", bundled).rubric


@pytest.fixture(scope="module")
def export(bundled_rubric: Rubric, bundled: Library) -> dict[str, Any]:
    titles = {d.id: d.title for d in bundled.taxonomy.domains}
    return award_criteria(bundled_rubric, quality_weight=60, price_weight=40, domain_titles=titles)


def weights(document: dict[str, Any]) -> list[float]:
    return [
        n["number"]
        for c in document["awardCriteria"]["criteria"]
        for n in c["numbers"]
        if n.get("weight") == "percentageExact"
    ]


def test_the_export_validates_against_the_award_criteria_schema(
    validator: jsonschema.Draft4Validator, export: dict[str, Any]
) -> None:
    """awardCriteria of the bundled rubric at 60/40 is valid AwardCriteria."""
    errors = [e.message for e in validator.iter_errors(export["awardCriteria"])]
    assert errors == []


def test_the_schema_check_rejects_a_malformed_export(
    validator: jsonschema.Draft4Validator, export: dict[str, Any]
) -> None:
    """The validator is not vacuous: an unknown weight code or empty numbers fail it."""
    broken = copy.deepcopy(export["awardCriteria"])
    broken["criteria"][0]["numbers"][0]["weight"] = "percent"
    broken["criteria"][1]["numbers"] = []
    assert len(list(validator.iter_errors(broken))) == 2


def test_codes_come_from_the_extension_codelists(export: dict[str, Any]) -> None:
    """Types, weight and threshold codes are all codes the extension defines."""
    criteria = export["awardCriteria"]["criteria"]
    numbers = [n for c in criteria for n in c["numbers"]]
    assert {c["type"] for c in criteria} <= codes("awardCriterionType.csv")
    assert {n["weight"] for n in numbers if "weight" in n} <= codes("criterionWeight.csv")
    assert {n["threshold"] for n in numbers if "threshold" in n} <= codes("criterionThreshold.csv")


def test_quality_weights_are_effective_weights_scaled_to_the_quality_share(
    bundled_rubric: Rubric, export: dict[str, Any]
) -> None:
    """Each rubric criterion weighs W × effective weight / 100, in rubric order."""
    quality = [c for c in export["awardCriteria"]["criteria"] if c["type"] == "quality"]
    expected = [
        60 * bundled_rubric.effective_weight(d, c) / 100 for d, c in bundled_rubric.criteria()
    ]
    assert [c["numbers"][0]["number"] for c in quality] == pytest.approx(expected)
    assert [c["name"].split()[0] for c in quality] == [c.id for _, c in bundled_rubric.criteria()]


def test_percentage_weights_add_up_to_100_with_the_price(export: dict[str, Any]) -> None:
    """percentageExact means the numbers add up to 100, the price criterion included."""
    price = [c for c in export["awardCriteria"]["criteria"] if c["type"] == "price"]
    assert [c["numbers"] for c in price] == [[{"number": 40, "weight": "percentageExact"}]]
    assert math.fsum(weights(export)) == pytest.approx(100)


def test_thresholds_are_minimum_scores_on_the_criteria_that_have_them(
    bundled_rubric: Rubric, export: dict[str, Any]
) -> None:
    """A threshold becomes a minimumScore number; criteria without one have none."""
    quality = [c for c in export["awardCriteria"]["criteria"] if c["type"] == "quality"]
    found = [
        next((n["number"] for n in c["numbers"] if n.get("threshold") == "minimumScore"), None)
        for c in quality
    ]
    assert found == [c.threshold for _, c in bundled_rubric.criteria()]


def test_descriptions_give_domain_question_scale_threshold_and_word_limit(
    export: dict[str, Any],
) -> None:
    """A notice reader learns what is asked and how it is scored from the description."""
    first = export["awardCriteria"]["criteria"][0]
    assert first["description"].startswith("Culture and values. Describe how staff")
    assert "Scored 0–5" in first["description"]
    assert "a score below 2 fails this criterion" in first["description"]
    assert first["description"].endswith("Word limit: 750.")


def test_the_export_records_which_rubric_and_split_it_came_from(
    bundled_rubric: Rubric, export: dict[str, Any]
) -> None:
    """Beside awardCriteria, the rubric's id, version, hash and the split are recorded."""
    assert export["rubric"] == {
        "id": "workplace-compassion",
        "version": "1.0.0",
        "hash": rubric_hash(bundled_rubric),
        "qualityWeight": 60,
        "priceWeight": 40,
    }


def test_a_quality_only_award_has_no_price_criterion(
    validator: jsonschema.Draft4Validator, bundled_rubric: Rubric
) -> None:
    """At 100/0 the price criterion is left out and the quality weights add up to 100."""
    document = award_criteria(bundled_rubric, quality_weight=100, price_weight=0)
    assert {c["type"] for c in document["awardCriteria"]["criteria"]} == {"quality"}
    assert math.fsum(weights(document)) == pytest.approx(100)
    assert list(validator.iter_errors(document["awardCriteria"])) == []


def test_a_cost_award_uses_the_cost_type(bundled_rubric: Rubric) -> None:
    """Whole-life cost instead of price is exported as a cost criterion."""
    document = award_criteria(bundled_rubric, quality_weight=70, price_weight=30, price_type="cost")
    last = document["awardCriteria"]["criteria"][-1]
    assert (last["type"], last["name"], last["numbers"][0]["number"]) == ("cost", "Cost", 30)


@pytest.mark.parametrize(
    ("quality", "price", "message"),
    [
        (60, 30, "add up to 90; they must add up to 100"),
        (60, 40.5, "add up to 100.5"),
        (0, 100, "quality weight must be above 0"),
        (110, -10, "price weight cannot be negative"),
        (float("nan"), float("nan"), "quality weight must be a number from 0 to 100, not nan"),
        (100, float("inf"), "price weight must be a number from 0 to 100, not inf"),
    ],
)
def test_a_split_that_is_not_100_is_refused(
    bundled_rubric: Rubric, quality: float, price: float, message: str
) -> None:
    """The quality and price weights must be a split of exactly 100."""
    with pytest.raises(SplitError, match=message):
        award_criteria(bundled_rubric, quality_weight=quality, price_weight=price)


def test_decimal_splits_are_exact(bundled_rubric: Rubric) -> None:
    """62.5 / 37.5 is accepted and scaled without floating-point noise."""
    document = award_criteria(bundled_rubric, quality_weight=62.5, price_weight=37.5)
    assert weights(document)[0] == 6.25
