"""The symlink tree through which mypy sees the folders under their installed names."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TREE = ROOT / ".typecheck" / "tenderkit"
PARTS = ["clauses", "rubrics", "scoring", "templates", "cli"]


def test_every_core_module_is_linked_for_the_type_checker() -> None:
    """Each core/ module has a link in .typecheck/tenderkit, or mypy would not check it."""
    missing = [p.name for p in sorted((ROOT / "core").glob("*.py")) if not (TREE / p.name).exists()]
    assert missing == []


@pytest.mark.parametrize("part", PARTS)
def test_each_part_is_linked_to_its_folder(part: str) -> None:
    """tenderkit.<part> resolves to the repository's <part>/ folder."""
    assert (TREE / part).resolve() == (ROOT / part).resolve()
