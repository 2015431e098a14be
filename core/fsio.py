"""Atomic file output: write beside the target, then rename over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it to the target.

    On any exception the temporary file is removed and the target is left untouched,
    so no partial output is ever seen under the final name.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes(target: Path | str, data: bytes) -> None:
    """Write bytes to target atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: Path | str, text: str) -> None:
    """Write UTF-8 text (LF line endings) to target atomically."""
    write_bytes(target, text.encode("utf-8"))


def write_with(target: Path | str, writer: Callable[[IO[bytes]], None]) -> None:
    """Call writer with a binary file object, then move the result to target atomically."""
    with atomic_path(target) as tmp, tmp.open("wb") as fh:
        writer(fh)
