"""The fast YAML path reads every file exactly as the careful (ruamel round-trip) path does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit import yamlfast
from tenderkit.errors import InputError
from tenderkit.yamlio import MAX_YAML_DEPTH, parse_yaml, parse_yaml_carefully

REPO = Path(__file__).resolve().parents[2]


def _outcome(parse: Any, text: str) -> tuple[str, Any]:
    try:
        return "value", parse(text, "file.yaml").data
    except InputError as exc:
        return "error", str(exc)


def _takes_fast_path(text: str) -> bool:
    try:
        yamlfast.load_plain(text, MAX_YAML_DEPTH)
    except yamlfast.Unsupported:
        return False
    return True


def _bundled_yaml() -> list[Path]:
    folders = ["clauses/library", "clauses/data", "rubrics/library"]
    return sorted(p for folder in folders for p in (REPO / folder).rglob("*.yaml"))


def test_the_bundled_library_is_read_by_the_fast_path_with_the_same_values() -> None:
    """Every bundled clause, rubric and data file takes the fast path and reads the same."""
    files = _bundled_yaml()
    assert len(files) > 40
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert _takes_fast_path(text), file
        assert parse_yaml(text, file).data == parse_yaml_carefully(text, file).data, file


# Plain scalars whose YAML 1.1 and 1.2 readings differ, and the forms the fast path builds.
SAME_EITHER_WAY = [
    "a: yes",
    "a: on",
    "a: 1:30",
    "a: 1e3",
    "a: 1.5",
    "a: .5",
    "a: -.5e+3",
    "a: 0.",
    "a: -0",
    "a: +12",
    "a: 9223372036854775808",
    "a: 2027-01-15",
    "a: ~",
    "a:",
    "a: Null",
    "a: TRUE",
    "a: False",
    "a: 'x: y'",
    "a: '='",
    "a: |\n  x\n  y\n",
    "a: >-\n  x\n  y\n",
    "a: &x [1]\nb: *x",
    "a: &x 1\nb: *x\nc: &y two\nd: *y\n&k key: *k",
    "[" * MAX_YAML_DEPTH + "]" * MAX_YAML_DEPTH,
    "a: [1, {b: c}]",
    "- a\n- - b\n  - c",
    "2: x\n1.5: y\ntrue: z\n2027-01-01: d",
    "a: é ☃ 😀",
    "",
]

# Forms the fast path leaves to the careful one, which gives their value or their message.
CAREFUL_ONLY = [
    "a: 010",
    "a: 0o10",
    "a: 0x1F",
    "a: 1_000",
    "a: .inf",
    "a: 2027-02-30",
    "a: 2027-01-15T09:00:00Z",
    "a: !!str 12",
    "a: !!int '12'",
    "a: !!binary aGk=",
    "a: !!set {x}",
    "a: !foo x",
    "a: =",
    "a: 1\na: 2",
    "1: x\n1.0: y",
    "1: x\ntrue: y",
    "? [1, 2]\n: x",
    "<<: {a: 1}\nb: 2",
    'a: "x\\ty"',
    "k: v\n\tm: 1",
    "%YAML 1.1\n---\na: yes",
    "---\na: 1\n---\nb: 2",
    "a: [a, b",
    "a: *nowhere",
    "a: &x [1, *x]",
    "a: b: c",
    "a: \x07",
    "a: b\x85c",
    "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1),
]


@pytest.mark.parametrize("text", SAME_EITHER_WAY)
def test_a_plain_file_reads_the_same_on_the_fast_path(text: str) -> None:
    """Plain data takes the fast path and has the value the careful path gives it."""
    assert _takes_fast_path(text)
    assert _outcome(parse_yaml, text) == _outcome(parse_yaml_carefully, text)


@pytest.mark.parametrize("text", CAREFUL_ONLY)
def test_an_unusual_file_is_left_to_the_careful_path(text: str) -> None:
    """What the fast path does not build exactly is read carefully: same value, same error."""
    assert not _takes_fast_path(text)
    assert _outcome(parse_yaml, text) == _outcome(parse_yaml_carefully, text)


def test_an_anchor_used_twice_is_left_to_the_careful_path() -> None:
    """ruamel warns of a reused anchor; the fast path does not read such a file."""
    assert not _takes_fast_path("a: &x 1\nb: *x\nc: &x two\nd: *x\n")


def test_a_file_read_fast_still_names_the_line_of_a_value() -> None:
    """Lines come from the text when they are asked for, as the careful path gives them."""
    text = "title: x\nversions:\n  - version: 1.0.0\n    text: |\n      Some text\n  - version: 2\n"
    fast, careful = parse_yaml(text, "c.yaml"), parse_yaml_carefully(text, "c.yaml")
    for path in [("title",), ("versions", 1, "version"), ("versions", 0, "text"), ("nope",)]:
        assert fast.line_of(path) == careful.line_of(path)
    assert fast.line_of(("versions", 1, "version")) == 6


# Scalars built from the characters that decide how YAML resolves them.
_scalar = st.text(alphabet="0123456789+-._:eExXoObBtTrRuUfFaAlLsSnN~ y", min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(_scalar, min_size=1, max_size=6))
def test_any_plain_scalar_resolves_as_the_careful_path_resolves_it(values: list[str]) -> None:
    """Numbers, dates, true/false and nulls read the same whichever path reads them."""
    text = "".join(f"k{i}: {value}\n" for i, value in enumerate(values))
    assert _outcome(parse_yaml, text) == _outcome(parse_yaml_carefully, text)
