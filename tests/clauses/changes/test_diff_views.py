"""A clause diff as terminal text, Markdown, HTML and JSON."""

from __future__ import annotations

import json

import pytest

from tenderkit.clauses.changes.clause_diff import ClauseDiff, diff_clause
from tenderkit.clauses.changes.diff_views import (
    clause_html,
    clause_markdown,
    diff_json,
    diff_text,
    md_escape,
)
from tenderkit.clauses.changes.severity import Classification, classify
from tenderkit.clauses.model import Clause
from tenderkit.clauses.resolve import ResolvedClause
from tests.conftest import clause, version

HOSTILE = 'Staff <script>alert("x")</script> & *managers* | [link](x) must review.'


@pytest.fixture
def hostile() -> tuple[ClauseDiff, Classification]:
    """A diff whose texts hold markup characters on both sides."""
    model = Clause.model_validate(
        clause(
            "WC-CV-001",
            version("1.0.0", text=HOSTILE, parameters={}),
            version(
                "2.0.0", obligation="should", text=HOSTILE.replace("must", "should"), parameters={}
            ),
        )
    )
    old, new = (ResolvedClause(model, v) for v in model.versions)
    diff = diff_clause(old, new)
    return diff, classify(diff, old, new)


def test_text_marks_deletions_and_insertions_in_wdiff_notation(
    hostile: tuple[ClauseDiff, Classification],
) -> None:
    """Uncoloured text still shows what went and what came."""
    text = diff_text(*hostile)
    assert "[-must-]{+should+} review." in text
    assert "breaking   Obligation: obligation weakened: must → should" in text


def test_text_can_be_painted_per_span(hostile: tuple[ClauseDiff, Classification]) -> None:
    """The painter sees each span with its operation."""
    text = diff_text(*hostile, paint=lambda t, op: t.upper() if op == "insert" else t)
    assert "{+SHOULD+}" in text


def test_html_escapes_clause_text_and_marks_changes(
    hostile: tuple[ClauseDiff, Classification],
) -> None:
    """No markup from a clause reaches the page unescaped; changes are <del>/<ins>."""
    page = clause_html(*hostile)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in page
    assert "<del>must</del><ins>should</ins>" in page
    assert page.startswith("<!DOCTYPE html>")


def test_markdown_escapes_clause_text_and_marks_changes(
    hostile: tuple[ClauseDiff, Classification],
) -> None:
    """Markdown specials and HTML in a clause are escaped; changes are <del>/<ins>."""
    page = clause_markdown(*hostile)
    assert "<script>" not in page
    assert r"\<script\>" in page and r"\*managers\*" in page and r"\|" in page
    assert "<del>must</del><ins>should</ins>" in page
    assert md_escape("a_b\nc") == r"a\_b<br>c"


def test_json_holds_changes_with_severity_and_spans_that_rebuild_both_texts(
    hostile: tuple[ClauseDiff, Classification],
) -> None:
    """The JSON change list names each change; a section's spans give back each version."""
    data = json.loads(json.dumps(diff_json(*hostile)))
    assert data["classification"] == {
        "severity": "breaking",
        "required_release": "major",
        "actual_release": "major",
        "too_small": False,
    }
    assert data["changes"][0]["code"] == "obligation-changed"
    text = next(s for s in data["sections"] if s["key"] == "text")
    spans = text["paragraphs"][0]["spans"]
    assert "".join(s["text"] for s in spans if s["op"] != "insert") == HOSTILE
    assert "".join(s["text"] for s in spans if s["op"] != "delete") == HOSTILE.replace(
        "must", "should"
    )


def test_an_identical_diff_says_so_in_every_view() -> None:
    """Same content: the text, Markdown and JSON all say there is nothing to review."""
    model = Clause.model_validate(clause("WC-CV-001", version("1.0.0")))
    side = ResolvedClause(model, model.versions[0])
    diff = diff_clause(side, side)
    classification = classify(diff, side, side)
    assert "No content changes" in diff_text(diff, classification)
    assert "No content changes" in clause_markdown(diff, classification)
    data = diff_json(diff, classification)
    assert (data["identical"], data["changes"]) == (True, [])
