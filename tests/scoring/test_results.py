"""The tenderkit-results/1 document: its shape, key order and figures."""

from __future__ import annotations

import json

from tenderkit.scoring.results import InputFile, evaluate, results_document
from tests.scoring.cases import evaluation


def _document() -> dict[str, object]:
    inputs = evaluation(
        {"B1": [4, 3], "B2": [3, 4]},
        prices={"B1": 100_000, "B2": 90_000},
        notes={("B1", "Q1"): "Better than B2."},
    )
    return results_document(
        evaluate(inputs),
        reference="ICB-2027-014",
        rubric_id="workplace-compassion",
        rubric_version="1.0.0",
        rubric_hash="sha256:abc",
        inputs=[InputFile("prices.csv", "0" * 64)],
        note_places={("B1", "Q1"): ("Moderation", "H5")},
    )


def test_the_document_has_the_published_keys_in_order() -> None:
    """Top-level, bidder, criterion and sensitivity keys follow tenderkit-results/1."""
    doc = _document()
    assert list(doc) == [
        "format", "reference", "rubric", "weights", "price_formula", "basis", "winner",
        "bidders", "withdrawn", "sensitivity", "note_warnings", "inputs",
    ]  # fmt: skip
    bidder = doc["bidders"][0]  # type: ignore[index]
    assert list(bidder) == [
        "id", "name", "quality", "price", "price_score", "price_per_quality_point", "total",
        "rank", "status", "tied", "reasons", "criteria",
    ]  # fmt: skip
    assert list(bidder["criteria"][0]) == [
        "id",
        "domain",
        "consensus",
        "weighted",
        "scores",
        "note",
    ]
    assert list(doc["sensitivity"]) == ["margin", "flips", "quality_weight_break_even"]  # type: ignore[arg-type]
    assert list(doc["sensitivity"]["flips"][0]) == [  # type: ignore[index]
        "bidder", "criterion", "from", "to", "steps", "new_winner",
    ]  # fmt: skip


def test_the_document_carries_the_decision_as_plain_json() -> None:
    """Figures are floats, the winner an id, warnings placed by sheet and cell."""
    doc = _document()
    json.dumps(doc)  # nothing but JSON types
    assert doc["format"] == "tenderkit-results/1"
    assert doc["winner"] == "B2"
    first = doc["bidders"][0]  # type: ignore[index]
    assert (first["id"], first["rank"], first["status"]) == ("B2", 1, "ranked")
    assert abs(first["total"] - 80.8) < 1e-9
    warning = doc["note_warnings"][0]  # type: ignore[index]
    assert (warning["rule"], warning["sheet"], warning["cell"]) == (
        "note-compares-bidders",
        "Moderation",
        "H5",
    )
    assert doc["inputs"] == [{"file": "prices.csv", "sha256": "0" * 64}]


def test_a_total_recomputed_as_a_spreadsheet_would_matches_to_1e_9() -> None:
    """consensus / max × weight × quality / 100 summed, plus lowest / bid × price weight."""
    doc = _document()
    for bidder in doc["bidders"]:  # type: ignore[attr-defined]
        quality = sum(
            c["consensus"] / 5 * w * 60 / 100
            for c, w in zip(bidder["criteria"], [60, 40], strict=True)
        )
        price = 90_000 / bidder["price"] * 40
        assert abs(bidder["total"] - (quality + price)) < 1e-9
