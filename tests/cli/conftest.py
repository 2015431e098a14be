"""Workspaces for the evaluation commands: built once per module, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.evaluation import fill_returns, issue, make_small_workspace


@pytest.fixture(scope="module")
def issued_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace on the small rubric (two bidders; E1 all criteria, E2 culture and values)
    with workbooks issued."""
    root = make_small_workspace(tmp_path_factory.mktemp("issued") / "tender")
    issue(root)
    return root


@pytest.fixture(scope="module")
def returned_template(issued_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The issued workspace with a complete, valid return from every evaluator."""
    root = tmp_path_factory.mktemp("returned") / "tender"
    shutil.copytree(issued_template, root)
    fill_returns(root)
    return root


@pytest.fixture
def issued_workspace(issued_template: Path, tmp_path: Path) -> Path:
    """A private copy of the issued workspace (no returns yet) for one test."""
    return Path(shutil.copytree(issued_template, tmp_path / "tender"))


@pytest.fixture
def returned_workspace(returned_template: Path, tmp_path: Path) -> Path:
    """A private copy of the workspace with every return in, complete and valid."""
    return Path(shutil.copytree(returned_template, tmp_path / "tender"))
