"""Which returned scores count: the decision at the heart of `tender collect`.

Input: what each evaluator was asked to score (`CollectionPlan`), the returns that were
read and proved authentic (`ReturnedScores`, values as plain data) and the ones refused
before their cells were read (`RefusedReturn`). Output: a `Collection` of accepted scores,
scores set aside for a declared conflict, every problem (a `Finding` naming file, sheet,
cell and defined name) and notes that need no action. The collection is complete only
when there are no problems.

Rules, in the order a panel would apply them:
- a return counts once per evaluator and workbook (an evaluator's original workbook and a
  supplementary one for a bidder added later are two workbooks); identical copies are
  noted, copies that differ are all refused until the lead removes the wrong one; a bidder
  scored by one evaluator in two workbooks counts in neither until one is removed;
- a bidder who withdrew is no longer expected: scores entered for them are read, set aside
  and recorded, never counted;
- a bidder's scores count only after the evaluator declared "No conflict" for that bidder;
  "Conflict" sets them aside (no longer expected), a missing or invalid declaration blocks
  them (still expected, so the collection is incomplete);
- a score counts only when it is a number on the scale, on an allowed step, with a rationale;
- every expected score that does not count is a problem, and so is a criterion for a bidder
  that no evaluator free of conflict was allocated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from tenderkit.errors import Location
from tenderkit.findings import Finding
from tenderkit.rubrics.scale import NamedScale, RangeScale
from tenderkit.scoring.entries import (
    Declaration,
    Entry,
    Flaw,
    is_entered,
    judge_declaration,
    judge_rationale,
    judge_score,
)

Pair = tuple[str, str]  # (bidder id, criterion id)


@dataclass(frozen=True)
class Place:
    """Where a value was read: its defined name and, when it resolved, sheet and cell."""

    name: str
    sheet: str | None = None
    cell: str | None = None


@dataclass(frozen=True)
class Reading:
    entry: Entry
    place: Place


@dataclass(frozen=True)
class ReturnedScores:
    """An authentic return's declarations, scores and rationales, keyed by bidder (and criterion)."""

    file: str
    sha256: str
    evaluator: str
    issued_at: str
    declarations: Mapping[str, Reading]
    scores: Mapping[Pair, Reading]
    rationales: Mapping[Pair, Reading]
    notes: tuple[str, ...] = ()  # things worth knowing that do not stop the return counting

    @property
    def bidders(self) -> tuple[str, ...]:
        """The bidders the workbook was issued for (each has a declaration)."""
        return tuple(self.declarations)

    def fingerprint(self) -> tuple[object, ...]:
        """What the evaluator entered, for telling identical copies from different ones."""
        return (
            self.evaluator,
            tuple(sorted((k, r.entry) for k, r in self.declarations.items())),
            tuple(sorted((k, r.entry) for k, r in self.scores.items())),
            tuple(sorted((k, r.entry) for k, r in self.rationales.items())),
        )


@dataclass(frozen=True)
class RefusedReturn:
    """A file in returns/ that could not be used at all, and why."""

    file: str
    sha256: str | None
    rule: str
    message: str
    place: Place | None = None
    evaluator: str | None = None


@dataclass(frozen=True)
class Assignment:
    """One evaluator's task: these criteria for each of these bidders."""

    evaluator: str
    name: str
    bidders: tuple[str, ...]
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Withdrawal:
    """When a bidder withdrew (ISO date) and, if given, why."""

    date: str
    reason: str | None = None


@dataclass(frozen=True)
class CollectionPlan:
    """What is expected: `bidders` are those still evaluated; `withdrawn` those who withdrew."""

    assignments: Sequence[Assignment]
    bidders: Sequence[str]
    criteria: Sequence[str]
    scales: Mapping[str, NamedScale | RangeScale]
    returns_folder: str = "returns/"
    withdrawn: Mapping[str, Withdrawal] = field(default_factory=dict)


@dataclass(frozen=True)
class AcceptedScore:
    evaluator: str
    bidder: str
    criterion: str
    score: float
    rationale: str
    file: str
    sha256: str


@dataclass(frozen=True)
class SetAside:
    """A bidder an evaluator declared a conflict for; whatever they scored does not count."""

    evaluator: str
    bidder: str
    scores_entered: int
    file: str
    sha256: str
    place: Place


@dataclass(frozen=True)
class WithdrawnScores:
    """Scores a return holds for a bidder who has since withdrawn: read, never counted."""

    evaluator: str
    bidder: str
    scores_entered: int
    file: str
    sha256: str
    withdrawn: str
    reason: str | None


@dataclass(frozen=True)
class ReturnStatus:
    file: str
    sha256: str | None
    evaluator: str | None
    status: Literal["accepted", "duplicate", "rejected"]
    detail: str


@dataclass(frozen=True)
class Tally:
    """How far one evaluator's scoring got: expected (after conflicts) and accepted."""

    evaluator: str
    name: str
    expected: int
    accepted: int
    returned: bool

    @property
    def missing(self) -> int:
        return self.expected - self.accepted


@dataclass(frozen=True)
class Collection:
    """The outcome of collection: what counts, what was set aside, what is wrong."""

    scores: tuple[AcceptedScore, ...] = ()
    set_aside: tuple[SetAside, ...] = ()
    withdrawn: tuple[WithdrawnScores, ...] = ()
    returns: tuple[ReturnStatus, ...] = ()
    tallies: tuple[Tally, ...] = ()
    problems: tuple[Finding, ...] = ()
    notes: tuple[Finding, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.problems


@dataclass
class _Draft:
    """The collection while `collect` builds it."""

    scores: list[AcceptedScore] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    withdrawn: list[WithdrawnScores] = field(default_factory=list)
    returns: list[ReturnStatus] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)


def _where(file: str, place: Place | None) -> Location:
    if place is None:
        return Location(file=file)
    return Location(file=file, sheet=place.sheet, cell=place.cell, path=place.name)


def _finding(file: str, place: Place | None, flaw: Flaw) -> Finding:
    return Finding(_where(file, place), flaw.rule, flaw.message)


def _pick_counted(
    returned: Sequence[ReturnedScores], out: _Draft
) -> dict[str, list[ReturnedScores]]:
    """One return per evaluator and workbook; identical copies are noted, differing copies
    all refused. A workbook is known by its evaluator and the bidders it was issued for."""
    by_workbook: dict[tuple[str, frozenset[str]], list[ReturnedScores]] = {}
    for item in returned:
        by_workbook.setdefault((item.evaluator, frozenset(item.bidders)), []).append(item)
    counted: dict[str, list[ReturnedScores]] = {}
    for (evaluator, _), copies in by_workbook.items():
        first = copies[0]
        if all(c.fingerprint() == first.fingerprint() for c in copies[1:]):
            counted.setdefault(evaluator, []).append(first)
            out.returns.append(ReturnStatus(first.file, first.sha256, evaluator, "accepted", ""))
            for copy in copies[1:]:
                detail = f"identical to {first.file}; counted once"
                out.notes.append(Finding(Location(file=copy.file), "duplicate-identical", detail))
                out.returns.append(
                    ReturnStatus(copy.file, copy.sha256, evaluator, "duplicate", detail)
                )
            continue
        files = ", ".join(c.file for c in copies)
        for copy in copies:
            detail = (
                f"evaluator {evaluator} returned more than one workbook with different content "
                f"({files}); none is counted until the wrong ones are removed from returns/"
            )
            out.problems.append(Finding(Location(file=copy.file), "returned-twice", detail))
            out.returns.append(ReturnStatus(copy.file, copy.sha256, evaluator, "rejected", detail))
    return counted


def _set_aside_withdrawn(
    plan: CollectionPlan, assignment: Assignment, ret: ReturnedScores, out: _Draft
) -> None:
    """Record what a return holds for bidders who withdrew after it was issued."""
    for bidder in ret.bidders:
        withdrawal = plan.withdrawn.get(bidder)
        if withdrawal is None:
            continue
        entered = sum(
            1 for (b, _), reading in ret.scores.items() if b == bidder and is_entered(reading.entry)
        )
        out.withdrawn.append(
            WithdrawnScores(
                ret.evaluator,
                bidder,
                entered,
                ret.file,
                ret.sha256,
                withdrawal.date,
                withdrawal.reason,
            )
        )
        out.notes.append(
            Finding(
                Location(file=ret.file),
                "bidder-withdrawn",
                f"bidder {bidder} withdrew on {withdrawal.date}; evaluator {ret.evaluator}'s "
                f"scores for {bidder} are set aside ({entered} entered)",
            )
        )


def _covering(
    assignment: Assignment, workbooks: Sequence[ReturnedScores], out: _Draft
) -> dict[str, ReturnedScores]:
    """Which counted workbook each allocated bidder is read from; a bidder in two of the
    evaluator's workbooks is read from neither, and each is a problem."""
    holders: dict[str, list[ReturnedScores]] = {}
    for ret in workbooks:
        for bidder in ret.bidders:
            if bidder in assignment.bidders:
                holders.setdefault(bidder, []).append(ret)
    covering: dict[str, ReturnedScores] = {}
    for bidder, rets in holders.items():
        if len(rets) == 1:
            covering[bidder] = rets[0]
            continue
        files = ", ".join(r.file for r in rets)
        for ret in rets:
            out.problems.append(
                Finding(
                    Location(file=ret.file),
                    "scored-twice",
                    f"evaluator {assignment.evaluator} scored bidder {bidder} in two workbooks "
                    f"({files}); neither counts for {bidder} until one is removed from returns/",
                )
            )
    return covering


def _judge_return(
    plan: CollectionPlan,
    assignment: Assignment,
    ret: ReturnedScores,
    out: _Draft,
    bidders: Sequence[str],
) -> tuple[int, set[str]]:
    """Judge one counted return for bidders; returns (scores accepted, bidders set aside
    for conflict)."""
    accepted = 0
    conflicted: set[str] = set()
    # The payload was checked against the plan, so every key is there; a gap reads as missing.
    missing = Reading(Entry(present=False), Place(name="?"))
    for bidder in bidders:
        decl_reading = ret.declarations.get(bidder, missing)
        declaration = judge_declaration(decl_reading.entry)
        pairs = [(bidder, c) for c in assignment.criteria]
        if declaration is Declaration.CONFLICT:
            conflicted.add(bidder)
            entered = sum(1 for p in pairs if p in ret.scores and is_entered(ret.scores[p].entry))
            out.set_aside.append(
                SetAside(ret.evaluator, bidder, entered, ret.file, ret.sha256, decl_reading.place)
            )
            out.notes.append(
                Finding(
                    _where(ret.file, decl_reading.place),
                    "conflict-declared",
                    f"evaluator {ret.evaluator} declared a conflict of interest for bidder {bidder}; "
                    f"their scores for {bidder} are set aside ({entered} entered)",
                )
            )
            continue
        blocked = isinstance(declaration, Flaw)
        counted_here = 0
        for pair in pairs:
            score_reading = ret.scores.get(pair, missing)
            score = judge_score(score_reading.entry, plan.scales[pair[1]])
            if isinstance(score, Flaw):
                out.problems.append(_finding(ret.file, score_reading.place, score))
                continue
            rationale_reading = ret.rationales.get(pair, missing)
            rationale = judge_rationale(rationale_reading.entry)
            if isinstance(rationale, Flaw):
                out.problems.append(_finding(ret.file, rationale_reading.place, rationale))
                continue
            if blocked:
                counted_here += 1
                continue
            accepted += 1
            out.scores.append(
                AcceptedScore(
                    ret.evaluator, bidder, pair[1], score, rationale, ret.file, ret.sha256
                )
            )
        if isinstance(declaration, Flaw):
            held = (
                f" ({counted_here} otherwise valid score(s) for {bidder} held back)"
                if counted_here
                else ""
            )
            out.problems.append(
                Finding(
                    _where(ret.file, decl_reading.place),
                    declaration.rule,
                    declaration.message + held,
                )
            )
    return accepted, conflicted


def collect(
    plan: CollectionPlan,
    returned: Sequence[ReturnedScores],
    refused: Sequence[RefusedReturn],
    notes: Sequence[Finding] = (),
) -> Collection:
    """Decide which scores count and what is wrong or missing (see the module docstring).

    notes are what was found before any return was read (files in returns/ not collected);
    they come first among the collection's notes.
    """
    out = _Draft(notes=list(notes))
    for item in refused:
        out.problems.append(Finding(_where(item.file, item.place), item.rule, item.message))
        out.returns.append(
            ReturnStatus(item.file, item.sha256, item.evaluator, "rejected", item.message)
        )
    for authentic in returned:
        out.notes += [
            Finding(Location(file=authentic.file), "names-changed", n) for n in authentic.notes
        ]
    counted = _pick_counted(returned, out)
    conflicts: dict[str, set[str]] = {}
    for assignment in plan.assignments:
        workbooks = counted.get(assignment.evaluator, [])
        expected_all = len(assignment.bidders) * len(assignment.criteria)
        if not workbooks and not expected_all:
            # Every bidder allocated to them withdrew: nothing is expected, nothing missing.
            out.tallies.append(Tally(assignment.evaluator, assignment.name, 0, 0, False))
            continue
        if not workbooks:
            rejected = [r.file for r in out.returns if r.evaluator == assignment.evaluator]
            why = f" ({', '.join(rejected)} could not be counted)" if rejected else ""
            out.problems.append(
                Finding(
                    Location(file=plan.returns_folder),
                    "no-return",
                    f"no accepted return from evaluator {assignment.evaluator} ({assignment.name}){why}; "
                    f"{expected_all} score(s) expected",
                )
            )
            out.tallies.append(Tally(assignment.evaluator, assignment.name, expected_all, 0, False))
            continue
        covering = _covering(assignment, workbooks, out)
        accepted, conflicted = 0, set()
        for ret in workbooks:
            _set_aside_withdrawn(plan, assignment, ret, out)
            mine = [b for b in assignment.bidders if covering.get(b) is ret]
            got, declared = _judge_return(plan, assignment, ret, out, mine)
            accepted += got
            conflicted |= declared
        _uncovered(assignment, workbooks, covering, out, plan.returns_folder)
        conflicts[assignment.evaluator] = conflicted
        expected = (len(assignment.bidders) - len(conflicted)) * len(assignment.criteria)
        out.tallies.append(Tally(assignment.evaluator, assignment.name, expected, accepted, True))
    _check_coverage(plan, conflicts, out)
    order_b = {b: i for i, b in enumerate(plan.bidders)}
    order_c = {c: i for i, c in enumerate(plan.criteria)}
    order_e = {a.evaluator: i for i, a in enumerate(plan.assignments)}
    out.scores.sort(key=lambda s: (order_b[s.bidder], order_c[s.criterion], order_e[s.evaluator]))
    out.returns.sort(key=lambda r: r.file)
    return Collection(
        scores=tuple(out.scores),
        set_aside=tuple(out.set_aside),
        withdrawn=tuple(out.withdrawn),
        returns=tuple(out.returns),
        tallies=tuple(out.tallies),
        problems=tuple(out.problems),
        notes=tuple(out.notes),
    )


def _uncovered(
    assignment: Assignment,
    workbooks: Sequence[ReturnedScores],
    covering: Mapping[str, ReturnedScores],
    out: _Draft,
    folder: str,
) -> None:
    """An allocated bidder none of the evaluator's returned workbooks covers (a bidder added
    after issue, whose supplementary workbook has not come back)."""
    held = {b for ret in workbooks for b in ret.bidders}
    for bidder in assignment.bidders:
        if bidder in covering or bidder in held:
            continue  # read, or in two workbooks (already a problem)
        out.problems.append(
            Finding(
                Location(file=folder),
                "bidder-not-returned",
                f"no accepted return from evaluator {assignment.evaluator} ({assignment.name}) "
                f"covers bidder {bidder}; {len(assignment.criteria)} score(s) expected (a bidder "
                "added after issue is scored in a supplementary workbook)",
            )
        )


def _check_coverage(plan: CollectionPlan, conflicts: Mapping[str, set[str]], out: _Draft) -> None:
    """A criterion for a bidder that only conflicted evaluators were allocated is unscoreable."""
    # As sets, once: tested per bidder and criterion, tuples made this bidders² × criteria.
    allocations = [(a.evaluator, set(a.bidders), set(a.criteria)) for a in plan.assignments]
    for bidder in plan.bidders:
        for criterion in plan.criteria:
            allocated = [
                evaluator
                for evaluator, bidders, criteria in allocations
                if bidder in bidders and criterion in criteria
            ]
            if allocated and all(bidder in conflicts.get(e, set()) for e in allocated):
                out.problems.append(
                    Finding(
                        Location(file=plan.returns_folder),
                        "no-unconflicted-evaluator",
                        f"every evaluator allocated {criterion} declared a conflict for bidder {bidder} "
                        f"({', '.join(allocated)}); allocate another evaluator",
                    )
                )
