"""Filling named cells of an issued workbook, as an evaluator would (used by `tender demo`).

Cells are found only through workbook-level defined names, like collection finds them.
Text is stored as text even when it starts with `=`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import openpyxl

from tenderkit.errors import InputError


def fill_named_cells(workbook: bytes, values: Mapping[str, str | int | float | None]) -> bytes:
    """The workbook's bytes with each named cell set to its value (None empties it)."""
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    for name, value in values.items():
        defined = book.defined_names.get(name)
        destinations = list(defined.destinations) if defined is not None else []
        if len(destinations) != 1:
            raise InputError(f"the workbook has no single cell named {name}")
        sheet, ref = destinations[0]
        cell = book[sheet][ref.replace("$", "")]
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
