"""Clause approval, through the steps it shares with rubric approval."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tenderkit.clauses.approve import approve
from tenderkit.clauses.library import load_library
from tenderkit.clauses.lint import lint_library
from tenderkit.errors import InputError, IntegrityError
from tests.support.builders import LibraryFactory, clause, version


def test_approving_a_draft_supersedes_the_older_version(make_library: LibraryFactory) -> None:
    """The draft is stamped and locked; the approved version before it is superseded."""
    root = make_library(clause("WC-CV-001", version(), version("1.1.0", status="draft")))
    result = approve(
        load_library(root), "WC-CV-001", "1.1.0", approver="Legal", effective=dt.date(2026, 5, 1)
    )
    assert result.superseded == ("WC-CV-001@1.0.0",)
    updated = load_library(root).get("WC-CV-001")
    assert [v.status.value for v in updated.versions] == ["superseded", "approved"]
    assert updated.versions[1].approver == "Legal"
    lock = json.loads((root / "clauses.lock").read_text())["approved"]
    assert lock["WC-CV-001@1.1.0"] == result.digest
    assert lint_library(root) == []


def test_a_clause_draft_needs_an_approver(make_library: LibraryFactory) -> None:
    """Without an approver anywhere the approval is refused with a hint."""
    root = make_library(clause("WC-CV-001", version(status="draft")))
    with pytest.raises(InputError, match="needs an approver"):
        approve(load_library(root), "WC-CV-001", "1.0.0")


def test_a_changed_approved_clause_is_refused(make_library: LibraryFactory) -> None:
    """Approved content edited after locking cannot be approved again."""
    root = make_library(clause("WC-CV-001"))
    path = root / "culture-values" / "WC-CV-001.yaml"
    path.write_text(path.read_text().replace("every {{ months }}", "each {{ months }}"))
    with pytest.raises(IntegrityError, match="new version"):
        approve(load_library(root), "WC-CV-001", "1.0.0")


def test_an_approved_clause_missing_from_the_lock_is_recorded(
    make_library: LibraryFactory,
) -> None:
    """A hand-written approved version gets its hash recorded, once."""
    root = make_library(clause("WC-CV-001"), lock=False)
    first = approve(load_library(root), "WC-CV-001", "1.0.0")
    second = approve(load_library(root), "WC-CV-001", "1.0.0")
    assert (first.already_recorded, second.already_recorded) == (False, True)
