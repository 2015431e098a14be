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
