"""Shared fixtures: small libraries built in code, the bundled library, a CLI runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tenderkit.clauses.library import Library, bundled_library_path, load_library

# Re-exported so `from tests.conftest import clause, version` keeps working.
from tests.support.builders import (
    TAXONOMY,
    LibraryFactory,
    clause,
    version,
    write_library,
    write_yaml,
)

__all__ = ["TAXONOMY", "LibraryFactory", "clause", "version", "write_library", "write_yaml"]


@pytest.fixture
def make_library(tmp_path: Path) -> LibraryFactory:
    """Write a library folder under tmp_path from clause dicts (see `write_library`)."""

    def factory(
        *clauses: dict[str, Any], lock: bool = True, name: str = "lib", **meta: Any
    ) -> Path:
        return write_library(tmp_path / name, *clauses, lock=lock, **meta)

    return factory


@pytest.fixture(scope="session")
def bundled() -> Library:
    return load_library(bundled_library_path())


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
