"""Comparing the bids: `tender compare` reads the moderation and the prices, then writes
out/results.json and out/comparison.xlsx.

Everything is read and checked, and both outputs are built in memory, before anything is
written: on any bad input `ComparisonRefused` lists every problem (file and cell or row) and
a previous good results.json and comparison.xlsx stay as they were. `prices.csv` is sealed:
it is opened here and nowhere else, and only when the award uses prices (a price weight of
0 under a points formula needs none, so a prices.csv present is then not opened, and the
outcome says so).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from tenderkit import fsio
from tenderkit.auditlog import verify_chain
from tenderkit.errors import InputError, Location, NotFoundError, TenderkitError
from tenderkit.findings import Finding
from tenderkit.hashing import file_sha256
from tenderkit.scoring.inputs import Pair
from tenderkit.scoring.note_lint import NoteWarning
from tenderkit.scoring.results import (
    EvaluationResult,
    InputFile,
    WithdrawnBid,
    evaluate,
    results_document,
)
from tenderkit.templates.excel.comparison_workbook import write_comparison_workbook
from tenderkit.templates.excel.xlsx import collector_paused
from tenderkit.workspace import events
from tenderkit.workspace.award_inputs import comparison_method, evaluation_inputs, needs_prices
from tenderkit.workspace.commit import commit, workspace_step
from tenderkit.workspace.moderation import read_moderation
from tenderkit.workspace.prices import read_prices
from tenderkit.workspace.tender import (
    OpenTender,
    check_pin,
    read_pin,
    withdrawal,
    withdrawal_words,
)


class ConsensusRecord(Protocol):
    """What comparison takes from the read-back moderation workbook."""

    @property
    def file(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def hmac_sha256(self) -> str: ...
    @property
    def collected_sha256(self) -> str: ...
    @property
    def consensus(self) -> Mapping[Pair, float]: ...
    @property
    def notes(self) -> Mapping[Pair, str]: ...
    @property
    def scores(self) -> Mapping[Pair, Mapping[str, float]]: ...

    def placed(self, warnings: Iterable[NoteWarning]) -> Sequence[object]:
        """The core's note warnings, each with its note's place (printed with `str`)."""
        ...

    def note_cells(self) -> dict[Pair, tuple[str, str]]: ...


ModerationReader = Callable[[OpenTender], ConsensusRecord]


class ComparisonRefused(InputError):
    """Bad input for the comparison: every problem, one line each; nothing was written."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            f"{len(self.problems)} problem(s) in the comparison's inputs; nothing was written"
        )


@dataclass(frozen=True)
class CompareOutcome:
    result: EvaluationResult
    document: dict[str, Any]
    written: tuple[Path, ...]
    notes: tuple[str, ...]
    #: The note lint's warnings, one line each naming the note's sheet and cell.
    warnings: tuple[str, ...]


def _compare_bids(
    tender: OpenTender, now: dt.datetime, read_moderation: ModerationReader = read_moderation
) -> CompareOutcome:
    """Read the moderation and prices, decide, and write results.json and comparison.xlsx.

    `read_moderation` reads the consensus record (by default `workspace.moderation`'s
    reader of `moderation.xlsx`).
    """
    workspace = tender.workspace
    if read_pin(workspace) is None:
        raise NotFoundError(
            "no workbooks have been issued from this workspace yet, so there is nothing to compare",
            Location(file=workspace.lock_file),
            hint=f"run `tender workbooks issue {workspace.root}` first",
        )
    check_pin(tender)
    verify_chain(workspace.audit_log)
    problems: list[str] = []
    notes: list[str] = [
        f"bidder {b.id} ({b.name}) {withdrawal_words(b)}: not moderated, scored or ranked"
        for b in tender.config.withdrawn_bidders()
    ]

    collected = workspace.collected_json
    collected_label = workspace.label(collected)
    collected_sha: str | None = None
    if not collected.is_file():
        problems.append(
            f"{collected_label}: no collection to compare; run `tender collect` and "
            "`tender moderate` first"
        )
    else:
        collected_sha = file_sha256(collected.read_bytes())

    record: ConsensusRecord | None = None
    try:
        record = read_moderation(tender)
    except TenderkitError as exc:
        problems.extend(_problems(exc))
    if (
        record is not None
        and collected_sha is not None
        and record.collected_sha256 != collected_sha
    ):
        problems.append(
            f"{record.file}: it was issued from a collection (sha256 {record.collected_sha256}) "
            f"that is not the current {collected_label} (sha256 {collected_sha}); moderate the "
            f"current scores with `tender moderate {workspace.root} --reissue`"
        )

    prices: dict[str, Decimal] = {}
    prices_file: InputFile | None = None
    prices_path = workspace.prices_csv
    prices_label = workspace.label(prices_path)
    if needs_prices(tender):
        bidders = {b.id: b.name for b in tender.config.evaluated_bidders()}
        withdrawn = [b.id for b in tender.config.withdrawn_bidders()]
        price_list = read_prices(prices_path, prices_label, bidders, withdrawn)
        problems.extend(str(p) for p in price_list.problems)
        notes.extend(
            f"{prices_label}: the price given for bidder {b} is not used: {b} withdrew"
            for b in price_list.withdrawn
        )
        prices = price_list.prices
        if not price_list.problems and price_list.sha256 is not None:
            prices_file = InputFile(prices_label, price_list.sha256)
    elif prices_path.exists():
        notes.append(
            f"{prices_label} was not opened: price is weighted 0, so prices play no part in "
            "this award"
        )

    if problems or record is None or collected_sha is None:
        raise ComparisonRefused(problems)

    inputs = evaluation_inputs(
        tender,
        consensus=record.consensus,
        notes=record.notes,
        scores=record.scores,
        prices=prices,
    )
    try:
        result = evaluate(inputs)
    except InputError as exc:
        raise ComparisonRefused([str(exc)]) from None
    rubric = tender.rubric
    files = [
        _input_file(workspace.tender_file, workspace.label),
        _input_file(workspace.lock_file, workspace.label),
        InputFile(collected_label, collected_sha),
        InputFile(record.file, record.sha256),
    ]
    if prices_file is not None:
        files.append(prices_file)
    document = results_document(
        result,
        reference=tender.config.reference,
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        rubric_hash=tender.rubric_hash,
        inputs=files,
        note_places=record.note_cells(),
        withdrawn=[
            WithdrawnBid(b.id, b.name, withdrawal(b).date, b.withdrawal_reason)
            for b in tender.config.withdrawn_bidders()
        ],
    )
    # The core linted the same notes against the same bidders: place its warnings rather
    # than lint them a second time through the record.
    warnings = record.placed(result.note_warnings)
    results_text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    workbook = write_comparison_workbook(document, comparison_method(tender, result, now))

    results_bytes = results_text.encode("utf-8")
    trail: list[events.Event] = [
        events.ModerationRead(
            file=record.file,
            sha256=record.sha256,
            hmac_sha256=record.hmac_sha256,
            consensus_scores=len(record.consensus),
            note_warnings=len(warnings),
        ),
        events.ComparisonWritten(
            winner=result.winner,
            basis=result.decision.basis,
            results_json=workspace.label(workspace.results_json),
            results_sha256=file_sha256(results_bytes),
            comparison_xlsx=workspace.label(workspace.comparison_xlsx),
            comparison_sha256=file_sha256(workbook),
            inputs=[{"file": f.file, "sha256": f.sha256} for f in files],
        ),
    ]
    commit(
        workspace,
        [(workspace.results_json, results_bytes), (workspace.comparison_xlsx, workbook)],
        trail,
        now,
    )
    return CompareOutcome(
        result,
        document,
        (workspace.results_json, workspace.comparison_xlsx, workspace.audit_log),
        tuple(notes),
        tuple(str(w) for w in warnings),
    )


def _problems(exc: TenderkitError) -> list[str]:
    """One line per problem: a listing error's findings, else the error's own line."""
    findings: Sequence[Finding] = getattr(exc, "findings", ())
    if not findings:
        return [str(exc)]
    lines = [str(f) for f in findings]
    if exc.hint:
        lines[-1] += f" ({exc.hint})"
    return lines


def _input_file(path: Path, label: Callable[[Path], str]) -> InputFile:
    return InputFile(label(path), file_sha256(path.read_bytes()))


def _write(tmp: Path, data: bytes, target: Path) -> None:
    try:
        tmp.write_bytes(data)
    except OSError as exc:
        raise fsio.cannot_write(target, exc) from None


def compare_bids(
    tender: OpenTender, now: dt.datetime, read_moderation: ModerationReader = read_moderation
) -> CompareOutcome:
    """Read the moderation and prices, decide, and write results.json and comparison.xlsx.

    `read_moderation` reads the consensus record (by default `workspace.moderation`'s
    reader of `moderation.xlsx`). Holds the workspace lock; both outputs and the audit log
    change together or not at all (`workspace.commit`).
    """
    # The record read back and the decision hold hundreds of thousands of live objects at
    # national scale; the collector's full passes over them cost a tenth of comparing.
    with workspace_step(tender.workspace), collector_paused():
        return _compare_bids(tender, now, read_moderation)
