"""A folder `tender demo` owns: marked when built, so a re-run may replace it and nothing else.

Running the demo again into the same OUT should just work, but OUT may also hold a user's
own work. A demo folder therefore carries a marker listing every file the demo made and the
hash of the files whose edit would mean the folder has become someone's real work (for
the evaluation demo, `tender.yaml`). A re-run replaces the folder only when it is empty or
when the marker is there, every file in it is one the marker lists, and the guarded files
are unchanged; otherwise it stops and names what it will not touch.

The new folder is built beside the old one and swapped in only once it is complete, so a
failed re-run leaves the previous demo as it was.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tenderkit import fsio
from tenderkit.errors import InputError, Location
from tenderkit.hashing import file_sha256

MARKER_FILE = "demo-folder.json"
MARKER_FORMAT = "tenderkit-demo-folder/1"
MARKER_NOTE = (
    "Made by `tender demo`; nothing here is real. Running `tender demo` again into the same "
    "OUT replaces this folder, as long as it holds only the files listed here and the "
    "guarded files are unchanged."
)

#: Builds the demo into an empty folder and returns the files it made, in reading order.
Build = Callable[[Path], list[Path]]


@dataclass(frozen=True)
class DemoMarker:
    """What a demo folder's marker records."""

    files: frozenset[str]
    guarded: dict[str, str]


def folder_entries(root: Path) -> list[str]:
    """Every entry under root that is not a real folder (files and links), relative, sorted."""
    entries: list[str] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        base = Path(folder)
        # A link to a folder is listed like a file: it is not the demo's and is not followed.
        links = [d for d in dirs if (base / d).is_symlink()]
        dirs[:] = [d for d in dirs if d not in links]
        entries.extend((base / name).relative_to(root).as_posix() for name in [*files, *links])
    return sorted(entries)


def read_marker(root: Path) -> DemoMarker | None:
    """The marker in root, or None when there is none or it is not one of ours."""
    path = root / MARKER_FILE
    if not path.is_file() or path.is_symlink():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["format"] != MARKER_FORMAT:
            return None
        files = frozenset(str(f) for f in data["files"])
        guarded = {str(k): str(v) for k, v in data["guarded"].items()}
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        return None
    return DemoMarker(files, guarded)


def check_replaceable(root: Path) -> None:
    """InputError unless root is absent, empty, or a demo folder the demo left as it made it."""
    if not root.exists() and not root.is_symlink():
        return
    if root.is_symlink() or not root.is_dir():
        raise InputError(
            "is not a folder `tender demo` made, so the demo will not replace it; "
            "choose a new OUT folder",
            Location(file=root),
        )
    present = folder_entries(root)
    if not present:
        return
    marker = read_marker(root)
    if marker is None:
        raise InputError(
            "this folder was not made by `tender demo`, so the demo will not replace it; "
            "choose a new OUT folder",
            Location(file=root),
        )
    unexpected = [p for p in present if p != MARKER_FILE and p not in marker.files]
    if unexpected:
        raise InputError(
            "was not made by `tender demo`; the demo will not delete it to rebuild this folder",
            Location(file=root / unexpected[0]),
            hint="move it elsewhere, or choose a new OUT folder",
        )
    for name, digest in sorted(marker.guarded.items()):
        path = root / name
        if not path.is_file() or file_sha256(path.read_bytes()) != digest:
            raise InputError(
                "was changed after `tender demo` wrote it, so this folder may be real work now; "
                "the demo will not replace it",
                Location(file=path),
                hint="choose a new OUT folder",
            )


def write_marker(root: Path, guarded: Sequence[str]) -> Path:
    """Record every file now in root, and the hash of each guarded one."""
    body = {
        "format": MARKER_FORMAT,
        "note": MARKER_NOTE,
        "files": folder_entries(root),
        "guarded": {name: file_sha256((root / name).read_bytes()) for name in sorted(guarded)},
    }
    target = root / MARKER_FILE
    fsio.write_text(target, json.dumps(body, indent=2, ensure_ascii=False) + "\n")
    return target


def replace_demo_folder(target: Path, build: Build, guarded: Sequence[str] = ()) -> list[Path]:
    """Build the demo beside target, mark it, then put it in target's place.

    Refuses (InputError, nothing changed) when target holds anything but an earlier run of
    this demo. Returns the files made, as paths under target, the marker after the first.
    """
    check_replaceable(target)
    token = secrets.token_hex(4)
    staging = target.parent / f".{target.name}.{token}.tmp"
    retired = target.parent / f".{target.name}.{token}.old"
    staging.mkdir(parents=True)
    try:
        made = [p.relative_to(staging) for p in build(staging)]
        marker = write_marker(staging, guarded).relative_to(staging)
        if target.exists():
            target.rename(retired)
        try:
            staging.rename(target)
        except OSError:
            if retired.exists():
                retired.rename(target)
            raise
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    if retired.exists():
        shutil.rmtree(retired)
    return [target / p for p in [*made[:1], marker, *made[1:]]]
