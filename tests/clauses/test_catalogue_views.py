"""The Markdown catalogue and the JSON views of clauses."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from tenderkit.clauses.catalogue import catalogue_markdown
from tenderkit.clauses.library import load_library
from tenderkit.clauses.model import Clause, Parameter, ParameterType, version_hash
from tenderkit.clauses.views import clause_summary_json, parameter_json, version_json
from tests.support.builders import clause, version

MakeLibrary = Callable[..., Path]

PARAMS = {
    "months": {
        "type": "integer",
        "default": 6,
        "min": 1,
        "max": 12,
        "unit": "months",
        "description": "Interval.",
    },
    "start": {"type": "date", "default": dt.date(2027, 4, 1), "description": "Start."},
    "team": {"type": "string", "description": "Team name."},
}
TEXT = "From {{ start }}, {{ team }} must review wellbeing every {{ months }} months."


def history() -> Clause:
    return Clause.model_validate(
        clause(
            "WC-CV-001",
            version("1.0.0", "superseded"),
            version(
                "1.1.0",
                text=TEXT,
                parameters=PARAMS,
                change_note="Adds a start date.",
                guidance="Guide section 2.3.",
                examples=["A team | values workshop."],
            ),
            version("2.0.0", "draft"),
        )
    )


def test_list_view_has_the_documented_keys():
    """A list item has id, title, domain, stage, kind and versions with version and status."""
    item = clause_summary_json(history())
    assert {"id", "title", "domain", "stage", "kind", "versions"} <= set(item)
    assert [(v["version"], v["status"]) for v in item["versions"]] == [
        ("1.0.0", "superseded"),
        ("1.1.0", "approved"),
        ("2.0.0", "draft"),
    ]
    json.dumps(item)


def test_version_view_has_text_as_written_and_parameters_by_name():
    """The version view keeps placeholders in the text and gives each parameter's contract."""
    c = history()
    view = version_json(c, c.versions[1])
    assert {"id", "version", "status", "obligation", "text", "parameters"} <= set(view)
    assert view["text"] == TEXT
    assert view["hash"] == version_hash(c, c.versions[1])
    assert view["parameters"]["months"] == {
        "type": "integer",
        "required": False,
        "default": 6,
        "min": 1,
        "max": 12,
        "description": "Interval.",
        "unit": "months",
    }
    assert view["parameters"]["start"]["default"] == "2027-04-01"
    assert view["parameters"]["team"]["required"] is True
    assert json.loads(json.dumps(view)) == view


def test_choice_parameters_list_their_choices():
    """A choice parameter's view lists the allowed values."""
    param = Parameter(type=ParameterType.CHOICE, choices=["a", "b"], description="Pick.")
    assert parameter_json(param)["choices"] == ["a", "b"]
    assert parameter_json(param)["required"] is True


def test_catalogue_lists_current_versions_by_domain(make_library: MakeLibrary):
    """The catalogue shows each clause's current approved version under its domain heading."""
    root = make_library(
        clause("WC-LM-001", domain="leadership-management", title="Visible leaders"),
        clause(
            "WC-CV-001",
            version("1.0.0", "superseded"),
            version("1.1.0", text=TEXT, parameters=PARAMS, guidance="Guide section 2.3."),
            version("2.0.0", "draft", text="Draft text."),
        ),
    )
    text = catalogue_markdown(load_library(root))
    assert text.startswith("# Test library\n")
    assert "2 clauses in 2 domains" in text
    assert text.index("## Culture and values") < text.index("## Leadership and management")
    assert "### WC-CV-001 Wellbeing reviews" in text
    assert "version 1.1.0*" in text
    assert "1.0.0 (superseded), 1.1.0 (approved), 2.0.0 (draft)" in text
    assert "Draft text." not in text
    assert "| `months` | integer | 6 months | 1 – 12 | Interval. |" in text
    assert "| `start` | date | 1 April 2027 |" in text
    assert "| `team` | string | *required* |" in text
    assert "> Guidance (non-contractual): Guide section 2.3." in text
    assert "### WC-LM-001 Visible leaders" in text


def test_catalogue_escapes_table_pipes(make_library: MakeLibrary):
    """A `|` inside a parameter description does not break the Markdown table."""
    params = {"months": {**PARAMS["months"], "description": "Interval | months."}}
    root = make_library(clause("WC-CV-001", version(parameters=params)))
    assert "Interval \\| months." in catalogue_markdown(load_library(root))


def test_version_view_says_whom_the_version_binds_and_where_it_belongs():
    """`binds` and `placement` are in the view, null for a version that predates them."""
    c = history()
    assert (
        version_json(c, c.versions[1])["binds"],
        version_json(c, c.versions[1])["placement"],
    ) == (
        None,
        None,
    )
    placed = c.versions[1].model_copy(update={"binds": "provider", "placement": "tender-questions"})
    view = version_json(c, placed)
    assert (view["binds"], view["placement"]) == ("provider", "tender-questions")
