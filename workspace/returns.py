"""Which files in returns/ count: one pipeline, each decision made once, in order.

1. files found (`find_returns`): only regular .xlsx files directly in returns/; anything
   else (hidden files, lock files, folders, pipes) is noted, never silently skipped;
2. bytes read, never more than the limit (`read_bounded`);
3. archive checked and workbook opened (`templates.excel.evaluator_return.open_return`);
4. signature and set-up compared (`_authentic`): ours, this tender's, signed by this
   workspace, issued to an evaluator tender.yaml still has, for the set-up it still
   describes (for the bidders the return covers: one who withdrew since, or one added
   since, does not change it); the expected issue is built once per return;
5. named cells read and the workbook shown to be as issued (`read_entries`);
6. scores judged, across all returns (`scoring.collection.collect`, called by `collect`).
Steps 2–5 give either the return's readings or a `RefusedReturn` naming the file.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from tenderkit.errors import InputError, Location
from tenderkit.findings import Finding
from tenderkit.hashing import file_sha256
from tenderkit.scoring.collection import Place, RefusedReturn, ReturnedScores
from tenderkit.signing import signature_matches
from tenderkit.templates.excel.evaluator_issue import META_NAME
from tenderkit.templates.excel.evaluator_payload import (
    IssuedWorkbook,
    differences,
    name_changes,
    with_names_of,
)
from tenderkit.templates.excel.evaluator_return import (
    ReturnRefused,
    open_return,
    read_entries,
    stable_detail,
    stored_payload,
)
from tenderkit.templates.opc.archive import ZipLimits

ExpectedIssue = Callable[[str, str, Sequence[str]], IssuedWorkbook | None]


@dataclass(frozen=True)
class Expectations:
    """What a return must match: this tender, this workspace's secret, what was issued.

    `expected_issue(evaluator_id, issued_at, bidder_ids)` builds the payload the workspace
    would issue to that evaluator at that time for those of the bidders it still allocates
    them (a bidder who has since withdrawn included), or None if tender.yaml has no such
    evaluator. The bidder ids are the return's own, so a workbook issued before a bidder
    was added, or a supplementary workbook for one bidder, matches as issued.
    """

    reference: str
    secret: bytes
    expected_issue: ExpectedIssue
    limits: ZipLimits = field(default_factory=ZipLimits)


def find_returns(
    returns_dir: Path, label: Callable[[Path], str]
) -> tuple[list[Path], list[Finding]]:
    """The .xlsx files to collect, and notes on anything else found in returns/."""
    workbooks: list[Path] = []
    notes: list[Finding] = []
    try:
        found = sorted(returns_dir.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise InputError(
            f"the returns folder cannot be read ({exc.strerror or type(exc).__name__})",
            Location(file=label(returns_dir)),
        ) from None
    for path in found:
        where = Location(file=label(path))
        if path.name.startswith(".~lock."):
            notes.append(
                Finding(where, "ignored", "a LibreOffice lock file (is the workbook still open?)")
            )
        elif path.name.startswith("."):
            notes.append(
                Finding(
                    where,
                    "ignored",
                    "a hidden file (its name starts with a dot), not collected; if it is a "
                    "return, rename it without the dot",
                )
            )
        elif path.is_dir():
            notes.append(
                Finding(
                    where,
                    "ignored",
                    "a folder; only .xlsx files directly in returns/ are collected",
                )
            )
        elif path.name.startswith("~$"):
            notes.append(
                Finding(where, "ignored", "an Office lock file (is the workbook still open?)")
            )
        elif path.suffix.lower() != ".xlsx":
            notes.append(
                Finding(where, "ignored", "not an .xlsx file; only .xlsx returns are collected")
            )
        elif not path.is_file():
            # Reading a pipe or device would wait or run for ever; a broken link has nothing.
            notes.append(
                Finding(where, "ignored", "not a regular file (a broken link, a pipe or a device)")
            )
        else:
            workbooks.append(path)
    return workbooks, notes


#: How much more than its stated size is read at a time from a file that keeps going.
_READ_CHUNK = 1024 * 1024


def read_bounded(path: Path, label: str, limit: int) -> bytes | RefusedReturn:
    """The file's bytes, never more than limit, even from a file whose size stat misstates.

    Reads what stat says and then on in chunks, rather than asking for limit + 1 bytes at
    once: that allocates the whole limit (20 MB) for every return, however small.
    """
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = b""
            if size <= limit:
                parts = [handle.read(size + 1)]
                read = len(parts[0])
                while parts[-1] and read <= limit:
                    parts.append(handle.read(min(_READ_CHUNK, limit + 1 - read)))
                    read += len(parts[-1])
                data = b"".join(parts)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return RefusedReturn(label, None, "unreadable", f"cannot be read ({reason})")
    if size > limit or len(data) > limit:
        return RefusedReturn(
            label,
            None,
            "hostile-file",
            f"file is {max(size, len(data)):,} bytes; returns larger than {limit:,} bytes are refused",
        )
    return data


def read_return(file: str, data: bytes, expect: Expectations) -> ReturnedScores | RefusedReturn:
    """Steps 3–5 for one file's bytes; file is how messages name it."""
    sha256 = file_sha256(data)
    try:
        with open_return(data, expect.limits) as book:
            issued, expected = _authentic(*stored_payload(book), expect)
            notes = tuple(
                f"issued with {c}; names do not affect scoring, the return counts"
                for c in name_changes(issued, expected)
            )
            return read_entries(book, issued, file=file, sha256=sha256, notes=notes)
    except ReturnRefused as refused:
        return RefusedReturn(
            file, sha256, refused.rule, refused.message, refused.place, refused.evaluator
        )


#: A signed payload is a few tens of thousands of characters; one this long is not ours.
MAX_PAYLOAD_CHARS = 4_000_000
#: How much unsigned text is parsed, only to say whose workbook failed its signature.
MAX_UNSIGNED_CHARS = 1_000_000


def _unsigned_fields(canonical: str) -> tuple[str | None, str | None]:
    """(tender reference, evaluator id) from a payload whose signature failed, if it is
    small enough to parse safely; only ever used to word the refusal."""
    if len(canonical) > MAX_UNSIGNED_CHARS:
        return None, None
    try:
        loose = json.loads(canonical)
    except (ValueError, RecursionError):
        return None, None
    if not isinstance(loose, dict):
        return None, None
    reference, evaluator = loose.get("tender_reference"), loose.get("evaluator_id")
    return (
        reference if isinstance(reference, str) else None,
        evaluator if isinstance(evaluator, str) else None,
    )


def _wrong_tender(reference: str, expect: Expectations) -> ReturnRefused:
    # Its evaluator id is another tender's, so it is not attributed to anyone here.
    return ReturnRefused(
        "wrong-tender",
        f"issued for tender {reference}, not {expect.reference}; it belongs to another workspace",
    )


def _authentic(
    canonical: str, signature: str, expect: Expectations
) -> tuple[IssuedWorkbook, IssuedWorkbook]:
    """The signed payload and what the workspace issues now, once the payload is shown to
    be ours, this tender's and issued for the set-up tender.yaml still describes.

    The signature is checked over the stored text before anything is parsed, so a payload
    built to exhaust the JSON parser is never parsed (beyond `MAX_UNSIGNED_CHARS`).
    """
    if len(canonical) > MAX_PAYLOAD_CHARS:
        raise ReturnRefused(
            "hostile-file",
            f"its metadata holds {len(canonical):,} characters, far more than tenderkit "
            "writes; refused unread",
            Place(META_NAME),
        )
    if not signature_matches(canonical, signature, expect.secret):
        reference, evaluator = _unsigned_fields(canonical)
        if reference is not None and reference != expect.reference:
            raise _wrong_tender(reference, expect)
        raise ReturnRefused(
            "tampered",
            "the signature over what was issued does not match: the hidden metadata was changed, "
            "or the workbook was issued from another copy of this workspace",
            Place(META_NAME),
            evaluator,
        )
    try:
        issued = IssuedWorkbook.model_validate_json(canonical)
    except ValidationError:
        raise ReturnRefused(
            "not-ours", "the signed metadata is in a format this version cannot read"
        ) from None
    if issued.tender_reference != expect.reference:
        raise _wrong_tender(issued.tender_reference, expect)
    expected = expect.expected_issue(
        issued.evaluator_id, issued.issued_at, [b.id for b in issued.bidders]
    )
    if expected is None:
        raise ReturnRefused(
            "unknown-evaluator",
            f"issued to evaluator {issued.evaluator_id} ({issued.evaluator_name}), who is not in tender.yaml",
            evaluator=issued.evaluator_id,
        )
    if with_names_of(issued, expected) != expected:
        raise ReturnRefused(
            "issued-for-other-setup",
            f"issued at {issued.issued_at} for a set-up tender.yaml no longer describes "
            f"({'; '.join(differences(issued, expected))}); issue a fresh workbook to {issued.evaluator_id}",
            evaluator=issued.evaluator_id,
        )
    return issued, expected


def read_returns(
    files: Iterable[Path], label: Callable[[Path], str], expect: Expectations
) -> Iterator[ReturnedScores | RefusedReturn]:
    """Steps 2–5 for each file, one at a time: only what `read_one` returns is kept.

    openpyxl leaves reference cycles behind (parsers and their element trees), which
    Python frees only at a full garbage collection; one after each file frees them then,
    so memory does not build up with the number of returns.
    """
    for path in files:
        result = read_one(path, label(path), expect)
        gc.collect()
        yield result


def read_one(path: Path, file: str, expect: Expectations) -> ReturnedScores | RefusedReturn:
    """Steps 2–5 for one file, whatever it holds: a failure no step foresaw still refuses
    this file alone, in words that are the same on every run, and the others are read."""
    data = read_bounded(path, file, expect.limits.max_file_bytes)
    if isinstance(data, RefusedReturn):
        return data
    try:
        return read_return(file, data, expect)
    except Exception as exc:  # the last line of defence: one file must not stop collection
        return RefusedReturn(
            file,
            file_sha256(data),
            "not-a-workbook",
            f"cannot be read as an .xlsx workbook ({stable_detail(exc)})",
        )
