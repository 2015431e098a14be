"""Errors and findings read as one line naming the file and the place in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderkit.errors import (
    InputError,
    IntegrityError,
    Location,
    NotFoundError,
    ResolutionError,
    TenderkitError,
)
from tenderkit.findings import Finding


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (Location(Path("a.yaml"), 3, "versions[0].text"), "a.yaml:3: versions[0].text"),
        (Location("a.yaml"), "a.yaml"),
        (Location(line=4), "line 4"),
        (Location("b.xlsx", sheet="Scores", cell="B2"), "b.xlsx: sheet 'Scores' cell B2"),
        (Location("b.xlsx", cell="B2"), "b.xlsx: B2"),
        (Location(), ""),
    ],
)
def test_location_reads_as_file_line_and_place(location: Location, expected: str):
    """A location prints as file:line, then the sheet and cell or the YAML path."""
    assert str(location) == expected


def test_error_prints_location_message_and_hint():
    """An error reads `location: message (hint)`."""
    err = InputError("bad value", Location("a.yaml", 2, "x"), hint="use a number")
    assert str(err) == "a.yaml:2: x: bad value (use a number)"
    assert str(InputError("bad value")) == "bad value"


def test_error_classes_also_subclass_the_matching_builtins():
    """Callers can catch tenderkit errors as ValueError or LookupError too."""
    assert issubclass(InputError, ValueError)
    assert issubclass(NotFoundError, LookupError)
    assert issubclass(ResolutionError, NotFoundError)
    for cls in (InputError, NotFoundError, ResolutionError, IntegrityError):
        assert issubclass(cls, TenderkitError)


def test_finding_prints_one_line_with_its_rule():
    """A finding reads `file:line: path: [rule] message`."""
    finding = Finding(Location("a.yaml", 7, "versions[1].text"), "prescriptive", "names X")
    assert str(finding) == "a.yaml:7: versions[1].text: [prescriptive] names X"


def test_findings_sort_by_file_then_line():
    """Findings sort by file, then line, then rule."""
    b = Finding(Location("b.yaml", 1), "schema", "m")
    a9 = Finding(Location("a.yaml", 9), "schema", "m")
    a2 = Finding(Location("a.yaml", 2), "yaml", "m")
    assert sorted([b, a9, a2], key=Finding.sort_key) == [a2, a9, b]


def test_finding_from_error_keeps_location_and_message():
    """An error becomes a finding with the same location and message."""
    err = InputError("unknown field 'x'", Location("a.yaml", 3, "x"))
    finding = Finding.from_error(err)
    assert finding == Finding(Location("a.yaml", 3, "x"), "schema", "unknown field 'x'")
