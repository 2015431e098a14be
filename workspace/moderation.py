"""Reading the completed moderation workbook back: the consensus record `tender compare` uses.

`read_moderation` takes `DIR/moderation.xlsx` through these steps, in order:
1. bytes read within the size limit, the archive checked, the workbook opened read-only;
2. the signed metadata: this tender's (a workbook from another tender is refused), signed
   by this workspace, issued for the rubric pinned and the bidders and criteria tender.yaml
   describes, from the `collected.json` the workspace holds now;
3. every locked score, rationale and criterion text compared with what was issued, and
   the names shown to be where they belong (`templates.excel.moderation_return`);
4. each consensus judged against its criterion's scale, and each note against the
   moderation rules (`scoring.moderation`): required where the row was flagged or the
   consensus moved off the rounded mean;
5. the notes linted (`scoring.note_lint`): warnings, which never refuse the record.
Steps 3 and 4 report every problem at once, one line each naming sheet, cell and name:
`ModerationTampered` (an `IntegrityError`) for step 3, `ModerationInvalid` (an
`InputError`) for step 4. Other failures raise one `InputError`/`IntegrityError`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tenderkit.errors import InputError, IntegrityError, Location, NotFoundError, TenderkitError
from tenderkit.findings import Finding
from tenderkit.hashing import file_sha256
from tenderkit.rubrics.scale import NamedScale, RangeScale
from tenderkit.scoring.collection import Place, RefusedReturn
from tenderkit.scoring.entries import Entry, Flaw
from tenderkit.scoring.moderation import (
    ModerationRow,
    judge_consensus,
    judge_note,
    moderation_row,
)
from tenderkit.scoring.note_lint import NamedBidder, NoteWarning, lint_notes
from tenderkit.signing import signature_matches
from tenderkit.templates.excel.evaluator_issue import META_NAME
from tenderkit.templates.excel.evaluator_return import ReturnRefused, open_return
from tenderkit.templates.excel.moderation_payload import ModerationLine, ModerationWorkbook
from tenderkit.templates.excel.moderation_return import (
    read_moderation_cells,
    stored_moderation_payload,
)
from tenderkit.templates.opc.archive import ZipLimits
from tenderkit.workspace.folder import read_secret
from tenderkit.workspace.returns import read_bounded
from tenderkit.workspace.tender import OpenTender

Pair = tuple[str, str]


@dataclass(frozen=True)
class CellPlace:
    """Where a value was read: its defined name, sheet and cell."""

    name: str
    sheet: str
    cell: str


@dataclass(frozen=True)
class PlacedNoteWarning:
    """A note-lint warning and the note's cell."""

    warning: NoteWarning
    place: CellPlace

    def __str__(self) -> str:
        where = f"sheet {self.place.sheet!r} cell {self.place.cell} ({self.place.name})"
        return f"{where}: [{self.warning.rule}] {self.warning.message}"


@dataclass(frozen=True)
class ModerationRecord:
    """The panel's consensus as read from moderation.xlsx, with where each value was found."""

    file: str
    sha256: str
    hmac_sha256: str
    collected_sha256: str
    rows: tuple[ModerationRow, ...]
    consensus: Mapping[Pair, float]
    notes: Mapping[Pair, str]
    scores: Mapping[Pair, Mapping[str, float]]
    consensus_places: Mapping[Pair, CellPlace]
    note_places: Mapping[Pair, CellPlace]
    #: The evaluated bidders, whom a note must not compare its bid with.
    bidders: tuple[NamedBidder, ...]

    def placed(self, warnings: Iterable[NoteWarning]) -> tuple[PlacedNoteWarning, ...]:
        """Note-lint warnings on these notes, each with its note's cell."""
        return tuple(
            PlacedNoteWarning(w, self.note_places[(w.bidder, w.criterion)]) for w in warnings
        )

    @functools.cached_property
    def warnings(self) -> tuple[PlacedNoteWarning, ...]:
        """The note lint's warnings, at their notes' cells; linted when first asked for
        (comparison has the core's own lint of the same notes and places that instead)."""
        notes = [(bidder, criterion, note) for (bidder, criterion), note in self.notes.items()]
        return self.placed(lint_notes(notes, self.bidders))

    def note_cells(self) -> dict[Pair, tuple[str, str]]:
        """(sheet, cell) of every note cell, as `scoring.results.results_document` takes them."""
        return {pair: (p.sheet, p.cell) for pair, p in self.note_places.items()}


class _Listed:
    findings: tuple[Finding, ...]


def _listing(findings: Sequence[Finding], what: str) -> tuple[str, Location | None]:
    if len(findings) == 1:
        only = findings[0]
        return f"[{only.rule}] {only.message}", only.location
    lines = "\n".join(f"  {f}" for f in findings)
    return f"{len(findings)} problems {what}:\n{lines}", None


class ModerationInvalid(InputError, _Listed):
    """Consensus scores or notes that cannot stand; `findings` lists every one."""

    def __init__(self, file: str, findings: Sequence[Finding]) -> None:
        message, location = _listing(findings, "in the consensus record")
        super().__init__(message, location or Location(file=file))
        self.findings = tuple(findings)


class ModerationTampered(IntegrityError, _Listed):
    """Locked content or names changed after issue; `findings` lists every place."""

    def __init__(self, file: str, findings: Sequence[Finding]) -> None:
        message, location = _listing(findings, "show the workbook was changed after issue")
        super().__init__(
            message,
            location or Location(file=file),
            hint="restore the issued cells, or reissue with `tender moderate --reissue`",
        )
        self.findings = tuple(findings)


def _where(file: str, place: Place) -> Location:
    return Location(file=file, sheet=place.sheet, cell=place.cell, path=place.name)


def _authentic(
    tender: OpenTender, file: str, canonical: str, signature: str, secret: bytes
) -> ModerationWorkbook:
    expected = tender.config.reference
    issued: ModerationWorkbook | None = None
    if signature_matches(canonical, signature, secret):
        try:  # parsed and validated in one pass: the payload of a large tender is megabytes
            issued = ModerationWorkbook.model_validate_json(canonical)
        except ValidationError:
            issued = None
        if issued is not None and issued.tender_reference == expected:
            return issued
    # Refused: say whose workbook it is when the stored payload names another tender.
    try:
        loose: Any = json.loads(canonical)
    except json.JSONDecodeError:
        loose = None
    reference = loose.get("tender_reference") if isinstance(loose, dict) else None
    if isinstance(reference, str) and reference != expected:
        raise InputError(
            f"issued for tender {reference}, not {expected}: it is another tender's moderation "
            "workbook",
            Location(file=file),
        )
    if not signature_matches(canonical, signature, secret):
        raise IntegrityError(
            "the signature over what was issued does not match: the hidden metadata was changed, "
            "or the workbook was issued from another copy of this workspace",
            Location(file=file, path=META_NAME),
        )
    raise InputError(
        "the signed metadata is not a moderation workbook this version can read",
        Location(file=file),
    )


def _check_setup(tender: OpenTender, issued: ModerationWorkbook, file: str) -> None:
    """The workbook must be for the tender as it stands and the scores collected now."""
    changes: list[str] = []
    if issued.rubric_hash != tender.rubric_hash:
        changes.append(f"rubric hash {issued.rubric_hash} (pinned {tender.rubric_hash})")
    bidders = [b.id for b in tender.config.evaluated_bidders()]
    if [b.id for b in issued.bidders] != bidders:
        changes.append(
            f"bidders {', '.join(b.id for b in issued.bidders)} (now {', '.join(bidders)})"
        )
    criteria = [c.id for _, c in tender.rubric.criteria()]
    if [c.id for c in issued.criteria] != criteria:
        changes.append("the rubric's criteria")
    if changes:
        raise IntegrityError(
            f"issued for a set-up tender.yaml no longer describes ({'; '.join(changes)})",
            Location(file=file),
            hint="reissue it with `tender moderate --reissue`",
        )
    collected = tender.workspace.collected_json
    now = file_sha256(collected.read_bytes()) if collected.is_file() else None
    if now != issued.collected_sha256:
        raise IntegrityError(
            f"issued from collected scores (sha256 {issued.collected_sha256}) that are no longer "
            f"the workspace's {tender.workspace.label(collected)} "
            f"({'missing' if now is None else 'sha256 ' + now}); the scores were collected again",
            Location(file=file),
            hint="reissue it with `tender moderate --reissue` so the panel moderates the scores that count",
        )


def _row(
    line: ModerationLine, issued: ModerationWorkbook, scale: NamedScale | RangeScale
) -> ModerationRow | None:
    if not line.scores:
        return None
    return moderation_row(
        line.bidder,
        line.criterion,
        {s.evaluator: s.score for s in line.scores},
        spread_threshold=issued.spread_threshold,
        scale_step=scale.step,
        scale_min=scale.minimum,
    )


def _note_text(entry: Entry) -> str | Flaw:
    """The note as written ("" when empty), or the flaw when the cell cannot hold one."""
    if not entry.present:
        return Flaw(
            "name-missing",
            "the note cell's defined name is missing or no longer points at a cell (was its row "
            "deleted?); restore it or reissue the workbook",
        )
    if entry.formula:
        return Flaw(
            "note-formula",
            f"holds a formula ({entry.value}); write the note as text (start it with an apostrophe)",
        )
    if entry.error is not None:
        return Flaw("note-invalid", f"holds the error {entry.error}, not a note")
    if entry.value is None:
        return ""
    if not isinstance(entry.value, str):
        return Flaw("note-invalid", f"holds {entry.value!r}, not a written note")
    return entry.value.strip()


def _cell_place(place: Place) -> CellPlace:
    return CellPlace(place.name, place.sheet or "", place.cell or "")


def signed_payload(path: Path, label: str, secret: bytes) -> str:
    """The signature a moderation workbook carries, once shown to sign its stored payload.

    For `tender audit verify`: the moderator edits the file in place, so its hash changes,
    but the signed payload (everything issued) must still be what was issued.
    """
    limits = ZipLimits()
    data = read_bounded(path, label, limits.max_file_bytes)
    if isinstance(data, RefusedReturn):
        raise IntegrityError(data.message, Location(file=label))
    try:
        with open_return(data, limits) as book:
            canonical, signature = stored_moderation_payload(book)
    except ReturnRefused as refused:
        raise IntegrityError(refused.message, Location(file=label)) from None
    if not signature_matches(canonical, signature, secret):
        raise IntegrityError(
            "the signature over what was issued does not match: the hidden metadata was changed",
            Location(file=label, path=META_NAME),
        )
    return signature.strip().lower()


def read_moderation(tender: OpenTender, *, limits: ZipLimits | None = None) -> ModerationRecord:
    """The consensus record in DIR/moderation.xlsx (see the module docstring)."""
    workspace = tender.workspace
    path = workspace.moderation_xlsx
    file = workspace.label(path)
    if not path.is_file():
        raise NotFoundError(
            "no moderation workbook",
            Location(file=file),
            hint=f"run `tender moderate {workspace.root}`",
        )
    limits = limits or ZipLimits()
    data = read_bounded(path, file, limits.max_file_bytes)
    if isinstance(data, RefusedReturn):
        raise InputError(data.message, Location(file=file))
    secret = read_secret(workspace)
    refusal: TenderkitError | None = None
    try:
        with open_return(data, limits) as book:
            canonical, signature = stored_moderation_payload(book)
            try:
                issued = _authentic(tender, file, canonical, signature, secret)
                _check_setup(tender, issued, file)
            except TenderkitError as exc:
                # open_return explains any other failure as an unreadable file; not this one.
                refusal = exc
            else:
                cells = read_moderation_cells(book, issued)
    except ReturnRefused as refused:
        where = _where(file, refused.place) if refused.place else Location(file=file)
        raise InputError(refused.message, where) from None
    if refusal is not None:
        raise refusal
    if cells.tampering:
        raise ModerationTampered(
            file, [Finding(_where(file, t.place), "tampered", t.message) for t in cells.tampering]
        )
    scales = {c.id: tender.rubric.scale_for(c) for _, c in tender.rubric.criteria()}
    problems: list[Finding] = []
    rows: list[ModerationRow] = []
    consensus: dict[Pair, float] = {}
    notes: dict[Pair, str] = {}
    consensus_places: dict[Pair, CellPlace] = {}
    note_places: dict[Pair, CellPlace] = {}
    for line in issued.lines:
        pair = (line.bidder, line.criterion)
        row = _row(line, issued, scales[line.criterion])
        if row is not None:
            rows.append(row)
        c_read, n_read = cells.consensus[pair], cells.notes[pair]
        consensus_places[pair] = _cell_place(c_read.place)
        note_places[pair] = _cell_place(n_read.place)
        judged = judge_consensus(c_read.entry, scales[line.criterion])
        if isinstance(judged, Flaw):
            problems.append(Finding(_where(file, c_read.place), judged.rule, judged.message))
        note = _note_text(n_read.entry)
        if isinstance(note, Flaw):
            problems.append(Finding(_where(file, n_read.place), note.rule, note.message))
            continue
        if note:
            notes[pair] = note
        if isinstance(judged, Flaw):
            continue
        consensus[pair] = judged
        if row is None:
            missing = (
                None
                if note
                else Flaw(
                    "note-missing",
                    "no evaluator score was collected for this row, so the moderation note must "
                    "say how the panel reached its score",
                )
            )
        else:
            missing = judge_note(row, judged, note)
        if missing is not None:
            problems.append(Finding(_where(file, n_read.place), missing.rule, missing.message))
    if problems:
        raise ModerationInvalid(file, problems)
    return ModerationRecord(
        file=file,
        sha256=file_sha256(data),
        hmac_sha256=signature.strip().lower(),
        collected_sha256=issued.collected_sha256,
        rows=tuple(rows),
        consensus=consensus,
        notes=notes,
        scores={
            (ln.bidder, ln.criterion): {s.evaluator: s.score for s in ln.scores}
            for ln in issued.lines
        },
        consensus_places=consensus_places,
        note_places=note_places,
        bidders=tuple(NamedBidder(b.id, b.name) for b in tender.config.evaluated_bidders()),
    )
