"""The library's release number against its changes since the last recorded release."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tenderkit.clauses.changes.since_release import release_findings
from tenderkit.clauses.library import load_library
from tenderkit.clauses.lint import lint_library
from tenderkit.clauses.model import Status
from tenderkit.clauses.record_release import record_release
from tenderkit.clauses.releases import (
    library_at_release,
    load_releases,
    release_before,
    release_key,
)
from tenderkit.errors import InputError
from tenderkit.findings import Finding
from tests.conftest import LibraryFactory, clause, version

DAY = dt.date(2026, 11, 26)

FIRST = clause("WC-CV-001", version("1.0.0"))
#: 2.0.0 weakens the obligation: a breaking change.
WEAKENED = clause(
    "WC-CV-001",
    version("1.0.0", status="superseded"),
    version("2.0.0", obligation="should", effective="2026-12-01"),
)
#: 1.1.0 only adds an evidence item: an additive change.
WIDENED = clause(
    "WC-CV-001",
    version("1.0.0", status="superseded"),
    version(
        "1.1.0",
        effective="2026-12-01",
        evidence=["The latest wellbeing review.", "Staff survey results."],
    ),
)


def released(make_library: LibraryFactory, *clauses: dict[str, Any], **meta: Any) -> Path:
    """A library recorded as a release in its releases file."""
    root = make_library(*clauses, **meta)
    record_release(load_library(root), DAY)
    return root


def findings_of(root: Path) -> list[Finding]:
    return release_findings(load_library(root))


def test_a_breaking_change_without_a_new_release_number_fails_lint(
    make_library: LibraryFactory,
) -> None:
    """The finding sits on library.yaml's release line and names the clause and the release."""
    released(make_library, FIRST)
    root = make_library(WEAKENED)
    (finding,) = [f for f in lint_library(root) if f.rule == "release-number"]
    assert finding.location.file == root / "library.yaml"
    assert (finding.location.path, finding.location.line) == ("release", 2)
    assert "changed since release 1 (WC-CV-001 breaking)" in finding.message
    assert "still says release 1" in finding.message


def test_a_breaking_change_with_a_new_release_number_passes(make_library: LibraryFactory) -> None:
    """Raising the number is all a sequence release number needs."""
    released(make_library, FIRST)
    root = make_library(WEAKENED, release="2")
    assert findings_of(root) == []
    assert [f for f in lint_library(root) if f.blocking] == []


def test_a_release_number_that_goes_backwards_fails(make_library: LibraryFactory) -> None:
    """A number below the last recorded release is refused even with nothing changed."""
    released(make_library, FIRST, release="2026.11")
    root = make_library(FIRST, release="2026.9")
    (finding,) = findings_of(root)
    assert finding.rule == "release-order"
    assert "release 2026.9 is older than the last recorded release, 2026.11" in finding.message


def test_calendar_numbers_compare_as_numbers_not_text(make_library: LibraryFactory) -> None:
    """2027.1 follows 2026.11, although "2027.1" < "2026.11" would be false only by luck."""
    assert release_key("2027.1") > release_key("2026.11")
    assert release_key("2026.10") > release_key("2026.9")
    released(make_library, FIRST, release="2026.9")
    assert findings_of(make_library(WEAKENED, release="2026.10")) == []


def test_an_unchanged_library_keeps_its_release_number(make_library: LibraryFactory) -> None:
    """Nothing changed since the release: the same number is right."""
    root = released(make_library, FIRST)
    assert findings_of(root) == []


def test_a_new_draft_needs_no_new_release(make_library: LibraryFactory) -> None:
    """Drafts are in no release, so adding one leaves the released content as it was."""
    released(make_library, FIRST)
    root = make_library(clause("WC-CV-001", version("1.0.0"), version("2.0.0", status="draft")))
    assert findings_of(root) == []


def test_withdrawing_a_clause_needs_a_new_release(make_library: LibraryFactory) -> None:
    """A withdrawn version ends the clause: a breaking change to the release."""
    released(make_library, FIRST)
    withdrawn = clause(
        "WC-CV-001",
        version("1.0.0", status="superseded"),
        version("2.0.0", status="withdrawn", effective="2026-12-01"),
    )
    (finding,) = findings_of(make_library(withdrawn))
    assert "WC-CV-001 breaking" in finding.message


def test_a_withdrawn_later_version_leaves_the_version_in_use_recorded(
    make_library: LibraryFactory,
) -> None:
    """1.1.0 withdrawn beside approved 1.0.0: tenders still use 1.0.0, so the release
    records 1.0.0 and withdrawing 1.1.0 afterwards needs no new release number."""
    root = released(make_library, FIRST)
    make_library(clause("WC-CV-001", version("1.0.0"), version("1.1.0", status="withdrawn")))
    assert findings_of(root) == []
    record_release(load_library(root), DAY)
    (record,) = load_releases(load_library(root)).history.releases
    assert record.clauses["WC-CV-001"].version == "1.0.0"
    assert record.clauses["WC-CV-001"].status == "approved"


def test_semantic_release_numbers_must_rise_as_far_as_the_changes_need(
    make_library: LibraryFactory,
) -> None:
    """Breaking since 1.0.0 needs 2.0.0; a minor release says it is not breaking."""
    released(make_library, FIRST, release="1.0.0", release_numbers="semantic")
    (finding,) = findings_of(make_library(WEAKENED, release="1.1.0", release_numbers="semantic"))
    assert finding.rule == "release-number"
    assert "release 1.1.0 is a minor release after 1.0.0" in finding.message
    assert "changes since are breaking (WC-CV-001 breaking)" in finding.message
    assert "release it as 2.0.0 or later" in finding.message
    assert findings_of(make_library(WEAKENED, release="2.0.0", release_numbers="semantic")) == []


def test_an_additive_change_needs_a_minor_semantic_release(make_library: LibraryFactory) -> None:
    """An evidence item added since 1.0.0: 1.0.1 is too small, 1.1.0 is enough."""
    released(make_library, FIRST, release="1.0.0", release_numbers="semantic")
    (finding,) = findings_of(make_library(WIDENED, release="1.0.1", release_numbers="semantic"))
    assert "release it as 1.1.0 or later" in finding.message
    assert findings_of(make_library(WIDENED, release="1.1.0", release_numbers="semantic")) == []


def test_semantic_release_numbers_must_have_three_parts(make_library: LibraryFactory) -> None:
    released(make_library, FIRST, release="1.0.0", release_numbers="semantic")
    (finding,) = findings_of(make_library(WIDENED, release="2", release_numbers="semantic"))
    assert "release 2 is not MAJOR.MINOR.PATCH" in finding.message


def test_a_recorded_version_the_library_lost_is_reported_on_its_record(
    make_library: LibraryFactory,
) -> None:
    """The record names the clause and release; the location is the record's line."""
    root = released(make_library, FIRST)
    other = clause("WC-LM-001", version("1.0.0"), domain="leadership-management")
    (root / "culture-values" / "WC-CV-001.yaml").unlink()
    (root / "clauses.lock").unlink()
    make_library(other, release="2")
    (finding,) = findings_of(root)
    assert finding.rule == "release-record"
    assert finding.location.file == root / "releases.yaml"
    assert finding.location.path == "releases[0].clauses.WC-CV-001"
    assert finding.location.line is not None
    assert "release 1 contained WC-CV-001@1.0.0, which the library no longer has" in (
        finding.message
    )


def test_a_recorded_version_whose_content_changed_is_reported(
    make_library: LibraryFactory,
) -> None:
    root = released(make_library, FIRST)
    text = (root / "releases.yaml").read_text(encoding="utf-8")
    digest = text.split('hash: "')[1].split('"')[0]
    (root / "releases.yaml").write_text(text.replace(digest, "sha256:" + "0" * 64))
    (finding,) = findings_of(root)
    assert finding.rule == "release-record"
    assert "its content has changed since" in finding.message


def test_a_malformed_releases_file_is_one_finding_with_line_and_path(
    make_library: LibraryFactory,
) -> None:
    root = released(make_library, FIRST)
    text = (root / "releases.yaml").read_text(encoding="utf-8")
    (root / "releases.yaml").write_text(text.replace("status: approved", "status: maybe"))
    (finding,) = findings_of(root)
    assert finding.rule == "releases"
    assert finding.location.file == root / "releases.yaml"
    assert finding.location.path == "releases[0].clauses.WC-CV-001.status"
    entry_line = text.splitlines().index(next(x for x in text.splitlines() if "WC-CV-001:" in x))
    assert finding.location.line == entry_line + 1
    assert "'approved' or 'withdrawn'" in finding.message


def test_recording_a_release_adds_lines_and_changes_none(make_library: LibraryFactory) -> None:
    """The second release is appended; the first release's text stays byte for byte."""
    root = released(make_library, FIRST)
    before = (root / "releases.yaml").read_text(encoding="utf-8")
    make_library(WEAKENED, release="2")
    result = record_release(load_library(root), dt.date(2026, 12, 1))
    after = (root / "releases.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)
    assert (result.previous, result.already_recorded) == ("1", False)
    assert [c.clause_id for c in result.changes] == ["WC-CV-001"]
    history = load_releases(load_library(root)).history
    assert [r.release for r in history.releases] == ["1", "2"]
    assert history.releases[1].clauses["WC-CV-001"].version == "2.0.0"


def test_recording_the_same_release_again_changes_nothing(make_library: LibraryFactory) -> None:
    root = released(make_library, FIRST)
    before = (root / "releases.yaml").read_text(encoding="utf-8")
    assert record_release(load_library(root), dt.date(2027, 1, 1)).already_recorded
    assert (root / "releases.yaml").read_text(encoding="utf-8") == before


def test_a_changed_library_is_not_released_under_its_old_number(
    make_library: LibraryFactory,
) -> None:
    """Recording refuses with the lint finding, so a release number always names one content."""
    released(make_library, FIRST)
    root = make_library(WEAKENED)
    with pytest.raises(InputError, match=r"\[release-number\].*WC-CV-001 breaking"):
        record_release(load_library(root), dt.date(2026, 12, 1))


def test_the_library_at_a_release_restores_the_versions_and_statuses_then(
    make_library: LibraryFactory,
) -> None:
    """2.0.0 approved after release 1 is left out, and 1.0.0 is approved again."""
    released(make_library, FIRST)
    library = load_library(make_library(WEAKENED, release="2"))
    record = load_releases(library).history.releases[0]
    past = library_at_release(library, record)
    assert past.meta.release == "1"
    versions = past.clauses["WC-CV-001"].versions
    assert [(v.version, v.status) for v in versions] == [("1.0.0", Status.APPROVED)]


def test_the_bundled_library_passes_its_release_check(bundled: Any) -> None:
    """The shipped number is the last recorded release, whose content it still has."""
    assert release_findings(bundled) == []
    history = load_releases(bundled).history
    assert history.last is not None and history.last.release == bundled.meta.release
    previous = release_before(history, bundled.meta.release)
    assert previous is not None and previous.release == "2026.11"
