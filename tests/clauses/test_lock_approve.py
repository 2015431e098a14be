"""The approval lock and `approve`: approved text is immutable, a change is a new version."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tenderkit.clauses.approve import approve
from tenderkit.clauses.library import load_library
from tenderkit.clauses.lint import lint_library
from tenderkit.clauses.lock import LOCK_NAME, Lock
from tenderkit.clauses.model import version_hash
from tenderkit.errors import InputError, IntegrityError, NotFoundError
from tests.support.builders import clause, version

MakeLibrary = Callable[..., Path]

#: A clause file as an author writes it: comments, a folded text, an approved 1.0.0 and a
#: draft 2.0.0 waiting for approval (a shorter default interval is a breaking change).
AUTHORED = textwrap.dedent(
    """\
    # yaml-language-server: $schema=../../schemas/clause.schema.json
    # Owner: contracts team. Keep versions oldest first.
    id: WC-CV-001
    title: Wellbeing reviews
    domain: culture-values
    stage: procure-contract
    kind: requirement
    versions:
      - version: 1.0.0
        status: approved  # approved at the April board
        effective: 2025-04-01
        approver: Head of Contracts
        obligation: must
        text: >-
          The Provider must review staff wellbeing every {{ months }} months.
        parameters:
          months:
            type: integer
            default: 6
            min: 1
            max: 12
            description: Interval.
      # The draft below tightens the interval.
      - version: 2.0.0
        status: draft
        change_note: Reviews every quarter by default.
        obligation: must
        text: >-
          The Provider must review staff wellbeing with staff every {{ months }} months.
        parameters:
          months:
            type: integer
            default: 3
            min: 1
            max: 12
            description: Interval.
    """
)


@pytest.fixture
def authored(make_library: MakeLibrary) -> Path:
    """A library whose one clause file was written by hand, with its 1.0.0 in the lock."""
    root = make_library()
    path = root / "culture-values" / "WC-CV-001.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(AUTHORED, encoding="utf-8")
    library = load_library(root)
    first = library.get("WC-CV-001")
    library.lock.record("WC-CV-001@1.0.0", version_hash(first, first.versions[0]))
    library.lock.save()
    return root


def clause_file(root: Path) -> Path:
    return root / "culture-values" / "WC-CV-001.yaml"


def rules(root: Path) -> list[str]:
    return [f.rule for f in lint_library(root)]


def test_a_missing_lock_file_is_an_empty_lock(tmp_path: Path):
    """A library without a lock file has no approvals recorded yet."""
    lock = Lock.load(tmp_path / LOCK_NAME)
    assert lock.approved == {}


def test_a_lock_file_round_trips_sorted(tmp_path: Path):
    """Saving writes format 1 and sorted keys; loading reads the same hashes back."""
    lock = Lock(tmp_path / LOCK_NAME)
    lock.record("WC-CV-002@1.0.0", "sha256:bb")
    lock.record("WC-CV-001@1.0.0", "sha256:aa")
    lock.save()
    body = json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8"))
    assert body == {
        "format": 1,
        "approved": {"WC-CV-001@1.0.0": "sha256:aa", "WC-CV-002@1.0.0": "sha256:bb"},
    }
    assert list(body["approved"]) == ["WC-CV-001@1.0.0", "WC-CV-002@1.0.0"]
    assert Lock.load(tmp_path / LOCK_NAME).approved == lock.approved


def test_a_lock_file_that_is_not_json_names_its_line(tmp_path: Path):
    """A corrupted lock file is an InputError naming the file and line."""
    path = tmp_path / LOCK_NAME
    path.write_text('{\n  "format": 1,\n  "approved": {,}\n}\n', encoding="utf-8")
    with pytest.raises(InputError, match="lock file is not valid JSON") as caught:
        Lock.load(path)
    assert caught.value.location is not None
    assert caught.value.location.line == 3


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"format": 2, "approved": {}}, "lock file format must be 1"),
        ([], "lock file format must be 1"),
        ({"format": 1, "approved": {"WC-CV-001@1.0.0": "md5:x"}}, "'approved' must map"),
        ({"format": 1, "approved": ["WC-CV-001@1.0.0"]}, "'approved' must map"),
    ],
)
def test_a_lock_file_of_the_wrong_shape_is_refused(tmp_path: Path, body: object, message: str):
    """A lock file with the wrong format number or shape is refused."""
    path = tmp_path / LOCK_NAME
    path.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        Lock.load(path)


def test_make_library_records_a_hash_for_each_approved_version(make_library: MakeLibrary):
    """A library written with its lock loads with one hash per approved version."""
    root = make_library(clause("WC-CV-001", version("1.0.0", "superseded"), version("1.1.0")))
    library = load_library(root)
    c = library.get("WC-CV-001")
    assert library.lock.approved == {
        "WC-CV-001@1.0.0": version_hash(c, c.versions[0]),
        "WC-CV-001@1.1.0": version_hash(c, c.versions[1]),
    }


def test_approving_a_draft_sets_it_approved_and_supersedes_older_versions(authored: Path):
    """The draft becomes approved with approver and date; the older approved one is superseded."""
    result = approve(
        load_library(authored),
        "WC-CV-001",
        "2.0.0",
        approver="Director of Workforce",
        effective=dt.date(2026, 4, 1),
    )
    assert result.key == "WC-CV-001@2.0.0"
    assert result.superseded == ("WC-CV-001@1.0.0",)
    assert not result.already_recorded
    reloaded = load_library(authored).get("WC-CV-001")
    old, new = reloaded.versions
    assert (old.status, new.status) == ("superseded", "approved")
    assert new.approver == "Director of Workforce"
    assert new.effective == dt.date(2026, 4, 1)


def test_approving_records_the_hash_of_the_approved_content(authored: Path):
    """The lock gets the new version's content hash, and the library then lints clean."""
    result = approve(load_library(authored), "WC-CV-001", "2.0.0", approver="Director")
    library = load_library(authored)
    c = library.get("WC-CV-001")
    assert (
        library.lock.approved["WC-CV-001@2.0.0"] == result.digest == version_hash(c, c.versions[1])
    )
    assert library.lock.approved["WC-CV-001@1.0.0"] == version_hash(c, c.versions[0])
    assert lint_library(authored) == []


def test_approving_preserves_comments_and_layout(authored: Path):
    """Approving rewrites only the fields it changes; the author's comments survive."""
    approve(
        load_library(authored),
        "WC-CV-001",
        "2.0.0",
        approver="Director",
        effective=dt.date(2026, 4, 1),
    )
    text = clause_file(authored).read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../schemas/clause.schema.json\n"
        "# Owner: contracts team. Keep versions oldest first.\n"
    )
    assert "# approved at the April board" in text
    assert "# The draft below tightens the interval." in text
    assert "status: superseded  # approved at the April board" in text
    assert "text: >-\n" in text
    assert "effective: 2026-04-01" in text


def test_approving_without_a_date_uses_today(authored: Path):
    """A draft approved without an effective date takes effect today."""
    approve(load_library(authored), "WC-CV-001", "2.0.0", approver="Director")
    assert load_library(authored).get("WC-CV-001").versions[1].effective == dt.date.today()


def test_approving_a_draft_needs_an_approver(authored: Path):
    """A draft with no approver in the file or the arguments is refused, with a hint."""
    before = clause_file(authored).read_text(encoding="utf-8")
    with pytest.raises(InputError, match=r"WC-CV-001@2\.0\.0 needs an approver") as caught:
        approve(load_library(authored), "WC-CV-001", "2.0.0")
    assert "--approver" in str(caught.value)
    assert clause_file(authored).read_text(encoding="utf-8") == before


def test_approving_a_hand_approved_version_records_its_hash(make_library: MakeLibrary):
    """A version approved by hand but missing from the lock has its hash recorded as it stands."""
    root = make_library(clause("WC-CV-001"), lock=False)
    assert rules(root) == ["lock-missing"]
    result = approve(load_library(root), "WC-CV-001", "1.0.0")
    assert not result.already_recorded
    assert result.superseded == ()
    assert rules(root) == []


def test_approving_an_already_recorded_version_changes_nothing(make_library: MakeLibrary):
    """Approving again reports that the version is already approved."""
    root = make_library(clause("WC-CV-001"))
    lock_before = (root / LOCK_NAME).read_text(encoding="utf-8")
    result = approve(load_library(root), "WC-CV-001", "1.0.0")
    assert result.already_recorded
    assert (root / LOCK_NAME).read_text(encoding="utf-8") == lock_before


def test_approving_an_edited_approved_version_is_refused(make_library: MakeLibrary):
    """Re-approving an approved version whose text changed is an IntegrityError."""
    root = make_library(clause("WC-CV-001"))
    path = clause_file(root)
    path.write_text(
        path.read_text(encoding="utf-8").replace("staff wellbeing", "wellbeing"), encoding="utf-8"
    )
    with pytest.raises(IntegrityError, match="publish the change as a new version"):
        approve(load_library(root), "WC-CV-001", "1.0.0")


def test_a_withdrawn_version_cannot_be_approved(make_library: MakeLibrary):
    """A withdrawn version stays withdrawn."""
    root = make_library(clause("WC-CV-001", version("1.0.0", "withdrawn")))
    with pytest.raises(InputError, match="withdrawn version cannot be approved"):
        approve(load_library(root), "WC-CV-001", "1.0.0", approver="x")


def test_approving_an_unknown_version_lists_the_versions(make_library: MakeLibrary):
    """An unknown version is NotFoundError listing those that exist."""
    root = make_library(clause("WC-CV-001"))
    with pytest.raises(NotFoundError, match=r"WC-CV-001 has no version 9\.9\.9; versions: 1\.0\.0"):
        approve(load_library(root), "WC-CV-001", "9.9.9", approver="x")


def test_editing_an_approved_version_is_a_lock_mismatch(authored: Path):
    """Changing an approved version's text afterwards makes lint report lock-mismatch at it."""
    path = clause_file(authored)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("must review staff wellbeing", "must review wellbeing"), encoding="utf-8"
    )
    findings = lint_library(authored)
    assert [(f.rule, f.location.line, f.location.path) for f in findings] == [
        ("lock-mismatch", 9, "versions[0]")
    ]
    assert "WC-CV-001@1.0.0 was approved and its content has changed" in findings[0].message


def test_superseding_does_not_break_the_lock(make_library: MakeLibrary):
    """Marking an approved version superseded by hand keeps its hash valid."""
    root = make_library(clause("WC-CV-001", version("1.0.0"), version("1.1.0")))
    path = clause_file(root)
    text = path.read_text(encoding="utf-8").replace("status: approved", "status: superseded", 1)
    path.write_text(text, encoding="utf-8")
    assert rules(root) == []


def test_a_draft_naming_an_initiative_cannot_be_approved(make_library: MakeLibrary):
    """Approval runs the content rules first: a draft naming a deny-list initiative stays a draft."""
    draft = version(
        "1.1.0", "draft", text="The Provider must run Schwartz Rounds every {{ months }} months."
    )
    root = make_library(clause("WC-CV-001", version("1.0.0"), draft))
    with pytest.raises(InputError, match=r"cannot be approved: \[prescriptive\]") as err:
        approve(load_library(root), "WC-CV-001", "1.1.0", approver="Head of Contracts")
    assert err.value.location is not None and err.value.location.path == "versions[1].text"
    assert "WC-CV-001@1.1.0" not in load_library(root).lock.approved
    assert load_library(root).get("WC-CV-001").versions[1].status == "draft"


def test_a_lock_file_that_is_a_folder_is_refused(tmp_path: Path):
    """A folder named like the lock file is an InputError, not a traceback."""
    (tmp_path / LOCK_NAME).mkdir()
    with pytest.raises(InputError, match="the lock file is a folder, not a file"):
        Lock.load(tmp_path / LOCK_NAME)


def test_a_lock_file_nested_too_deeply_is_refused(tmp_path: Path):
    """JSON nested past the parser's recursion limit is refused as invalid JSON."""
    path = tmp_path / LOCK_NAME
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON: nested too deeply"):
        Lock.load(path)
