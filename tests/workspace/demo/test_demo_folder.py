"""A demo folder is replaced on a re-run only when it is the demo's own, and never half-way."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tenderkit.errors import InputError
from tenderkit.workspace.demo.folder import MARKER_FILE, replace_demo_folder


def build(root: Path) -> list[Path]:
    """A toy demo: a guarded set-up file and an output in a sub-folder."""
    (root / "out").mkdir()
    (root / "setup.txt").write_text("demo set-up\n")
    (root / "out" / "result.txt").write_text("demo result\n")
    return [root / "setup.txt", root / "out" / "result.txt"]


def build_setup_only(root: Path) -> list[Path]:
    (root / "setup.txt").write_text("demo set-up\n")
    return [root / "setup.txt"]


def failing_build(root: Path) -> list[Path]:
    (root / "half.txt").write_text("half written")
    raise RuntimeError("the build failed")


def contents(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_new_demo_folder_is_built_and_marked(tmp_path: Path) -> None:
    """The files made are returned under the target, the marker second, and it lists them all."""
    target = tmp_path / "demo"
    made = replace_demo_folder(target, build, guarded=["setup.txt"])
    assert made == [target / "setup.txt", target / MARKER_FILE, target / "out" / "result.txt"]
    marker = json.loads((target / MARKER_FILE).read_text())
    assert marker["files"] == ["out/result.txt", "setup.txt"]
    assert list(marker["guarded"]) == ["setup.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo"]


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    """An empty folder holds nothing to lose, so the demo is built there."""
    (tmp_path / "demo").mkdir()
    replace_demo_folder(tmp_path / "demo", build)
    assert (tmp_path / "demo" / "out" / "result.txt").is_file()


def test_an_earlier_demo_is_replaced(tmp_path: Path) -> None:
    """Outputs the user changed since are replaced, and files the new run does not make go."""
    target = tmp_path / "demo"
    replace_demo_folder(target, build, guarded=["setup.txt"])
    (target / "out" / "result.txt").write_text("explored by hand\n")
    replace_demo_folder(target, build_setup_only, guarded=["setup.txt"])
    assert sorted(contents(target)) == [MARKER_FILE, "setup.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo"]


def test_a_failed_rebuild_leaves_the_earlier_demo_as_it_was(tmp_path: Path) -> None:
    """If building fails, the previous demo is untouched and nothing half-built is left."""
    target = tmp_path / "demo"
    replace_demo_folder(target, build)
    before = contents(target)
    with pytest.raises(RuntimeError, match="the build failed"):
        replace_demo_folder(target, failing_build)
    assert contents(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo"]


@pytest.mark.parametrize(
    ("change", "named", "message"),
    [
        (lambda t: (t / MARKER_FILE).unlink(), "", "not made by `tender demo`"),
        (lambda t: (t / MARKER_FILE).write_text("{}"), "", "not made by `tender demo`"),
        (lambda t: (t / "mine.txt").write_text("x"), "mine.txt", "will not delete it"),
        (lambda t: (t / "out" / "mine").symlink_to(t), "out/mine", "will not delete it"),
        (lambda t: (t / "setup.txt").write_text("real"), "setup.txt", "changed after"),
        (lambda t: (t / "setup.txt").unlink(), "setup.txt", "changed after"),
    ],
    ids=[
        "no-marker",
        "not-our-marker",
        "unlisted-file",
        "unlisted-link",
        "guarded-edited",
        "guarded-deleted",
    ],
)
def test_a_folder_that_is_no_longer_the_demos_is_refused_untouched(
    tmp_path: Path, change: Callable[[Path], object], named: str, message: str
) -> None:
    """A missing marker, an unlisted file or an edited guarded file stops the re-run."""
    target = tmp_path / "demo"
    replace_demo_folder(target, build, guarded=["setup.txt"])
    change(target)
    before = contents(target)
    with pytest.raises(InputError, match=message) as refused:
        replace_demo_folder(target, build, guarded=["setup.txt"])
    assert str(refused.value).startswith(f"{target / named}".rstrip("/") + ":")
    assert contents(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo"]


def test_a_file_where_the_folder_would_go_is_refused(tmp_path: Path) -> None:
    """A file at the target is not a demo folder and is not replaced."""
    target = tmp_path / "demo"
    target.write_text("notes")
    with pytest.raises(InputError, match="not a folder `tender demo` made"):
        replace_demo_folder(target, build)
    assert target.read_text() == "notes"
