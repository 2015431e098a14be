"""YAML loading: plain values, line numbers for every path, one-line errors."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from tenderkit import yamlio
from tenderkit.errors import InputError
from tenderkit.yamlio import format_path, load_yaml, parse_yaml


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    count: int


class Basket(BaseModel):
    model_config = ConfigDict(extra="forbid")

    owner: str
    items: list[Item]


BASKET = textwrap.dedent(
    """\
    # a comment on line 1
    owner: Sam
    items:
      - name: apples
        count: 3
      - name: pears
        count: 4
    """
)


def error_of(text: str, model: type[BaseModel] | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        doc = parse_yaml(text, "basket.yaml")
        if model is not None:
            doc.validate(model)
    return caught.value


def test_parsed_data_is_plain_python():
    """Parsed values are plain dicts, lists, ints, floats, strings and dates."""
    doc = parse_yaml("a: 1\nb: 2.5\nc: [x, true]\nd: 2025-04-01\ne: null\n", "f.yaml")
    assert doc.data == {"a": 1, "b": 2.5, "c": ["x", True], "d": dt.date(2025, 4, 1), "e": None}
    assert type(doc.data) is dict
    assert type(doc.data["a"]) is int
    assert type(doc.data["b"]) is float
    assert type(doc.data["c"]) is list


def test_line_of_finds_nested_keys_and_list_items():
    """line_of gives the 1-based line of a key or list item anywhere in the document."""
    doc = parse_yaml(BASKET, "basket.yaml")
    assert doc.line_of(()) == 1
    assert doc.line_of(("owner",)) == 2
    assert doc.line_of(("items",)) == 3
    assert doc.line_of(("items", 0)) == 4
    assert doc.line_of(("items", 1, "count")) == 7


def test_line_of_a_missing_path_stops_at_the_deepest_existing_node():
    """A path that leaves the document is placed at its deepest node that exists."""
    doc = parse_yaml(BASKET, "basket.yaml")
    assert doc.line_of(("items", 1, "colour")) == 6
    assert doc.line_of(("items", 9, "name")) == 3


def test_format_path_writes_keys_and_indexes_like_yaml_paths():
    """A pydantic location reads as a dotted YAML path with [index] for list items."""
    assert format_path(("versions", 1, "text")) == "versions[1].text"
    assert format_path(("parameters", "months", "default")) == "parameters.months.default"
    assert format_path(()) == "(document)"


def test_wrong_type_names_file_line_and_path():
    """A value of the wrong type is reported with its file, line and YAML path."""
    text = BASKET.replace("count: 4", "count: four")
    err = error_of(text, Basket)
    assert err.location is not None
    assert err.location.line == 7
    assert err.location.path == "items[1].count"
    assert str(err).startswith("basket.yaml:7: items[1].count: ")
    assert "'four'" in str(err)


def test_unknown_field_names_file_line_and_path():
    """A field the model does not know is reported as unknown, with its line."""
    text = BASKET.replace("    count: 3\n", "    count: 3\n    colour: red\n")
    err = error_of(text, Basket)
    assert str(err) == "basket.yaml:6: items[0].colour: unknown field 'colour'"


def test_missing_field_is_placed_at_its_parent():
    """A required field that is missing is reported at the item that lacks it."""
    text = BASKET.replace("    count: 4\n", "")
    err = error_of(text, Basket)
    assert str(err) == "basket.yaml:6: items[1].count: required field 'count' is missing"


def test_validation_errors_lists_every_problem():
    """validation_errors returns one error per problem, each with its own line."""
    text = BASKET.replace("count: 3", "count: x").replace("count: 4", "count: y")
    doc = parse_yaml(text, "basket.yaml")
    errors = doc.validation_errors(Basket, doc.data)
    assert isinstance(errors, list)
    assert [e.location.line for e in errors if e.location] == [5, 7]


def test_malformed_yaml_names_file_and_line():
    """Malformed YAML is an InputError naming the file and the line of the problem."""
    err = error_of("owner: Sam\nitems:\n  - name: apples\n    count: 3: 4\n")
    assert str(err) == "basket.yaml:4: invalid YAML: mapping values are not allowed here"
    assert "\n" not in str(err)


def test_a_tab_in_indentation_names_its_line():
    """A tab used for indentation is reported at its line."""
    err = error_of("owner: Sam\nitems:\n\t- apples\n")
    assert str(err).startswith("basket.yaml:3: invalid YAML:")


def test_duplicate_key_names_file_line_and_key():
    """A key given twice in one mapping is refused at the second occurrence's line."""
    text = "owner: Sam\nitems:\n  - name: apples\n    count: 3\n    count: 4\n"
    err = error_of(text)
    assert err.location is not None
    assert err.location.line == 5
    assert str(err).startswith("basket.yaml:5: ")
    assert "duplicate key 'count'" in str(err)


def test_duplicate_key_names_its_yaml_path():
    """A duplicated key's message also carries the YAML path of the duplicate."""
    text = "owner: Sam\nitems:\n  - name: apples\n    count: 3\n    count: 4\n"
    err = error_of(text)
    assert err.location is not None
    assert err.location.path == "items[0].count"


def test_load_yaml_reports_a_missing_file():
    """A file that does not exist is an InputError naming the file."""
    with pytest.raises(InputError, match="file not found") as caught:
        load_yaml(Path("/nonexistent/x.yaml"))
    assert "/nonexistent/x.yaml" in str(caught.value)


def test_load_yaml_refuses_a_folder(tmp_path: Path):
    """A folder passed as a YAML file is refused with a clear message."""
    with pytest.raises(InputError, match="is a folder"):
        load_yaml(tmp_path)


def test_load_yaml_refuses_non_utf8(tmp_path: Path):
    """A file that is not UTF-8 is refused, naming the offending byte."""
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"not UTF-8 text \(byte 9\)"):
        load_yaml(path)


def test_load_yaml_refuses_oversized_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A file larger than the limit is refused before it is parsed."""
    monkeypatch.setattr(yamlio, "MAX_YAML_BYTES", 10)
    path = tmp_path / "big.yaml"
    path.write_text("name: a long enough value\n", encoding="utf-8")
    with pytest.raises(InputError, match="refusing YAML larger than 10 bytes"):
        load_yaml(path)


def test_load_yaml_reads_a_file_and_remembers_it(tmp_path: Path):
    """A loaded document knows its file, so errors can name it."""
    path = tmp_path / "basket.yaml"
    path.write_text(BASKET, encoding="utf-8")
    doc = load_yaml(path)
    assert doc.file == path
    assert doc.validate(Basket).items[1].count == 4
    assert doc.location(("items", 1)).line == 6


def test_an_empty_file_says_it_is_empty():
    """An empty file validated against a model says the file is empty, not a pydantic class."""
    err = error_of("# only a comment\n", Basket)
    assert str(err) == (
        "basket.yaml:1: (document): the file is empty; "
        "expected a mapping of fields (name: value lines)"
    )


@pytest.mark.parametrize(
    ("text", "got"), [("- a\n- b\n", "a list"), ("hello\n", "text"), ("42\n", "a number")]
)
def test_a_document_that_is_not_a_mapping_says_what_it_is(text: str, got: str):
    """A list or scalar where a mapping belongs is named as such, without the model's name."""
    err = error_of(text, Basket)
    assert (
        str(err)
        == f"basket.yaml:1: (document): expected a mapping of fields (name: value), got {got}"
    )
    assert "Basket" not in str(err)


def test_an_item_that_is_not_a_mapping_is_placed_at_its_line():
    """A list item that should be a mapping is reported at its own line and path."""
    err = error_of(BASKET.replace("  - name: pears\n    count: 4\n", "  - 42\n"), Basket)
    assert (
        str(err)
        == "basket.yaml:6: items[1]: expected a mapping of fields (name: value), got a number"
    )


def test_a_long_rejected_value_is_quoted_short():
    """A message quotes at most the first few dozen characters of a rejected value."""
    err = error_of(BASKET.replace("count: 4", "count: " + "x" * 10_000), Basket)
    assert len(str(err)) < 200
    assert str(err).endswith("…)")


def test_aliases_that_expand_without_end_are_refused(monkeypatch: pytest.MonkeyPatch):
    """A "billion laughs" file (aliases of aliases) is refused instead of filling memory."""
    monkeypatch.setattr(yamlio, "MAX_YAML_VALUES", 1000)
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    with pytest.raises(InputError, match="expands to more than 1,000 values"):
        parse_yaml("\n".join(lines) + "\n", "laughs.yaml")


def test_the_real_alias_limit_stops_a_billion_laughs_quickly():
    """With the shipped limit, nine levels of tenfold aliases are refused, not expanded."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    with pytest.raises(InputError, match="expands to more than"):
        parse_yaml("\n".join(lines) + "\n", "laughs.yaml")


def test_a_few_aliases_are_fine():
    """Anchors and aliases used for sharing a value still load."""
    doc = parse_yaml("base: &b {count: 3}\nfirst: *b\nsecond: *b\n", "f.yaml")
    assert doc.data["second"] == {"count": 3}


def test_an_anchored_boolean_stays_a_boolean():
    """An anchored true/false (ruamel gives an int subclass) loads as a bool, not 1 or 0."""
    doc = parse_yaml("a: &t true\nb: *t\nc: &f false\n", "f.yaml")
    assert doc.data == {"a": True, "b": True, "c": False}
    assert all(type(v) is bool for v in doc.data.values())


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (
            "owner: Sam\ndate: 2027-02-30\n",
            2,
            "date: invalid YAML: '2027-02-30' is not a valid date",
        ),
        ("owner: Sam\nat: 2027-01-01 25:00:00\n", 2, "is not a valid date (hour must be in 0..23)"),
        (
            "owner: Sam\nitems:\n  - !!float abc\n",
            3,
            "items[0]: invalid YAML: 'abc' is not a valid number",
        ),
        ("owner: !!bool maybe\n", 1, "owner: invalid YAML: 'maybe' is not a valid true/false"),
    ],
)
def test_a_value_invalid_for_its_type_names_its_line(text: str, line: int, fragment: str):
    """A date that does not exist or a mistyped tagged value is refused at its line."""
    err = error_of(text)
    assert err.location is not None
    assert err.location.line == line
    assert fragment in str(err)
    assert "\n" not in str(err)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("owner: !!set {a, b}\n", "owner: unsupported YAML type"),
        ("owner: !!binary aGVsbG8=\n", "owner: unsupported YAML type bytes"),
        ("owner: !custom x\n", "owner: unsupported YAML tag !custom"),
        ("? [a, b]\n: c\n", "a key must be text, not a list"),
    ],
)
def test_yaml_types_no_file_uses_are_refused(text: str, fragment: str):
    """Sets, binary, custom tags and complex keys are refused rather than turned into text."""
    assert fragment in str(error_of(text))


def test_an_escaped_control_character_is_refused_at_its_line():
    """A control character written as an escape is refused, naming it and its place."""
    err = error_of('owner: Sam\nitems:\n  - name: "ap\\x07ples"\n')
    assert str(err) == (
        "basket.yaml:3: items[0].name: text contains the character U+0007, "
        "which documents cannot hold; remove it"
    )


def test_a_lone_surrogate_is_refused():
    """A lone UTF-16 surrogate written as an escape is refused (no file could be written)."""
    assert "U+D800" in str(error_of('owner: "\\ud800"\n'))


def test_a_raw_control_character_is_one_line_naming_its_line():
    """A control character typed into the file is one line naming the character and line."""
    err = error_of("owner: Sam\nitems: a\x01b\n")
    assert str(err) == (
        "basket.yaml:2: invalid YAML: the character U+0001 is not allowed in YAML; remove it"
    )
