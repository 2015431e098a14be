"""The results.json model is the shape `scoring.results.results_document` writes, and no other."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tenderkit.errors import InputError
from tenderkit.scoring.results import InputFile, evaluate, results_document
from tenderkit.workspace.results_file import json_path, parse_results
from tests.scoring.cases import evaluation


def document(**options: Any) -> dict[str, Any]:
    scores = options.pop("scores", {"B1": [4, 3], "B2": [3, 4], "B3": [1, 2]})
    inputs = evaluation(scores, **options)
    return results_document(
        evaluate(inputs),
        reference="ICB-2027-014",
        rubric_id="small-rubric",
        rubric_version="1.0.0",
        rubric_hash="sha256:" + "a" * 64,
        inputs=[InputFile("prices.csv", "b" * 64)],
        note_places={("B1", "Q1"): ("B1", "D4")},
    )


def as_bytes(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode("utf-8")


PRICES = {"B1": 100, "B2": 90, "B3": 80}


@pytest.mark.parametrize(
    "options",
    [
        {"prices": PRICES},
        {"prices": PRICES, "formula": "linear-penalty"},
        {"prices": PRICES, "formula": "price-per-quality-point", "quality": 100, "price": 0},
        {"formula": None, "quality": 100, "price": 0},
        {"prices": PRICES, "thresholds": "flag"},
        {"prices": {"B1": 100, "B2": 100}, "scores": {"B1": [3, 3], "B2": [3, 3]}},
        {
            "prices": PRICES,
            "notes": {("B1", "Q1"): "The other bidder was better."},
        },
    ],
    ids=["lowest-over-bid", "linear-penalty", "ppqp", "quality-only", "flag", "tie", "notes"],
)
def test_every_document_the_scoring_core_writes_is_read_back_whole(options: dict[str, Any]) -> None:
    """Each price formula, threshold rule, a tie and note warnings parse to the same figures."""
    body = document(**options)
    parsed = parse_results(as_bytes(body), "out/results.json")
    assert parsed.model_dump(by_alias=True, exclude_none=False)["bidders"] == body["bidders"]
    assert parsed.winner == body["winner"]
    assert [w.rule for w in parsed.note_warnings] == [w["rule"] for w in body["note_warnings"]]


def test_json_paths_name_list_items_by_index() -> None:
    assert json_path(("bidders", 1, "criteria", 0, "note")) == "bidders[1].criteria[0].note"
    assert json_path(()) == "(the document)"


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (lambda d: d["bidders"][0].update(rank=0), "bidders[0].rank"),
        (
            lambda d: d["bidders"][1]["criteria"][0].pop("consensus"),
            "bidders[1].criteria[0].consensus",
        ),
        (lambda d: d.update(basis="cheapest"), "basis"),
        (lambda d: d["sensitivity"].update(margin="wide"), "sensitivity.margin"),
        (lambda d: d.update(extra=1), "extra"),
        (lambda d: d["bidders"][0].update(status="won"), "bidders[0].status"),
    ],
)
def test_a_document_of_another_shape_is_refused_at_its_json_path(edit: Any, where: str) -> None:
    body = document(prices=PRICES)
    edit(body)
    with pytest.raises(InputError) as caught:
        parse_results(as_bytes(body), "out/results.json")
    assert str(caught.value).startswith(f"out/results.json: {where}: not a tenderkit-results/1")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "not a JSON document"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"format": "tenderkit-collected/1"}', "format is 'tenderkit-collected/1'"),
    ],
)
def test_a_file_that_is_not_a_results_document_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_results(data, "out/results.json")
