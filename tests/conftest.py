"""Shared fixtures: small libraries built in code, the bundled library, a CLI runner, one
`tender demo` run for the tests that only read its outputs."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tenderkit.clauses.library import Library, bundled_library_path, load_library
from tenderkit.cli.app import cli
from tenderkit.templates.word import pdf as pdf_module
from tenderkit.templates.word import spec_pages

# Re-exported so `from tests.conftest import clause, version` keeps working.
from tests.support.builders import (
    TAXONOMY,
    LibraryFactory,
    clause,
    version,
    write_library,
    write_yaml,
)
from tests.support.libreoffice import OncePerDocument

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


@pytest.fixture(scope="session", autouse=True)
def specification_layouts() -> Iterator[OncePerDocument]:
    """Lay each distinct specification out in LibreOffice once per run (see OncePerDocument):
    the demo's specification is built by a dozen tests, each laying it out two or more times."""
    once = OncePerDocument(pdf_module.docx_to_pdf)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spec_pages, "docx_to_pdf", once)
        yield once


@dataclass(frozen=True)
class DemoRun:
    """What one `tender demo OUT` run wrote into OUT, and what it printed."""

    out: Path
    stdout: str
    output: str


def _snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _run_demo(out: Path) -> DemoRun:
    result = CliRunner().invoke(cli, ["demo", str(out)])
    assert result.exit_code == 0, result.output
    return DemoRun(out, result.stdout, result.output)


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    """One `tender demo` run, shared by every test that only reads what it wrote.

    The demo is the whole journey (specification, redlines, an evaluation workspace taken
    to the decision records, a year of monitoring), so it is run once per test run, not
    once per test. Its folder is read-only by agreement: a test that changes anything works
    on a copy, and the run fails at the end if a shared file was changed, added or removed.
    """
    run = _run_demo(tmp_path_factory.mktemp("shared-demo") / "out")
    before = _snapshot(run.out)
    yield run
    assert _snapshot(run.out) == before, f"a test changed the shared demo output in {run.out}"


@pytest.fixture(scope="session")
def demo_rerun(demo_run: DemoRun, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    """`tender demo OUT` run a second time into an OUT a first run made (the shared run's
    folder, copied whole); shared and read-only as `demo_run` is."""
    out = tmp_path_factory.mktemp("shared-demo-rerun") / "out"
    shutil.copytree(demo_run.out, out, symlinks=True)
    run = _run_demo(out)
    before = _snapshot(run.out)
    yield run
    assert _snapshot(run.out) == before, f"a test changed the shared demo output in {run.out}"
