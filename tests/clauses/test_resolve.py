"""Version resolution: which version `ID`, `ID@1`, `ID@^1.2`, `ID@~1.2` and `ID@1.2.0` mean."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tenderkit.clauses.library import Library, load_library
from tenderkit.clauses.resolve import resolve
from tenderkit.errors import NotFoundError, ResolutionError
from tests.support.builders import clause, version


@pytest.fixture
def library(make_library: Callable[..., Path]) -> Library:
    """WC-CV-001 has a superseded, approved, withdrawn, approved and draft version;
    WC-CV-002 has only a draft."""
    history = clause(
        "WC-CV-001",
        version("1.0.0", "superseded"),
        version("1.1.0", "approved"),
        version("1.2.0", "withdrawn"),
        version("2.0.0", "approved", title="Wellbeing reviews, revised"),
        version("2.1.0", "draft"),
    )
    return load_library(make_library(history, clause("WC-CV-002", version("0.1.0", "draft"))))


def picked(library: Library, reference: str, **kwargs: bool) -> str:
    return resolve(library, reference, **kwargs).version.version


def test_a_bare_id_is_the_latest_approved_version(library: Library):
    """`ID` picks the newest approved version, skipping drafts after it."""
    result = resolve(library, "WC-CV-001")
    assert result.version.version == "2.0.0"
    assert result.ref == "WC-CV-001@2.0.0"
    assert result.title == "Wellbeing reviews, revised"


def test_allowing_drafts_does_not_change_what_a_bare_id_means(library: Library):
    """Drafts are never picked by a bare id or a range, even when drafts are allowed."""
    assert picked(library, "WC-CV-001", allow_drafts=True) == "2.0.0"
    assert picked(library, "WC-CV-001@2", allow_drafts=True) == "2.0.0"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("WC-CV-001@1", "1.1.0"),
        ("WC-CV-001@^1", "1.1.0"),
        ("WC-CV-001@^1.0", "1.1.0"),
        ("WC-CV-001@^1.1", "1.1.0"),
        ("WC-CV-001@~1.1", "1.1.0"),
        ("WC-CV-001@1.1", "1.1.0"),
        ("WC-CV-001@2", "2.0.0"),
        ("WC-CV-001@^2.0", "2.0.0"),
    ],
)
def test_a_range_is_the_latest_approved_version_inside_it(
    library: Library, reference: str, expected: str
):
    """A range picks the newest approved version within it; withdrawn and drafts are skipped."""
    assert picked(library, reference) == expected


def test_an_exact_version_may_be_superseded(library: Library):
    """`ID@X.Y.Z` picks a superseded version, so an old contract can be reproduced."""
    result = resolve(library, "WC-CV-001@1.0.0")
    assert result.version.status == "superseded"


def test_an_exact_approved_version_is_returned(library: Library):
    """`ID@X.Y.Z` of an approved version picks it even when a newer one exists."""
    assert picked(library, "WC-CV-001@1.1.0") == "1.1.0"


def test_an_exact_draft_is_refused_unless_drafts_are_allowed(library: Library):
    """A draft is used only when allowed explicitly."""
    with pytest.raises(ResolutionError, match=r"WC-CV-001@2\.1\.0 is a draft") as caught:
        resolve(library, "WC-CV-001@2.1.0")
    assert "--allow-drafts" in str(caught.value)
    assert picked(library, "WC-CV-001@2.1.0", allow_drafts=True) == "2.1.0"


def test_a_withdrawn_version_is_refused_even_with_drafts_allowed(library: Library):
    """A withdrawn version can never be used."""
    with pytest.raises(ResolutionError, match=r"WC-CV-001@1\.2\.0 is withdrawn"):
        resolve(library, "WC-CV-001@1.2.0", allow_drafts=True)


def test_a_range_with_only_superseded_versions_is_refused(library: Library):
    """A range holding no approved version says so and lists the versions there are."""
    with pytest.raises(ResolutionError) as caught:
        resolve(library, "WC-CV-001@~1.0")
    message = str(caught.value)
    assert "WC-CV-001@~1.0: no approved version in range ~1.0" in message
    assert "1.0.0 (superseded), 1.1.0 (approved), 1.2.0 (withdrawn)" in message
    assert "pin an exact version" in message


def test_a_range_beyond_every_version_is_refused(library: Library):
    """A range no version falls in is refused."""
    with pytest.raises(ResolutionError, match="no approved version in range 3"):
        resolve(library, "WC-CV-001@3")


def test_a_clause_with_only_drafts_has_no_latest_version(library: Library):
    """A bare id of a clause that was never approved is refused."""
    with pytest.raises(ResolutionError, match=r"WC-CV-002: no approved version; versions: 0\.1\.0"):
        resolve(library, "WC-CV-002")


def test_an_unknown_version_is_refused_with_the_versions_there_are(library: Library):
    """An exact version the clause does not have is refused, listing its versions."""
    with pytest.raises(
        ResolutionError, match=r"WC-CV-001 has no version 3\.0\.0; versions: 1\.0\.0"
    ):
        resolve(library, "WC-CV-001@3.0.0")


def test_an_unknown_clause_id_is_not_found(library: Library):
    """An id the library lacks is a NotFoundError naming it."""
    with pytest.raises(NotFoundError, match="unknown clause 'WC-XX-001'"):
        resolve(library, "WC-XX-001@1.0.0")


@pytest.mark.parametrize(
    "bad", ["WC-CV-001@latest", "WC-CV-001@", "WC-CV-001@>=1.0", "WC-CV-001@1.x"]
)
def test_a_bad_range_is_refused_with_the_forms_accepted(library: Library, bad: str):
    """An unparseable version reference is a ResolutionError explaining the accepted forms."""
    with pytest.raises(ResolutionError, match="is not a version reference"):
        resolve(library, bad)
