"""The spec manifest: its fields, the selection forms it accepts and the errors it gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tenderkit.clauses.manifest import ClauseSelection, load_manifest
from tenderkit.errors import InputError
from tenderkit.workspace.schemas import SCHEMAS
from tests.support.specs import write_manifest


def test_a_manifest_loads_with_its_document_fields(tmp_path: Path) -> None:
    """A valid manifest gives its title, reference, date and weights as typed values."""
    loaded = load_manifest(write_manifest(tmp_path / "m.yaml"))
    m = loaded.manifest
    assert m.reference == "ICB-2027-014/SPEC/01"
    assert m.date.isoformat() == "2027-01-15"
    assert m.weights is not None and (m.weights.quality, m.weights.price) == (60, 40)
    assert m.thresholds == "exclude" and m.allow_drafts is False


def test_bare_references_become_clause_selections(tmp_path: Path) -> None:
    """`WC-CV-001`, `WC-CV-001@1` and mappings all become ClauseSelection entries in order."""
    clauses = ["WC-CV-001", "WC-CV-002@1", {"id": "WC-LM-001", "version": "1.0.0"}, {"domain": "x"}]
    loaded = load_manifest(write_manifest(tmp_path / "m.yaml", clauses=clauses))
    assert loaded.manifest.selections() == [
        ClauseSelection(id="WC-CV-001"),
        ClauseSelection(id="WC-CV-002", version="1"),
        ClauseSelection(id="WC-LM-001", version="1.0.0"),
        ClauseSelection(domain="x"),
    ]
    assert [s.reference for s in loaded.manifest.selections()[:3]] == [
        "WC-CV-001",
        "WC-CV-002@1",
        "WC-LM-001@1.0.0",
    ]


def test_an_unquoted_decimal_version_is_refused_with_a_hint(tmp_path: Path) -> None:
    """`version: 0.3` is read by YAML as a number; the error asks for quotes and names the line."""
    path = tmp_path / "m.yaml"
    path.write_text(
        "title: T\nreference: R\ncommissioner: C\nauthor: A\nversion: 0.3\nstatus: draft\n"
        "date: 2027-01-15\nregime: procurement-act-2023\nrubric: workplace-compassion@1.0.0\n"
        "clauses: [WC-CV-001]\n"
    )
    with pytest.raises(InputError) as err:
        load_manifest(path)
    assert str(err.value).startswith(f"{path}:5: version: ")
    assert "in quotes" in str(err.value)


@pytest.mark.parametrize(
    ("overrides", "place", "words"),
    [
        ({"weights": {"quality": 60, "price": 30}}, "weights", "add up to 100"),
        ({"weights": {"quality": 60, "prise": 40}}, "weights.prise", "unknown field"),
        ({"regime": "public-contracts-2015"}, "regime", "procurement-act-2023"),
        ({"clauses": [{"domain": "culture-values", "version": "1"}]}, "clauses[0]", "domain entry"),
        ({"clauses": [{"id": "WC-CV-001", "domain": "culture-values"}]}, "clauses[0]", "either"),
        ({"clauses": ["not a clause id"]}, "clauses[0]", "not a clause reference"),
        ({"parameters": {"months": [1, 2]}}, "parameters", "a parameter value must be"),
        ({"clauses": []}, "clauses", "at least 1"),
        ({"title": None}, "title", "required field"),
        ({"colour": "blue"}, "colour", "unknown field"),
        ({"weights": {"quality": True, "price": 99}}, "weights.quality", "valid number"),
        ({"weights": {"quality": "60", "price": 40}}, "weights.quality", "valid number"),
        ({"title": "T" * 256}, "title", "at most 255 characters"),
        ({"reference": "R" * 201}, "reference", "at most 200 characters"),
        ({"clauses": {"id": "WC-CV-001"}}, "clauses", "valid list"),
        ({"clauses": "WC-CV-001"}, "clauses", "valid list"),
        (
            {"clauses": [42]},
            "clauses[0]",
            "expected a mapping of fields (name: value), got a number",
        ),
    ],
)
def test_invalid_manifests_name_the_field(
    tmp_path: Path, overrides: dict[str, object], place: str, words: str
) -> None:
    """Each malformed manifest raises one InputError naming file, line and YAML path."""
    path = write_manifest(tmp_path / "m.yaml", **overrides)
    with pytest.raises(InputError) as err:
        load_manifest(path)
    text = str(err.value)
    assert re.match(rf"{re.escape(str(path))}:\d+: {re.escape(place)}: ", text), text
    assert words in text


def test_the_manifest_hash_ignores_comments_and_layout(tmp_path: Path) -> None:
    """Reformatting or commenting a manifest keeps its hash; changing a value changes it."""
    first = load_manifest(write_manifest(tmp_path / "a.yaml"))
    second_path = tmp_path / "b.yaml"
    second_path.write_text("# a comment\n" + (tmp_path / "a.yaml").read_text().replace(": ", ":  "))
    changed = load_manifest(write_manifest(tmp_path / "c.yaml", status="final"))
    assert load_manifest(second_path).hash == first.hash
    assert changed.hash != first.hash and first.hash.startswith("sha256:")


def test_the_manifest_schema_is_registered() -> None:
    """`manifest.schema.json` is generated from SpecManifest with the other schemas."""
    files = {s.filename: s for s in SCHEMAS}
    schema = files["manifest.schema.json"]
    assert schema.model_class().__name__ == "SpecManifest"
    assert schema.path().read_text(encoding="utf-8") == schema.render()
