"""Library sources: a folder, or `git:REV[:PATH]` read from the current repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderkit.clauses.changes.sources import open_library, parse_git_spec
from tenderkit.errors import InputError, NotFoundError
from tests.conftest import LibraryFactory, clause, version, write_yaml
from tests.support.gitrepo import git


@pytest.fixture
def repo(make_library: LibraryFactory, tmp_path: Path) -> Path:
    """A git repository whose `lib/` folder has two commits: 1.0.0 only, then 1.1.0 added."""
    root = tmp_path / "repo"
    make_library(clause("WC-CV-001", version("1.0.0")), name="repo/lib")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    make_library(
        clause("WC-CV-001", version("1.0.0", status="superseded"), version("1.1.0")),
        name="repo/lib",
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "second")
    return root


def versions(spec: str, cwd: Path, other: str | None = None) -> list[str]:
    with open_library(spec, other=other, cwd=cwd) as (library, _):
        return [v.version for v in library.get("WC-CV-001").versions]


def test_a_git_source_reads_the_library_as_it_was_in_that_revision(repo: Path) -> None:
    """git:HEAD~1:lib holds only the first version."""
    assert versions("git:HEAD~1:lib", repo) == ["1.0.0"]
    assert versions("git:HEAD:lib", repo) == ["1.0.0", "1.1.0"]


def test_without_a_path_the_other_side_names_the_folder(repo: Path) -> None:
    """git:HEAD~1 compared with lib reads lib from that revision."""
    assert versions("git:HEAD~1", repo, other="lib") == ["1.0.0"]
    assert versions("git:HEAD~1", repo, other="git:HEAD:lib") == ["1.0.0"]


def test_without_a_path_or_a_folder_the_current_directory_is_used(repo: Path) -> None:
    """Run from inside the library folder, git:HEAD~1 means this folder then."""
    assert versions("git:HEAD~1", repo / "lib", other="git:HEAD") == ["1.0.0"]


def test_the_label_names_revision_path_and_commit(repo: Path) -> None:
    """The report says exactly which commit it read."""
    with open_library("git:HEAD~1:lib", cwd=repo) as (_, label):
        assert label.startswith("git:HEAD~1:lib (") and len(label) == len("git:HEAD~1:lib ()") + 10


def test_a_revision_that_does_not_exist_is_named(repo: Path) -> None:
    """An unknown revision is a NotFoundError naming it."""
    with pytest.raises(NotFoundError, match="git revision 'nosuch' does not exist"):
        versions("git:nosuch:lib", repo)


def test_a_path_missing_from_the_revision_is_named(repo: Path) -> None:
    """A folder that the revision does not have is named with the revision."""
    with pytest.raises(NotFoundError, match="git:HEAD: there is no folder 'nowhere'"):
        versions("git:HEAD:nowhere", repo)


def test_a_folder_in_git_that_is_not_a_library_is_named_by_revision(repo: Path) -> None:
    """The repository root is not a library; the message names git:REV:., not a temp folder."""
    with pytest.raises(NotFoundError) as caught:
        versions("git:HEAD:.", repo)
    assert str(caught.value).startswith("git:HEAD:.: not a clause library")


def test_a_broken_clause_file_in_git_is_named_by_revision_and_path(repo: Path) -> None:
    """Problems inside a revision point at git:REV:path/file.yaml."""
    write_yaml(repo / "lib" / "culture-values" / "WC-CV-001.yaml", {"id": "WC-CV-001"})
    git(repo, "commit", "-q", "-am", "broken")
    with pytest.raises(InputError) as caught:
        versions("git:HEAD:lib", repo)
    assert str(caught.value).startswith("git:HEAD:lib/culture-values/WC-CV-001.yaml:")


def test_git_sources_need_a_repository(tmp_path: Path) -> None:
    """Outside a repository, a git: source is refused with the reason."""
    with pytest.raises(InputError, match="is not inside a git repository"):
        versions("git:HEAD", tmp_path)


def test_a_revision_that_looks_like_an_option_is_refused() -> None:
    """`git:--output=x` is never passed to git."""
    with pytest.raises(InputError, match="cannot start with '-'"):
        parse_git_spec("git:--output=/tmp/x")
    with pytest.raises(InputError, match="name a revision"):
        parse_git_spec("git:")
    assert parse_git_spec("clauses/library") is None


def test_a_folder_that_is_not_a_library_is_refused(tmp_path: Path) -> None:
    """A plain folder gives the loader's one-line explanation."""
    with pytest.raises(NotFoundError, match="not a clause library"):
        versions(str(tmp_path), tmp_path)
