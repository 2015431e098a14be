"""Atomic file output: write beside the target, then rename over it.

Every failure to write (a folder that cannot be created, no permission, a full disk)
becomes an OutputError naming the target, never the temporary file beside it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from tenderkit.errors import Location, OutputError


def cannot_write(target: Path, exc: OSError) -> OutputError:
    """The error for an OSError met while writing target, in the user's terms."""
    for folder in target.parents:
        if folder.exists():
            if not folder.is_dir():
                return OutputError(
                    f"cannot write: {folder} is a file, not a folder", Location(target)
                )
            break
    reason = exc.strerror or type(exc).__name__
    return OutputError(f"cannot write: {reason.lower()}", Location(target))


def make_folder(folder: Path | str) -> Path:
    """Create folder (and missing parents) for output; OutputError when that is impossible."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(folder, exc) from None
    return folder


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it to the target.

    Missing folders on the way to target are created. On any exception the temporary
    file is removed and the target is left untouched, so no partial output is ever seen
    under the final name.
    """
    target = Path(target)
    if target.is_dir():
        raise OutputError("is a folder; name a file to write", Location(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise cannot_write(target, exc) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        try:
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except OSError as exc:
            raise cannot_write(target, exc) from None
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes(target: Path | str, data: bytes) -> None:
    """Write bytes to target atomically."""
    with atomic_path(target) as tmp:
        try:
            tmp.write_bytes(data)
        except OSError as exc:
            raise cannot_write(Path(target), exc) from None


def write_text(target: Path | str, text: str) -> None:
    """Write UTF-8 text (LF line endings) to target atomically."""
    write_bytes(target, text.encode("utf-8"))


def write_with(target: Path | str, writer: Callable[[IO[bytes]], None]) -> None:
    """Call writer with a binary file object, then move the result to target atomically."""
    with atomic_path(target) as tmp:
        try:
            fh = tmp.open("wb")
        except OSError as exc:
            raise cannot_write(Path(target), exc) from None
        with fh:
            try:
                writer(fh)
            except OSError as exc:  # a writer only writes: this is the output failing
                raise cannot_write(Path(target), exc) from None
