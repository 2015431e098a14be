"""The version rule clauses and rubrics share: which version a reference picks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tenderkit.semver import Version
from tenderkit.version_choice import Refusal, choose_version, status_refusal


@dataclass(frozen=True)
class Item:
    number: str
    status: str


HISTORY = [
    Item("1.0.0", "superseded"),
    Item("1.1.0", "approved"),
    Item("1.2.0", "draft"),
    Item("2.0.0", "withdrawn"),
    Item("2.1.0", "approved"),
]


def choose(range_text: str | None, items: list[Item] = HISTORY, allow_drafts: bool = False):
    return choose_version(
        items,
        range_text,
        version=lambda i: Version.parse(i.number),
        status=lambda i: i.status,
        allow_drafts=allow_drafts,
    )


@pytest.mark.parametrize(
    ("range_text", "picked"),
    [(None, "2.1.0"), ("1", "1.1.0"), ("^1.0", "1.1.0"), ("~1.1", "1.1.0"), ("2", "2.1.0")],
)
def test_no_range_or_a_compatible_range_picks_the_latest_approved(
    range_text: str | None, picked: str
):
    """Without a range, or with a compatible one, the newest approved version in it wins."""
    choice = choose(range_text)
    assert choice.refusal is None
    assert choice.picked is not None and choice.picked.number == picked


def test_an_exact_version_may_be_superseded():
    """An exact reference picks a superseded version, so old documents can be rebuilt."""
    choice = choose("1.0.0")
    assert choice.refusal is None and choice.picked == HISTORY[0]


def test_an_exact_draft_needs_drafts_allowed():
    """A draft is picked by an exact reference only when drafts are allowed."""
    refused = choose("1.2.0")
    assert (refused.refusal, refused.picked) == (Refusal.DRAFT, HISTORY[2])
    assert choose("1.2.0", allow_drafts=True).refusal is None


def test_a_withdrawn_version_is_never_used():
    """A withdrawn version is refused even with drafts allowed."""
    choice = choose("2.0.0", allow_drafts=True)
    assert (choice.refusal, choice.picked) == (Refusal.WITHDRAWN, HISTORY[3])


@pytest.mark.parametrize(
    ("range_text", "refusal"),
    [
        ("9.9.9", Refusal.NO_SUCH_VERSION),
        ("3", Refusal.NONE_APPROVED),
        ("banana", Refusal.BAD_RANGE),
    ],
)
def test_what_matches_nothing_says_why(range_text: str, refusal: Refusal):
    """A missing version, an empty range and a malformed range each give their reason."""
    choice = choose(range_text)
    assert choice.refusal is refusal and choice.picked is None


def test_a_malformed_range_carries_the_parse_problem():
    """The reason a range did not parse is kept for the message."""
    assert "'banana' is not a version reference" in choose("banana").problem


def test_drafts_are_never_picked_by_a_range():
    """Allowing drafts does not let a range pick one: ranges pick approved versions only."""
    choice = choose("~1.2", allow_drafts=True)
    assert choice.refusal is Refusal.NONE_APPROVED


def test_status_refusal_is_the_exact_version_rule():
    """Approved and superseded are usable; withdrawn never; drafts only when allowed."""
    assert status_refusal("approved", allow_drafts=False) is None
    assert status_refusal("superseded", allow_drafts=False) is None
    assert status_refusal("withdrawn", allow_drafts=True) is Refusal.WITHDRAWN
    assert status_refusal("draft", allow_drafts=False) is Refusal.DRAFT
    assert status_refusal("draft", allow_drafts=True) is None
