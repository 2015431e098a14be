"""Atomic file output."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import pytest

from tenderkit import fsio


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
