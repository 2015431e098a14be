"""Turning lint findings into the one error line that refuses an input."""

from __future__ import annotations

from tenderkit.errors import Location
from tenderkit.findings import Finding, refusal


def test_the_first_finding_by_file_and_line_is_the_error() -> None:
    """The earliest finding is reported, with how many more and the command that lists them."""
    later = Finding(Location("r.yaml", 30, "domains"), "domain-weights", "sum to 90")
    earlier = Finding(Location("r.yaml", 12, "scale"), "scale-undefined", "not defined")
    error = refusal([later, earlier], "tender rubric lint r.yaml")
    assert str(error) == (
        "r.yaml:12: scale: [scale-undefined] not defined "
        "(and 1 more; run `tender rubric lint r.yaml`)"
    )


def test_a_single_finding_needs_no_count() -> None:
    """With one finding, the error is just that finding."""
    only = Finding(Location("r.yaml", 3, "id"), "schema", "bad id")
    assert str(refusal([only], "tender rubric lint")) == "r.yaml:3: id: [schema] bad id"
