"""Where things go in an evaluator workbook, and the exact text of every protected block.

Pure functions shared by the writer and the reader: the writer puts each block's text
grid at the rows computed here; the reader rebuilds the same grid from the signed payload
and compares it with what the return holds, so a changed question or descriptor is caught
wherever the evaluator moved it. Rows and columns are 0-based.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from tenderkit.scoring.entries import format_score
from tenderkit.templates.excel.evaluator_payload import IssuedCriterion, IssuedScale

INSTRUCTIONS_SHEET = "Instructions"
DECLARATIONS_SHEET = "Declarations"
META_SHEET = "tenderkit"

#: Bidder sheets: A labels, B scores, C text (question, descriptors, rationale).
COL_LABEL, COL_SCORE, COL_TEXT = 0, 1, 2
BIDDER_WIDTHS = (20, 12, 95)
BIDDER_HEADER_ROWS = 4  # title, tender line, guidance, blank; the first three stay frozen
FROZEN_ROWS = 3

#: The longest rationale an evaluator may type (a text-length validation on the cell). A
#: printed row never grows to fit its text, so the rationale row is as tall as this many
#: characters need (`rationale_height`), and no taller: every criterion of the bundled
#: rubric, with its scale, score and a rationale of this length, prints on one page.
RATIONALE_LIMIT = 1_000
#: The share of a wrapped line that words fill, at worst, before the next word wraps.
WRAP_FILL = 0.9

#: Declarations sheet: A bidder id, B bidder name, C the declaration drop-down.
DECL_WIDTHS = (14, 44, 22)
DECL_FIRST_ROW = 4

Grid = list[list[str]]


def readable_moment(stamp: str) -> str:
    """An ISO timestamp as people read it: "1 March 2027, 09:00 UTC"."""
    moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"


def rationale_height(
    limit: int, width: float, *, chars_per_width: float, line_points: float
) -> float:
    """The row height (points) that shows a rationale of limit characters whole.

    Lines are counted as `limit` characters in a column `width` wide, each line filled to
    `WRAP_FILL` by whole words, so an ordinary text of that length fits with room to spare.
    """
    per_line = max(8.0, width * chars_per_width * WRAP_FILL)
    return math.ceil(limit / per_line) * line_points + 3


def page_breaks(blocks: Sequence[BlockRows]) -> list[int]:
    """Rows a printed bidder sheet breaks before: each criterion after the first starts a
    page, so no criterion's question and scale are split from its score and rationale."""
    return [rows.first for rows in blocks[1:]]


@dataclass(frozen=True)
class BlockRows:
    """Rows of one criterion block: protected text first..last, then score and rationale."""

    first: int
    last: int
    score: int
    rationale: int

    @property
    def after(self) -> int:
        return self.rationale + 2  # one blank row between blocks


def criterion_heading(criterion: IssuedCriterion) -> str:
    parts = [
        criterion.title,
        criterion.domain_title,
        f"weight {format_score(criterion.weight)}% of the quality score",
    ]
    if criterion.threshold is not None:
        parts.append(
            f"minimum acceptable score {format_score(criterion.threshold)} "
            "(a lower consensus score fails the criterion)"
        )
    if criterion.word_limit is not None:
        parts.append(f"bidders' word limit {criterion.word_limit}")
    return " · ".join(parts)


def _range_text(scale: IssuedScale) -> str:
    step = "in half points" if scale.half_points else "in whole points"
    text = f"Any score from {format_score(scale.minimum)} to {format_score(scale.maximum)}, {step}."
    return f"{text} {scale.guidance}" if scale.guidance else text


def criterion_block(criterion: IssuedCriterion) -> Grid:
    """The protected text of one criterion block, row by row, three columns ("" = empty)."""
    rows: Grid = [
        [criterion.id, "", criterion_heading(criterion)],
        ["Question", "", criterion.question],
        ["Evidence expected", "", criterion.evidence],
        ["Scale", "Score", "What earns the score"],
    ]
    scale = criterion.scale
    if scale.kind == "named":
        rows += [[p.label, format_score(p.score), p.descriptor] for p in scale.points]
        if scale.half_points:
            rows.append(["", "", "Half points between adjacent descriptors are allowed."])
    else:
        rows.append(
            [
                "Range",
                f"{format_score(scale.minimum)}–{format_score(scale.maximum)}",
                _range_text(scale),
            ]
        )
    return rows


def score_hint(criterion: IssuedCriterion) -> str:
    scale = criterion.scale
    low, high = format_score(scale.minimum), format_score(scale.maximum)
    step = "half points allowed" if scale.half_points else "whole points"
    return f"Choose a score from {low} to {high} ({step}) from the drop-down."


def block_rows(criteria: Sequence[IssuedCriterion]) -> list[BlockRows]:
    """Row positions of each criterion block on a bidder sheet, in order."""
    out: list[BlockRows] = []
    row = BIDDER_HEADER_ROWS
    for criterion in criteria:
        height = len(criterion_block(criterion))
        block = BlockRows(
            first=row, last=row + height - 1, score=row + height, rationale=row + height + 1
        )
        out.append(block)
        row = block.after
    return out


def declaration_rows(bidders: Sequence[tuple[str, str]]) -> Grid:
    """The protected part of the declarations table: bidder id and name per row."""
    return [[bidder_id, name] for bidder_id, name in bidders]


def normalise_grid(values: Sequence[Sequence[object]]) -> Grid:
    """Cell values as read back, as text ("" for empty) for comparison with a block grid."""
    return [[_as_text(v) for v in row] for row in values]


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_score(value)
    return str(value)


#: Metadata sheet rows are (key, value); the payload is split over rows because a cell
#: holds at most 32,767 characters.
META_HMAC = "hmac-sha256"
META_PAYLOAD = "payload"
PAYLOAD_CHUNK = 30_000
#: The row naming how a compressed payload is stored, and the one encoding there is: the
#: UTF-8 JSON compressed with zlib, then base64 (a moderation workbook's payload holds every
#: rationale, tens of megabytes at national scale, and compresses several times over).
META_ENCODING = "encoding"  # not "payload ...": those rows are the chunks
ZLIB_BASE64 = "zlib+base64"


class PayloadTooLarge(ValueError):
    """A compressed payload that unpacks to more than the reader allows."""


def metadata_rows(
    summary: Sequence[tuple[str, str]],
    canonical_payload: str,
    signature: str,
    *,
    compress: bool = False,
) -> list[tuple[str, str]]:
    """Key/value rows for the metadata sheet: a readable summary, the signature, the payload.

    With compress, the payload is stored as ZLIB_BASE64 under a META_ENCODING row; the
    signature is always over the JSON text itself.
    """
    stored = canonical_payload
    rows = [*summary, (META_HMAC, signature)]
    if compress:
        packed = zlib.compress(canonical_payload.encode("utf-8"), 1)  # fast; then zipped again
        stored = base64.b64encode(packed).decode("ascii")
        rows.append((META_ENCODING, ZLIB_BASE64))
    chunks = [stored[i : i + PAYLOAD_CHUNK] for i in range(0, len(stored), PAYLOAD_CHUNK)] or [""]
    rows += [
        (f"{META_PAYLOAD} {i}/{len(chunks)}", chunk) for i, chunk in enumerate(chunks, start=1)
    ]
    return rows


def payload_from_rows(
    rows: Sequence[tuple[str, str]], *, unpacked_limit: int | None = None
) -> tuple[str, str] | None:
    """(canonical payload, signature) from metadata rows, or None if they are not ours.

    A compressed payload is read only when the caller gives unpacked_limit, the most bytes
    it may unpack to (PayloadTooLarge beyond it); otherwise, and for any encoding or text
    that does not decode, the rows are not ours.
    """
    values = dict(rows)
    signature = values.get(META_HMAC)
    parts = [(k, v) for k, v in rows if k.startswith(f"{META_PAYLOAD} ")]
    if signature is None or not parts:
        return None
    total = len(parts)
    if [k for k, _ in parts] != [f"{META_PAYLOAD} {i}/{total}" for i in range(1, total + 1)]:
        return None
    stored = "".join(v for _, v in parts)
    encoding = values.get(META_ENCODING)
    if encoding is None:
        return stored, signature
    if encoding != ZLIB_BASE64 or unpacked_limit is None:
        return None
    unpacked = _unpack(stored, unpacked_limit)
    return None if unpacked is None else (unpacked, signature)


def _unpack(stored: str, limit: int) -> str | None:
    """The JSON text of a ZLIB_BASE64 payload, unpacking no more than limit + 1 bytes."""
    try:
        packed = base64.b64decode(stored.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        return None
    inflate = zlib.decompressobj()
    try:
        data = inflate.decompress(packed, limit + 1)
    except zlib.error:
        return None
    if len(data) > limit:
        raise PayloadTooLarge(
            f"its compressed metadata unpacks to more than {limit:,} bytes, far more than any "
            "workbook tenderkit issues"
        )
    if not inflate.eof or inflate.unused_data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
