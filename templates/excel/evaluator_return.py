"""Reading a returned evaluator workbook: is it ours, authentic and unchanged, and what was entered.

`read_return` takes the file's bytes and either refuses the file as a whole (not a
workbook, hostile, not ours, wrong tender, signature mismatch, unknown evaluator, issued
for a different set-up, changed criterion text or re-pointed names: `return_checks`) or
returns the declarations, scores and rationales as plain values for `scoring.collection`
to judge. Everything is found through workbook-level defined names, never by position
(`named_cells`). The archive is checked before parsing; openpyxl reads in read-only mode
and never writes.
"""

from __future__ import annotations

import io
import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from pydantic import ValidationError

from tenderkit.hashing import file_sha256
from tenderkit.scoring.collection import Place, Reading, RefusedReturn, ReturnedScores
from tenderkit.scoring.entries import Entry
from tenderkit.templates.excel.evaluator_issue import META_NAME
from tenderkit.templates.excel.evaluator_layout import payload_from_rows
from tenderkit.templates.excel.evaluator_payload import (
    IssuedWorkbook,
    differences,
    name_changes,
    signature_matches,
    with_names_of,
)
from tenderkit.templates.excel.named_cells import NamedCells
from tenderkit.templates.excel.return_checks import (
    Tampered,
    check_foreign_names,
    check_names,
    check_text,
)
from tenderkit.templates.opc.archive import HostileFile, ZipLimits, check_archive

ExpectedIssue = Callable[[str, str], IssuedWorkbook | None]


@dataclass(frozen=True)
class Expectations:
    """What a return must match: this tender, this workspace's secret, what was issued.

    `expected_issue(evaluator_id, issued_at)` rebuilds the payload the workspace would issue
    to that evaluator at that time, or None if tender.yaml has no such evaluator.
    """

    reference: str
    secret: bytes
    expected_issue: ExpectedIssue
    limits: ZipLimits = field(default_factory=ZipLimits)


class _Refused(Exception):
    def __init__(
        self, rule: str, message: str, place: Place | None = None, evaluator: str | None = None
    ):
        super().__init__(message)
        self.rule, self.message, self.place, self.evaluator = rule, message, place, evaluator


def read_return(file: str, data: bytes, expect: Expectations) -> ReturnedScores | RefusedReturn:
    """Read one return (see the module docstring); file is how messages name it."""
    sha256 = file_sha256(data)
    try:
        check_archive(data, expect.limits)
    except HostileFile as exc:
        return RefusedReturn(file, sha256, exc.rule, str(exc))
    try:
        with warnings.catch_warnings():
            # Real returns carry extensions openpyxl does not model; they are not our concern.
            warnings.simplefilter("ignore")
            workbook = load_workbook(
                io.BytesIO(data), read_only=True, data_only=False, keep_links=False
            )
            try:
                return _read(file, sha256, NamedCells(workbook), expect)
            finally:
                workbook.close()
    except _Refused as refused:
        return RefusedReturn(
            file, sha256, refused.rule, refused.message, refused.place, refused.evaluator
        )
    except Exception as exc:
        return RefusedReturn(file, sha256, *_explain_parse_failure(exc))


def _explain_parse_failure(exc: BaseException) -> tuple[str, str]:
    # openpyxl wraps parser errors in its own ValueError; look down the chain for defusedxml's.
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return (
                "hostile-file",
                "refused: it declares XML entities or a DTD (a possible XML bomb)",
            )
        cause = cause.__cause__ or cause.__context__
    detail = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
    return "not-a-workbook", f"cannot be read as an .xlsx workbook ({detail})"


def _read(file: str, sha256: str, book: NamedCells, expect: Expectations) -> ReturnedScores:
    issued = _authentic_payload(book, expect)
    expected = expect.expected_issue(issued.evaluator_id, issued.issued_at)
    changes = name_changes(issued, expected) if expected is not None else []
    notes = tuple(
        f"issued with {c}; names do not affect scoring, the return counts" for c in changes
    )
    spans = {name: book.span(name) for name in issued.names()}
    book.load(s for s in spans.values() if s is not None)  # one pass per sheet for everything
    try:
        check_foreign_names(book.names(), issued)
        check_text(book, issued, spans)
        check_names(issued, spans)
    except Tampered as exc:
        raise _Refused("tampered", exc.message, exc.place, issued.evaluator_id) from None
    declarations: dict[str, Reading] = {}
    scores: dict[tuple[str, str], Reading] = {}
    rationales: dict[tuple[str, str], Reading] = {}

    def reading(name: str) -> Reading:
        span = spans[name]
        # Each value is a single cell: a name now pointing at a range is treated as broken.
        if span is None or not span.is_cell:
            return Reading(Entry(present=False), Place(name))
        return Reading(book.entry(span), Place(name, span.sheet, span.first_cell()))

    for bidder in issued.bidders:
        declarations[bidder.id] = reading(bidder.declaration.name)
    for pair in issued.allocation:
        key = (pair.bidder, pair.criterion)
        scores[key] = reading(pair.score.name)
        rationales[key] = reading(pair.rationale.name)
    return ReturnedScores(
        file=file,
        sha256=sha256,
        evaluator=issued.evaluator_id,
        issued_at=issued.issued_at,
        declarations=declarations,
        scores=scores,
        rationales=rationales,
        notes=notes,
    )


def _authentic_payload(book: NamedCells, expect: Expectations) -> IssuedWorkbook:
    """The signed payload, once it is shown to be ours, this tender's and as issued now."""
    meta = book.span(META_NAME)
    if meta is None or meta.max_col - meta.min_col != 1:
        raise _Refused(
            "not-ours",
            f"not a tenderkit evaluator workbook (it has no {META_NAME} metadata); was the right file returned?",
        )
    book.load([meta])
    rows = [(str(k or ""), str(v or "")) for k, v in book.values(meta)]
    stored = payload_from_rows(rows)
    if stored is None:
        raise _Refused(
            "not-ours",
            "the tenderkit metadata is incomplete; it is not a workbook issued by tenderkit",
        )
    canonical, signature = stored
    try:
        loose = json.loads(canonical)
    except json.JSONDecodeError:
        loose = None
    reference = loose.get("tender_reference") if isinstance(loose, dict) else None
    evaluator = loose.get("evaluator_id") if isinstance(loose, dict) else None
    evaluator = evaluator if isinstance(evaluator, str) else None
    if isinstance(reference, str) and reference != expect.reference:
        raise _Refused(
            "wrong-tender",
            f"issued for tender {reference}, not {expect.reference}; it belongs to another workspace",
        )  # its evaluator id is another tender's, so it is not attributed to anyone here
    if not signature_matches(canonical, signature, expect.secret):
        raise _Refused(
            "tampered",
            "the signature over what was issued does not match: the hidden metadata was changed, "
            "or the workbook was issued from another copy of this workspace",
            Place(META_NAME),
            evaluator,
        )
    try:
        issued = IssuedWorkbook.model_validate(loose)
    except ValidationError:
        raise _Refused(
            "not-ours", "the signed metadata is in a format this version cannot read"
        ) from None
    expected = expect.expected_issue(issued.evaluator_id, issued.issued_at)
    if expected is None:
        raise _Refused(
            "unknown-evaluator",
            f"issued to evaluator {issued.evaluator_id} ({issued.evaluator_name}), who is not in tender.yaml",
            evaluator=issued.evaluator_id,
        )
    if with_names_of(issued, expected) != expected:
        raise _Refused(
            "issued-for-other-setup",
            f"issued at {issued.issued_at} for a set-up tender.yaml no longer describes "
            f"({'; '.join(differences(issued, expected))}); issue a fresh workbook to {issued.evaluator_id}",
            evaluator=issued.evaluator_id,
        )
    return issued
