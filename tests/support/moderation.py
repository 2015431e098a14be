"""Workspaces collected and moderated in code, and moderation workbooks filled by name."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import openpyxl

from tenderkit.templates.excel.evaluator_layout import (
    META_ENCODING,
    META_HMAC,
    META_PAYLOAD,
    metadata_rows,
    payload_from_rows,
)
from tenderkit.templates.excel.moderation_layout import META_SHEET
from tenderkit.templates.opc.archive import ZipLimits
from tenderkit.workspace.collect import collect_returns
from tenderkit.workspace.moderate import issue_moderation
from tenderkit.workspace.tender import open_tender
from tests.support.evaluation import (
    ISSUED_AT,
    NOW,
    fill,
    issue,
    make_small_workspace,
    named_cell,
    names_with_prefix,
)

#: E1's and E2's scores on B1 × CV1 spread by 3 (threshold 2), so that row is flagged.
FLAGGED_PAIR = ("B1", "CV1")
NOTE = "The bid evidences values agreed with staff and reviewed each year against survey results."


def collected_workspace(root: Path, body: Mapping[str, object] | None = None) -> Path:
    """The small workspace issued, filled (E1 scores 3, E2 4; E1 gives B1 × CV1 a 1), collected."""
    make_small_workspace(root, body)
    issue(root)
    fill(root / "issued" / "E1.xlsx", root / "returns" / "E1.xlsx", values={"S.B1.CV1": 1})
    fill(root / "issued" / "E2.xlsx", root / "returns" / "E2.xlsx", score=4)
    outcome = collect_returns(open_tender(root), NOW)
    assert outcome.collection.complete, [str(p) for p in outcome.collection.problems]
    return root


def moderate(root: Path, **options: bool) -> Path:
    return issue_moderation(open_tender(root), ISSUED_AT, NOW, **options).path


def fill_moderation(
    path: Path,
    *,
    consensus: object = 3,
    note: object = NOTE,
    values: Mapping[str, object] | None = None,
    target: Path | None = None,
) -> Path:
    """Give every row a consensus and note (None leaves them empty), then apply values by name."""
    book = openpyxl.load_workbook(path)
    for name in names_with_prefix(book, "C"):
        named_cell(book, name).value = consensus
    for name in names_with_prefix(book, "N"):
        named_cell(book, name).value = note
    for name, value in (values or {}).items():
        named_cell(book, name).value = value
    book.save(target or path)
    return target or path


def edit_moderation_payload(path: Path, old: str, new: str) -> None:
    """Replace old by new in the moderation workbook's signed payload, stored compressed as
    the writer stores it, leaving the signature as it was (old must be there)."""
    book = openpyxl.load_workbook(path)
    meta = book[META_SHEET]
    rows = [(str(r[0].value or ""), str(r[1].value or "")) for r in meta.iter_rows()]
    stored = payload_from_rows(rows, unpacked_limit=ZipLimits().max_unpacked_bytes)
    assert stored is not None
    canonical, signature = stored
    assert old in canonical
    summary = [(k, v) for k, v in rows if k not in {META_HMAC, META_ENCODING}]
    summary = [(k, v) for k, v in summary if not k.startswith(f"{META_PAYLOAD} ")]
    edited = metadata_rows(summary, canonical.replace(old, new), signature, compress=True)
    meta.delete_rows(1, meta.max_row)
    for key, value in edited:
        meta.append([key, value])
    book.save(path)
