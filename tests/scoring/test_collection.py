"""Which returned scores count, decided from plain values."""

from __future__ import annotations

from tenderkit.rubrics.scale import RangeScale
from tenderkit.scoring.collection import (
    Assignment,
    CollectionPlan,
    Place,
    Reading,
    RefusedReturn,
    ReturnedScores,
    Withdrawal,
    collect,
)
from tenderkit.scoring.entries import CellValue, Entry

SCALE = RangeScale(min=0, max=5)
PLAN = CollectionPlan(
    assignments=[
        Assignment("E1", "One", ("B1", "B2"), ("C1", "C2")),
        Assignment("E2", "Two", ("B1", "B2"), ("C1",)),
    ],
    bidders=["B1", "B2"],
    criteria=["C1", "C2"],
    scales={"C1": SCALE, "C2": SCALE},
)


def returned(
    evaluator: str,
    file: str | None = None,
    *,
    declarations: dict[str, CellValue] | None = None,
    scores: dict[tuple[str, str], CellValue] | None = None,
) -> ReturnedScores:
    """A complete return (all 3s, No conflict) for evaluator, with overrides."""
    assignment = next(a for a in PLAN.assignments if a.evaluator == evaluator)
    decl = {b: "No conflict" for b in assignment.bidders} | (declarations or {})
    values = {(b, c): 3 for b in assignment.bidders for c in assignment.criteria} | (scores or {})
    return ReturnedScores(
        file=file or f"returns/{evaluator}.xlsx",
        sha256="0" * 64,
        evaluator=evaluator,
        issued_at="2027-03-01T09:00:00Z",
        declarations={b: Reading(Entry(value=v), Place(f"COI.{b}")) for b, v in decl.items()},
        scores={k: Reading(Entry(value=v), Place(f"S.{k[0]}.{k[1]}")) for k, v in values.items()},
        rationales={k: Reading(Entry(value="because"), Place(f"R.{k[0]}.{k[1]}")) for k in values},
    )


def test_complete_returns_give_a_complete_collection_in_a_fixed_order() -> None:
    """All six expected scores count, ordered by bidder, criterion, then evaluator."""
    result = collect(PLAN, [returned("E2"), returned("E1")], [])
    assert result.complete
    order = [(s.bidder, s.criterion, s.evaluator) for s in result.scores]
    assert order == [
        ("B1", "C1", "E1"),
        ("B1", "C1", "E2"),
        ("B1", "C2", "E1"),
        ("B2", "C1", "E1"),
        ("B2", "C1", "E2"),
        ("B2", "C2", "E1"),
    ]
    assert [(t.evaluator, t.expected, t.accepted) for t in result.tallies] == [
        ("E1", 4, 4),
        ("E2", 2, 2),
    ]


def test_a_bad_score_is_a_problem_and_the_rest_still_count() -> None:
    """One score off the scale is reported; the evaluator's other scores count."""
    result = collect(PLAN, [returned("E1", scores={("B2", "C2"): 9}), returned("E2")], [])
    assert [(p.rule, p.location.path) for p in result.problems] == [
        ("score-outside-scale", "S.B2.C2")
    ]
    assert len(result.scores) == 5
    assert result.tallies[0].missing == 1


def test_a_refused_file_is_reported_and_its_evaluator_counts_as_not_returned() -> None:
    """A return refused before reading leaves its evaluator without a return."""
    refused = RefusedReturn(
        "returns/E2.xlsx", "1" * 64, "tampered", "bad signature", evaluator="E2"
    )
    result = collect(PLAN, [returned("E1")], [refused])
    rules = [p.rule for p in result.problems]
    assert rules == ["tampered", "no-return"]
    assert "returns/E2.xlsx could not be counted" in result.problems[1].message
    assert [r.status for r in result.returns] == ["accepted", "rejected"]


def test_identical_copies_count_once() -> None:
    """Two identical returns from E2 count once, with a note naming the copy."""
    result = collect(
        PLAN,
        [returned("E1"), returned("E2", "returns/a.xlsx"), returned("E2", "returns/b.xlsx")],
        [],
    )
    assert result.complete
    assert len(result.scores) == 6
    assert [n.rule for n in result.notes] == ["duplicate-identical"]
    assert str(result.notes[0].location.file) == "returns/b.xlsx"


def test_differing_copies_are_all_refused() -> None:
    """Two different returns from E2 are both refused, so E2's scores are missing."""
    result = collect(
        PLAN,
        [
            returned("E1"),
            returned("E2", "returns/a.xlsx"),
            returned("E2", "returns/b.xlsx", scores={("B1", "C1"): 4}),
        ],
        [],
    )
    assert [p.rule for p in result.problems] == ["returned-twice", "returned-twice", "no-return"]
    assert not [s for s in result.scores if s.evaluator == "E2"]


def test_a_conflict_sets_scores_aside_and_reduces_what_is_expected() -> None:
    """E2's conflict for B2 sets aside its B2 score; E1 still covers B2, so the collection is complete."""
    result = collect(PLAN, [returned("E1"), returned("E2", declarations={"B2": "Conflict"})], [])
    assert result.complete
    assert [(a.evaluator, a.bidder, a.scores_entered) for a in result.set_aside] == [
        ("E2", "B2", 1)
    ]
    assert result.tallies[1].expected == 1
    assert not [s for s in result.scores if (s.evaluator, s.bidder) == ("E2", "B2")]


def test_a_missing_declaration_holds_back_valid_scores() -> None:
    """Without E1's declaration for B1, E1's valid B1 scores are held back and still expected."""
    result = collect(PLAN, [returned("E1", declarations={"B1": None}), returned("E2")], [])
    (problem,) = result.problems
    assert problem.rule == "declaration-missing"
    assert "2 otherwise valid score(s) for B1 held back" in problem.message
    assert result.tallies[0].missing == 2


def test_a_criterion_only_conflicted_evaluators_were_given_is_a_gap() -> None:
    """E1 alone scores C2; its conflict for B1 leaves B1's C2 with nobody to score it."""
    result = collect(PLAN, [returned("E1", declarations={"B1": "Conflict"}), returned("E2")], [])
    assert [p.rule for p in result.problems] == ["no-unconflicted-evaluator"]
    assert "C2" in result.problems[0].message


def test_collecting_twice_gives_the_same_result() -> None:
    """The decision is a pure function of its inputs."""
    inputs = [returned("E1", scores={("B1", "C1"): "x"}), returned("E2")]
    assert collect(PLAN, inputs, []) == collect(PLAN, list(reversed(inputs)), [])


# --- bidders who withdrew, and workbooks for bidders added later -----------------------


def covering(evaluator: str, bidders: tuple[str, ...], file: str) -> ReturnedScores:
    """A complete return from evaluator for these bidders only (one workbook of several)."""
    full = returned(evaluator, file)
    return ReturnedScores(
        file=file,
        sha256=full.sha256,
        evaluator=evaluator,
        issued_at=full.issued_at,
        declarations={b: r for b, r in full.declarations.items() if b in bidders},
        scores={k: r for k, r in full.scores.items() if k[0] in bidders},
        rationales={k: r for k, r in full.rationales.items() if k[0] in bidders},
    )


#: B2 withdrew: the plan no longer expects them, and says when.
WITHDRAWN_PLAN = CollectionPlan(
    assignments=[
        Assignment("E1", "One", ("B1",), ("C1", "C2")),
        Assignment("E2", "Two", ("B1",), ("C1",)),
    ],
    bidders=["B1"],
    criteria=["C1", "C2"],
    scales={"C1": SCALE, "C2": SCALE},
    withdrawn={"B2": Withdrawal("2027-03-10", "withdrawn by the provider")},
)


def test_scores_for_a_withdrawn_bidder_are_set_aside_and_the_rest_complete() -> None:
    """Returns covering B2 still count for B1; B2's entered scores are recorded, not counted."""
    result = collect(WITHDRAWN_PLAN, [returned("E1"), returned("E2")], [])
    assert result.complete
    assert {s.bidder for s in result.scores} == {"B1"}
    assert [(w.evaluator, w.bidder, w.scores_entered, w.withdrawn) for w in result.withdrawn] == [
        ("E1", "B2", 2, "2027-03-10"),
        ("E2", "B2", 1, "2027-03-10"),
    ]
    assert [n.rule for n in result.notes] == ["bidder-withdrawn", "bidder-withdrawn"]
    assert [(t.expected, t.accepted) for t in result.tallies] == [(2, 2), (1, 1)]


def test_an_original_and_a_supplementary_workbook_are_merged() -> None:
    """E1's workbook for B1 and their supplement for B2 are two workbooks, both counted."""
    returns = [
        covering("E1", ("B1",), "returns/E1.xlsx"),
        covering("E1", ("B2",), "returns/E1.B2.xlsx"),
        returned("E2"),
    ]
    result = collect(PLAN, returns, [])
    assert result.complete, [str(p) for p in result.problems]
    assert [r.status for r in result.returns] == ["accepted", "accepted", "accepted"]
    assert {(s.bidder, s.file) for s in result.scores if s.evaluator == "E1"} == {
        ("B1", "returns/E1.xlsx"),
        ("B2", "returns/E1.B2.xlsx"),
    }


def test_a_bidder_no_workbook_covers_is_missing_alone() -> None:
    """E1 returned the workbook for B1 only: B2's scores from E1 are the one problem."""
    result = collect(PLAN, [covering("E1", ("B1",), "returns/E1.xlsx"), returned("E2")], [])
    assert [(p.rule, str(p.location.file)) for p in result.problems] == [
        ("bidder-not-returned", "returns/")
    ]
    assert "covers bidder B2; 2 score(s) expected" in result.problems[0].message
    assert result.tallies[0].missing == 2


def test_a_bidder_scored_in_two_workbooks_of_one_evaluator_counts_in_neither() -> None:
    """B2 in E1's whole workbook and in a supplement: both files named, B1 still counts."""
    returns = [
        returned("E1", "returns/E1.xlsx"),
        covering("E1", ("B2",), "returns/E1.B2.xlsx"),
        returned("E2"),
    ]
    result = collect(PLAN, returns, [])
    assert [(p.rule, str(p.location.file)) for p in result.problems] == [
        ("scored-twice", "returns/E1.xlsx"),
        ("scored-twice", "returns/E1.B2.xlsx"),
    ]
    assert {s.bidder for s in result.scores if s.evaluator == "E1"} == {"B1"}


def test_an_evaluator_whose_only_bidder_withdrew_is_not_awaited() -> None:
    """E2 was allocated B2 alone; after B2 withdrew, no return from E2 is expected."""
    plan = CollectionPlan(
        assignments=[
            Assignment("E1", "One", ("B1",), ("C1", "C2")),
            Assignment("E2", "Two", (), ("C1",)),
        ],
        bidders=["B1"],
        criteria=["C1", "C2"],
        scales={"C1": SCALE, "C2": SCALE},
        withdrawn={"B2": Withdrawal("2027-03-10")},
    )
    result = collect(plan, [covering("E1", ("B1",), "returns/E1.xlsx")], [])
    assert result.complete, [str(p) for p in result.problems]
    assert [(t.evaluator, t.expected, t.returned) for t in result.tallies] == [
        ("E1", 2, True),
        ("E2", 0, False),
    ]
