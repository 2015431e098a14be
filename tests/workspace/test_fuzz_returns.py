"""Fuzzing the collector: valid returns damaged in every way we know of, collected beside a
valid one. Whatever the damage, collection finishes, names the damaged file, never counts a
tampered return and keeps the valid return whole.

CI runs a bounded, derandomized number of examples (fixed seed); a longer local run:
`TENDERKIT_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/workspace/test_fuzz_returns.py`
(see docs/evaluation.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.formula import ArrayFormula

from tenderkit.scoring.collection import RefusedReturn
from tenderkit.templates.opc.archive import ZipLimits
from tenderkit.workspace.collect import collect_returns
from tenderkit.workspace.folder import read_secret
from tenderkit.workspace.issue import expectations
from tenderkit.workspace.returns import read_return
from tenderkit.workspace.tender import open_tender
from tests.support import hostile as h
from tests.support.evaluation import (
    NOW,
    expected_pairs,
    fill_returns,
    issue,
    make_small_workspace,
    small_rubric_model,
    small_tender,
)

EXAMPLES = int(os.environ.get("TENDERKIT_FUZZ_EXAMPLES", "60"))
E1_SCORES = len(expected_pairs(small_rubric_model(), small_tender())["E1"])
DAMAGED = "returns/E2.xlsx"


@dataclass(frozen=True)
class Damage:
    """A damaged return: what was done, its bytes, and whether it must be refused outright.

    `pair` is the (bidder, criterion) whose score was changed on purpose, if any: every
    other score the file still contributes must be the one the evaluator entered.
    """

    kind: str
    data: bytes
    must_refuse: bool
    pair: tuple[str, str] | None = None


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_small_workspace(tmp_path_factory.mktemp("fuzz") / "tender")
    issue(root)
    fill_returns(root)
    return root


@pytest.fixture(scope="module")
def e2(workspace: Path) -> bytes:
    return (workspace / "returns" / "E2.xlsx").read_bytes()


CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        ["3", " 4 ", "\u0663", "3." + "0" * 20 + "1", "\u200b", "=1+2", "#N/A", "=S.B1.CV2"]
    ),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.times(),
    st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=400)),
    st.builds(lambda t: ArrayFormula("A1", t), st.sampled_from(["=SUM(1,2)", "=MAX(3)", "=1"])),
)


@st.composite
def damages(draw: st.DrawFn, original: bytes) -> Damage:
    names = h.defined_names(original)
    ours = [n for n in names if n.split(".")[0] in {"S", "R", "COI"}]
    kind = draw(
        st.sampled_from(
            [
                "cell-value",
                "delete-name",
                "rename-name",
                "duplicate-name",
                "repoint-name",
                "delete-sheet",
                "hide-sheet",
                "drop-sheet-member",
                "alter-metadata",
                "truncate",
                "bit-flip",
                "local-header",
                "local-method",
                "encrypted-flag",
                "duplicate-member",
                "path-member",
                "oversized-member",
                "entity-expansion",
            ]
        )
    )
    data = original
    if kind == "cell-value":
        name = draw(st.sampled_from(ours))
        value = draw(CELL_VALUES)
        try:
            with warnings.catch_warnings():
                # Generation must not depend on which warnings were already shown.
                warnings.simplefilter("ignore")
                data = h.with_values(original, {name: value})
        except Exception:  # openpyxl refuses to write some values (control characters)
            return Damage("cell-value-unwritable", original, False)
        pair = tuple(name.split(".")[1:3]) if name.startswith(("S.", "R.")) else None
        return Damage(kind, data, False, pair if pair and len(pair) == 2 else None)  # type: ignore[arg-type]
    if kind == "delete-name":
        return Damage(kind, h.delete_name(original, draw(st.sampled_from(names))), False)
    if kind == "rename-name":
        name = draw(st.sampled_from(names))
        new = draw(st.sampled_from([name + "x", "S.B9.CV1", "Other", name.lower() + "2"]))
        return Damage(kind, h.rename_name(original, name, new), False)
    if kind == "duplicate-name":
        name, other = draw(st.sampled_from(names)), draw(st.sampled_from(names))
        return Damage(kind, h.duplicate_name(original, name, h.target_of(original, other)), True)
    if kind == "repoint-name":
        name = draw(st.sampled_from(ours))
        other = draw(st.sampled_from([n for n in ours if n != name]))
        target = draw(
            st.sampled_from(
                [h.target_of(original, other), "#REF!", "'Bidder B1'!$C$2", "Nowhere!$A$1"]
            )
        )
        must = target == h.target_of(original, other)
        return Damage(kind, h.repoint_name(original, name, target), must)
    if kind in ("delete-sheet", "hide-sheet"):
        index = draw(st.integers(0, len(h.sheet_elements(original)) - 1))
        change = h.delete_sheet if kind == "delete-sheet" else h.hide_sheet
        return Damage(kind, change(original, index), False)
    if kind == "drop-sheet-member":
        return Damage(
            kind, h.drop_member(original, h.sheet_member(original, draw(st.integers(0, 9)))), False
        )
    if kind == "alter-metadata":
        old = draw(
            st.sampled_from(["ICB-2027-014", "Evaluator Two", "CV1", "2027-03-01T09:00:00Z"])
        )
        new = old[:-1] + ("Y" if old[-1] != "Y" else "X")  # always a real change
        return Damage(kind, h.alter_metadata(original, old, new), True)
    if kind == "truncate":
        return Damage(kind, original[: draw(st.integers(0, len(original) - 1))], True)
    if kind == "bit-flip":
        for _ in range(draw(st.integers(1, 3))):
            data = h.flip_bit(data, draw(st.integers(0, len(data) - 1)), draw(st.integers(0, 7)))
        return Damage(kind, data, False)
    index = draw(st.integers(0, 20))
    if kind == "local-header":
        return Damage(kind, h.blank_local_name(original, index), True)
    if kind == "local-method":
        return Damage(
            kind, h.set_local_method(original, index, draw(st.sampled_from([1, 12, 14, 99]))), True
        )
    if kind == "encrypted-flag":
        return Damage(kind, h.set_encrypted_flag(original, index), True)
    if kind == "duplicate-member":
        member = draw(st.sampled_from(sorted(h.members(original))))
        return Damage(
            kind, h.duplicate_member(original, member, draw(st.sampled_from([None, b"<x/>"]))), True
        )
    if kind == "path-member":
        name = draw(
            st.sampled_from(
                ["../../evil.xml", "/abs.xml", "xl/../../x.xml", "xl\\..\\x.xml", "C:/x"]
            )
        )
        return Damage(kind, h.add_member(original, name, b"<a/>"), True)
    if kind == "oversized-member":
        return Damage(
            kind,
            h.file_size_claim(original, index, draw(st.sampled_from([10**8, 2**32 - 1]))),
            True,
        )
    member = draw(
        st.sampled_from(sorted(n for n in h.members(original) if n.endswith((".xml", ".rels"))))
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be"]))
    return Damage(kind, h.with_dtd(original, member, encoding), True)


def _check(workspace: Path, damage: Damage) -> str:
    """Collect damage beside E1's valid return and check the guarantees; what it yielded."""
    (workspace / "returns" / "E2.xlsx").write_bytes(damage.data)
    tender = open_tender(workspace)
    outcome = collect_returns(tender, NOW)  # must not raise, whatever the damage
    collection = outcome.collection
    written = json.loads((workspace / "out" / "collected.json").read_text("utf-8"))
    statuses = {r.file: r for r in collection.returns}
    assert statuses["returns/E1.xlsx"].status == "accepted", damage.kind
    assert sum(1 for s in collection.scores if s.evaluator == "E1") == E1_SCORES
    damaged = statuses[DAMAGED]  # always named
    if damaged.status == "rejected":
        assert any(p.location.file == DAMAGED for p in collection.problems), damage.kind
        assert any(p["file"] == DAMAGED for p in written["problems"])
    if damage.must_refuse:
        assert damaged.status == "rejected", (damage.kind, damaged)
    for score in collection.scores:
        if score.file == DAMAGED and (score.bidder, score.criterion) != damage.pair:
            assert score.score == 3, (damage.kind, score)
    # The same file gives the same words on every run (no memory addresses, no randomness).
    expect = expectations(tender, read_secret(tender.workspace), ZipLimits())
    first, second = (
        read_return(DAMAGED, damage.data, expect),
        read_return(DAMAGED, damage.data, expect),
    )
    assert first == second
    if isinstance(first, RefusedReturn):
        assert " at 0x" not in first.message
    rules = sorted({p.rule for p in collection.problems if p.location.file == DAMAGED})
    return f"{damage.kind} -> {damaged.status} {'/'.join(rules) or '-'}"


def fuzz_settings(test: Callable[..., None]) -> Callable[..., None]:
    return settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
            HealthCheck.data_too_large,
        ],
    )(test)


@fuzz_settings
@given(data=st.data())
def test_collection_survives_any_damage_to_a_return(
    workspace: Path, e2: bytes, data: st.DataObject
) -> None:
    """Never raises, always names the file, never counts a tampered return, keeps E1."""
    event(_check(workspace, data.draw(damages(e2))))


@pytest.mark.parametrize("offset", range(0, 14_000, 1_000))
def test_bit_flips_at_fixed_offsets_are_survived(workspace: Path, e2: bytes, offset: int) -> None:
    """The nastiest bit flips found while fuzzing, kept as fixed cases."""
    _check(workspace, Damage("bit-flip", h.flip_bit(e2, offset, 5), False))


def test_the_workspace_is_restored_for_other_tests(workspace: Path, e2: bytes) -> None:
    """After fuzzing, the valid return collects again completely."""
    (workspace / "returns" / "E2.xlsx").write_bytes(e2)
    assert collect_returns(open_tender(workspace), NOW).collection.complete
    shutil.rmtree(workspace / "out")
