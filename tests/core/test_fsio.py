"""Atomic file output."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import IO

import pytest

from tenderkit import fsio
from tenderkit.errors import OutputError


def test_write_text_creates_folders_and_writes_utf8(tmp_path: Path):
    """write_text creates missing folders and writes UTF-8 text."""
    target = tmp_path / "a" / "b" / "out.md"
    fsio.write_text(target, "Zoë\n")
    assert target.read_bytes() == "Zoë\n".encode()


def test_write_replaces_an_existing_file(tmp_path: Path):
    """Writing over an existing file replaces its content."""
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    fsio.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"


def test_a_failed_write_leaves_the_target_untouched_and_no_temp_file(tmp_path: Path):
    """When the writer fails, the old file stays and no temporary file is left behind."""
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")

    def broken(fh: IO[bytes]) -> None:
        fh.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        fsio.write_with(target, broken)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_write_with_hands_the_writer_a_binary_file(tmp_path: Path):
    """write_with lets a writer stream bytes into the target."""
    target = tmp_path / "out.bin"
    fsio.write_with(target, lambda fh: fh.write(b"\x00\x01"))
    assert target.read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_writing_over_a_folder_is_an_output_error(tmp_path: Path):
    """A target that is a folder is refused with an OutputError naming it."""
    with pytest.raises(OutputError, match="is a folder; name a file to write") as caught:
        fsio.write_text(tmp_path, "x")
    assert caught.value.location is not None and caught.value.location.file == tmp_path


def test_a_file_in_the_way_of_the_folder_is_named(tmp_path: Path):
    """When a file sits where a folder must be, the error names that file."""
    (tmp_path / "notes").write_text("keep me")
    target = tmp_path / "notes" / "sub" / "out.md"
    with pytest.raises(OutputError) as caught:
        fsio.write_text(target, "x")
    assert (
        str(caught.value) == f"{target}: cannot write: {tmp_path / 'notes'} is a file, not a folder"
    )
    assert (tmp_path / "notes").read_text() == "keep me"


def test_a_refused_write_names_the_target_not_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A permission error while writing is an OutputError about the target, with no temp file."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", "/somewhere/.out.md.x.tmp")

    monkeypatch.setattr(os, "replace", refuse)
    target = tmp_path / "out.md"
    with pytest.raises(OutputError) as caught:
        fsio.write_text(target, "x")
    assert str(caught.value) == f"{target}: cannot write: permission denied"
    assert list(tmp_path.iterdir()) == []


def test_a_writer_failing_on_the_disk_is_an_output_error(tmp_path: Path):
    """An OSError from the writer (a full disk) becomes an OutputError naming the target."""

    def full(fh: IO[bytes]) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError, match="cannot write: no space left on device"):
        fsio.write_with(tmp_path / "out.docx", full)
    assert list(tmp_path.iterdir()) == []


def test_make_folder_creates_parents_and_explains_a_file_in_the_way(tmp_path: Path):
    """make_folder creates a folder chain; a file in the way is an OutputError."""
    assert fsio.make_folder(tmp_path / "a" / "b").is_dir()
    (tmp_path / "f").write_text("")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        fsio.make_folder(tmp_path / "f" / "g")
