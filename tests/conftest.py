"""Shared fixtures: small libraries built in code, the bundled library, a CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tenderkit.clauses.library import Library, bundled_library_path, load_library

# Re-exported so `from tests.conftest import clause, version` keeps working.
from tests.support.builders import TAXONOMY, clause, version, write_yaml

__all__ = ["TAXONOMY", "clause", "version", "write_yaml"]

LibraryFactory = Callable[..., Path]


def write_library(root: Path, *clauses: dict[str, Any], lock: bool = True, **meta: Any) -> Path:
    """Write a library folder from clause dicts at root; returns root. Lock hashes are
    recorded for approved versions unless `lock=False`."""
    write_yaml(root / "library.yaml", {"name": "Test library", "release": "1", **meta})
    write_yaml(root / "taxonomy.yaml", TAXONOMY)
    for item in clauses:
        write_yaml(root / item["domain"] / f"{item['id']}.yaml", item)
    if lock:
        from tenderkit.clauses.library import scan_library
        from tenderkit.clauses.model import LOCKED_STATUSES, version_hash

        library, _ = scan_library(root)
        for c in library.clauses.values():
            for v in c.versions:
                if v.status in LOCKED_STATUSES:
                    library.lock.record(f"{c.id}@{v.version}", version_hash(c, v))
        library.lock.save()
    return root


@pytest.fixture
def make_library(tmp_path: Path) -> LibraryFactory:
    """Write a library folder under tmp_path from clause dicts (see `write_library`)."""

    def factory(
        *clauses: dict[str, Any], lock: bool = True, name: str = "lib", **meta: Any
    ) -> Path:
        root = tmp_path / name
        write_yaml(root / "library.yaml", {"name": "Test library", "release": "1", **meta})
        write_yaml(root / "taxonomy.yaml", TAXONOMY)
        for item in clauses:
            write_yaml(root / item["domain"] / f"{item['id']}.yaml", item)
        if lock:
            from tenderkit.clauses.library import scan_library
            from tenderkit.clauses.model import LOCKED_STATUSES, version_hash

            library, _ = scan_library(root)
            for c in library.clauses.values():
                for v in c.versions:
                    if v.status in LOCKED_STATUSES:
                        library.lock.record(f"{c.id}@{v.version}", version_hash(c, v))
            library.lock.save()
        return root

    return factory


@pytest.fixture(scope="session")
def bundled() -> Library:
    return load_library(bundled_library_path())


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
