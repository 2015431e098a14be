"""The built wheel carries the bundled data and runs the demo without the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tenderkit.clauses.library import bundled_library_path, clause_files
from tenderkit.workspace.schemas import SCHEMAS

ROOT = Path(__file__).resolve().parent.parent
IGNORED = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel once, as a user's `pip wheel .` would, from a copy of the checkout
    (so a stale build/ folder cannot leak into it and the checkout is left untouched)."""
    source = tmp_path_factory.mktemp("source") / "tenderkit"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*IGNORED))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", ".", "-w", str(out)],
        check=True,
        cwd=source,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("tenderkit-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def test_wheel_contains_the_bundled_library(wheel_names: set[str]):
    """Every bundled clause file, library.yaml, taxonomy.yaml and the lock are in the wheel."""
    library = bundled_library_path()
    expected = {
        "tenderkit/clauses/library/" + p.relative_to(library).as_posix()
        for p in clause_files(library)
    }
    expected |= {
        "tenderkit/clauses/library/library.yaml",
        "tenderkit/clauses/library/taxonomy.yaml",
        "tenderkit/clauses/library/clauses.lock",
    }
    assert len(expected) > 3
    assert expected - wheel_names == set()


def test_wheel_contains_the_deny_list_schemas_and_type_marker(wheel_names: set[str]):
    """The deny list, every committed JSON Schema and py.typed ship in the wheel."""
    expected = {"tenderkit/py.typed", "tenderkit/clauses/data/prescriptive_terms.yaml"}
    expected |= {s.package.replace(".", "/") + "/schemas/" + s.filename for s in SCHEMAS}
    assert expected - wheel_names == set()


def test_wheel_installs_no_generic_top_level_names(wheel_names: set[str]):
    """Everything lives under tenderkit/; no `cli` or `templates` lands in site-packages."""
    tops = {name.split("/")[0] for name in wheel_names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"tenderkit"}


def test_demo_runs_from_the_unzipped_wheel(wheel: Path, tmp_path: Path):
    """`tender demo` works from the wheel alone, reading its bundled library from there."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    out = tmp_path / "demo-out"
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("PYTHONHOME", None)
    script = (
        "import sys, tenderkit, tenderkit.clauses.library as lib\n"
        "print(tenderkit.__file__)\n"
        "print(lib.bundled_library_path())\n"
        "from tenderkit.cli.app import cli\n"
        "cli(['demo', sys.argv[1]], prog_name='tender')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    module_file, library_path, *rest = result.stdout.splitlines()
    assert Path(module_file).resolve().is_relative_to(site.resolve())
    assert Path(library_path).resolve().is_relative_to(site.resolve())
    catalogue = out / "clause-catalogue.md"
    assert f"wrote {catalogue}" in rest
    assert "### WC-CV-001 " in catalogue.read_text(encoding="utf-8")
