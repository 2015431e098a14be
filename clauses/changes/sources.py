"""Where a library to compare comes from: a folder, or a git revision of one.

`git:REV[:PATH]` reads the library folder PATH as it was in revision REV of the git
repository that holds the current directory, through `git archive` into a temporary
folder. PATH is relative to the repository's top level. Without PATH, the path is taken
from the other side of the comparison: its folder when that is inside the same repository
(so `git:v1.0 clauses/library` compares that folder with itself at v1.0), or its PATH when
it is a `git:REV:PATH` too; otherwise it is the current directory's own path in the
repository (run the command from the library folder).
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from tenderkit.clauses.library import Library, load_library
from tenderkit.errors import InputError, NotFoundError, TenderkitError

GIT_PREFIX = "git:"
GIT_TIMEOUT_SECONDS = 60
SOURCE_HINT = "OLD and NEW are clause library folders, or git:REV[:PATH]"


@dataclass(frozen=True)
class GitSpec:
    rev: str
    path: str | None


def parse_git_spec(spec: str) -> GitSpec | None:
    """`git:REV[:PATH]` -> GitSpec; anything else (a folder) -> None."""
    if not spec.startswith(GIT_PREFIX):
        return None
    rev, _, path = spec.removeprefix(GIT_PREFIX).partition(":")
    if not rev:
        raise InputError(f"{spec}: name a revision, as in git:HEAD~1 or git:v1.0:clauses/library")
    if rev.startswith("-"):
        raise InputError(f"{spec}: a revision cannot start with '-'")
    return GitSpec(rev, path or None)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise InputError("git is not installed; compare two library folders instead") from None


def repository_root(cwd: Path) -> Path:
    result = _git(["rev-parse", "--show-toplevel"], cwd)
    if result.returncode != 0:
        raise InputError(f"{cwd} is not inside a git repository, so git: sources cannot be read")
    return Path(result.stdout.decode().strip())


def _default_path(root: Path, cwd: Path, other: str | None) -> str:
    other_git = parse_git_spec(other) if other is not None else None
    if other_git is not None and other_git.path is not None:
        return other_git.path
    candidates = []
    if other is not None and other_git is None:
        candidates.append((cwd / other).resolve())
    candidates.append(cwd.resolve())
    for candidate in candidates:
        try:
            return candidate.relative_to(root.resolve()).as_posix() or "."
        except ValueError:
            continue
    return "."


def _relocate(error: TenderkitError, folder: Path, prefix: str) -> TenderkitError:
    """Name files inside the temporary checkout as `REV:path`, not as temporary paths."""
    location = error.location
    if location is None or location.file is None:
        return error
    try:
        inside = Path(location.file).relative_to(folder)
    except ValueError:
        return error
    moved = replace(location, file=f"{prefix}{inside.as_posix()}")
    return type(error)(error.message, moved, error.hint)


def _extract(archive: bytes, folder: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")


@contextlib.contextmanager
def checkout(spec: GitSpec, cwd: Path, other: str | None = None) -> Iterator[tuple[Path, str, str]]:
    """Yield a temporary folder holding PATH as of the revision, PATH itself, and a label."""
    root = repository_root(cwd)
    path = PurePosixPath(spec.path or _default_path(root, cwd, other)).as_posix()
    verified = _git(["rev-parse", "--verify", "--quiet", f"{spec.rev}^{{commit}}"], root)
    if verified.returncode != 0:
        raise NotFoundError(f"git revision {spec.rev!r} does not exist in {root}")
    commit = verified.stdout.decode().strip()
    archived = _git(["archive", "--format=tar", commit, "--", path], root)
    if archived.returncode != 0:
        raise NotFoundError(f"git:{spec.rev}: there is no folder {path!r} in that revision")
    label = f"git:{spec.rev}:{path} ({commit[:10]})"
    with tempfile.TemporaryDirectory(prefix="tenderkit-git-") as tmp:
        _extract(archived.stdout, Path(tmp))
        yield Path(tmp), path, label


@contextlib.contextmanager
def open_library(
    spec: str, *, other: str | None = None, cwd: Path | None = None
) -> Iterator[tuple[Library, str]]:
    """Load the library a source names (a folder or `git:REV[:PATH]`) with a label for it.

    `other` is the other side of the comparison, used for a git source's default PATH.
    """
    here = Path(cwd or os.getcwd())
    git = parse_git_spec(spec)
    if git is None:
        label = os.path.normpath(spec)
        try:
            library = load_library(here / spec)
        except NotFoundError as exc:
            # load_library's hint names --library, which library diff does not have.
            raise NotFoundError(exc.message, exc.location, SOURCE_HINT) from None
        yield library, str(here.resolve()) if label == "." else label
        return
    with checkout(git, here, other) as (tmp, path, label):
        try:
            library = load_library(tmp / path)
        except TenderkitError as exc:
            raise _relocate(exc, tmp, f"git:{git.rev}:") from None
        yield library, label
