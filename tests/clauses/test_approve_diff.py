"""Approving changes only the lines that change: a legal reviewer's diff is the approval itself."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
from pathlib import Path

from tenderkit.clauses.approve import approve, file_indentation
from tenderkit.clauses.library import bundled_library_path, load_library
from tenderkit.rubrics.approve import approve_rubric
from tenderkit.rubrics.library import bundled_rubrics_path, load_rubric_library


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a unified diff marks as removed or added."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_indentation_is_read_from_the_file() -> None:
    """Lists indented under their key (the bundled style) and lists level with it are both seen."""
    assert file_indentation("a:\n  - b: 1\n    c: 2\nd:\n  e: 1\n") == (2, 2)
    assert file_indentation("a:\n- b: 1\n  c: 2\nd:\n    e: 1\n") == (4, 0)


def test_approving_a_bundled_style_clause_changes_only_status_and_approver(tmp_path: Path) -> None:
    """A new draft of a bundled clause, approved: the draft's status and approver, and the
    older version's status, are the only lines of the file that change."""
    root = tmp_path / "lib"
    shutil.copytree(bundled_library_path(), root)
    path = root / "culture-values" / "WC-CV-003.yaml"
    original = path.read_text(encoding="utf-8")
    # The latest version is the file's last list item, whatever its indentation.
    item = re.findall(r"^( *)- version: (\S+)$", original, flags=re.M)[-1]
    indent, latest = item[0] + "  ", item[1]
    last = original.rindex(f"{item[0]}- version: {latest}")
    major, minor, patch = (int(p) for p in latest.split("."))
    newer = f"{major}.{minor}.{patch + 1}"
    draft = original[last:].replace(f"version: {latest}", f"version: {newer}", 1)
    draft = draft.replace("status: approved", "status: draft", 1)
    before = original + draft
    path.write_text(before, encoding="utf-8")
    approve(load_library(root), "WC-CV-003", newer, approver="Director of Workforce")
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        f"-{indent}status: approved",
        f"+{indent}status: superseded",
        f"-{indent}status: draft",
        f"+{indent}status: approved",
        f"-{indent}approver: Head of Contracts, NHS Example ICB",
        f"+{indent}approver: Director of Workforce",
    ]


def test_approving_a_rubric_changes_only_its_approval_lines(tmp_path: Path) -> None:
    """A draft 2.1.0 of the bundled rubric: status, approver and effective date change; the older
    version's file changes its status line alone."""
    root = tmp_path / "rubrics"
    shutil.copytree(bundled_rubrics_path(), root)
    old = root / "workplace-compassion-2.0.0.yaml"
    old_before = old.read_text(encoding="utf-8")
    before = old_before.replace("version: 2.0.0", "version: 2.1.0", 1).replace(
        "status: approved", "status: draft", 1
    )
    new = root / "workplace-compassion-2.1.0.yaml"
    new.write_text(before, encoding="utf-8")
    approve_rubric(
        load_rubric_library(root),
        load_library(),
        "workplace-compassion",
        "2.1.0",
        approver="Head of Procurement",
        effective=dt.date(2027, 2, 1),
    )
    assert sorted(changed_lines(before, new.read_text(encoding="utf-8"))) == [
        "+approver: Head of Procurement",
        "+effective: 2027-02-01",
        "+status: approved",
        "-approver: Head of Procurement, NHS Example ICB",
        "-effective: 2027-01-01",
        "-status: draft",
    ]
    assert changed_lines(old_before, old.read_text(encoding="utf-8")) == [
        "-status: approved",
        "+status: superseded",
    ]
