"""Loading a library folder: taxonomy, clause files, and one clear line per bad file."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tenderkit.clauses.library import (
    bundled_library_path,
    clause_files,
    load_library,
    scan_library,
)
from tenderkit.errors import InputError, NotFoundError
from tests.support.builders import TAXONOMY, clause, version, write_yaml

MakeLibrary = Callable[..., Path]

#: A clause file written by hand, so every line number below is visible.
CLAUSE_YAML = textwrap.dedent(
    """\
    id: WC-CV-009
    title: Values at induction
    domain: culture-values
    stage: procure-contract
    kind: requirement
    versions:
      - version: 1.0.0
        status: approved
        effective: 2025-04-01
        approver: Head of Contracts
        obligation: must
        text: >-
          The Provider must introduce the values at induction within
          {{ weeks }} weeks of a start date.
        parameters:
          weeks:
            type: integer
            default: 4
            min: 1
            max: 12
            description: Weeks after the start date.
        evidence:
          - The induction programme.
    """
)


@pytest.fixture
def library_with_file(make_library: MakeLibrary) -> Callable[[str], tuple[Path, Path]]:
    """A library holding one hand-written clause file; returns (root, file)."""

    def write(text: str) -> tuple[Path, Path]:
        root = make_library()
        path = root / "culture-values" / "WC-CV-009.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return root, path

    return write


def load_error(root: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_library(root)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_library_loads_its_meta_taxonomy_and_clauses(make_library: MakeLibrary):
    """Loading reads library.yaml, the taxonomy and every clause file in the domain folders."""
    root = make_library(clause("WC-CV-001"), clause("WC-CV-002"), name="lib")
    library = load_library(root)
    assert library.meta.name == "Test library"
    assert library.taxonomy.domain_ids() == ["culture-values", "leadership-management"]
    assert list(library.clauses) == ["WC-CV-001", "WC-CV-002"]
    assert library.get("WC-CV-002").versions[0].version == "1.0.0"
    assert library.document("WC-CV-001").file == root / "culture-values" / "WC-CV-001.yaml"


def test_clauses_are_ordered_by_taxonomy_domain_then_id(make_library: MakeLibrary):
    """Clauses come in the taxonomy's domain order, then by id, whatever the file names."""
    root = make_library(
        clause("WC-LM-001", domain="leadership-management"),
        clause("WC-CV-002"),
        clause("WC-CV-001"),
    )
    library = load_library(root)
    assert list(library.clauses) == ["WC-CV-001", "WC-CV-002", "WC-LM-001"]
    assert [c.id for c in library.in_domain("leadership-management")] == ["WC-LM-001"]


def test_the_hand_written_fixture_loads(library_with_file):
    """The hand-written clause file used below is valid as written."""
    root, _ = library_with_file(CLAUSE_YAML)
    library = load_library(root)
    assert library.get("WC-CV-009").versions[0].parameters["weeks"].default == 4


def test_malformed_yaml_in_a_clause_file_names_file_and_line(library_with_file):
    """Malformed YAML in a clause file is reported with the file and line."""
    root, path = library_with_file(CLAUSE_YAML.replace("kind: requirement", "kind: [requirement"))
    message = load_error(root)
    assert message.startswith(f"{path}:")
    assert "[yaml] invalid YAML" in message
    line = int(message.removeprefix(f"{path}:").split(":")[0])
    assert line in (5, 6)


def test_wrong_type_names_file_line_and_yaml_path(library_with_file):
    """A value of the wrong type is reported at its line with its YAML path."""
    root, path = library_with_file(CLAUSE_YAML.replace("default: 4", "default: four"))
    message = load_error(root)
    assert message.startswith(f"{path}:16: versions[0].parameters.weeks: [schema] ")
    assert "expected a whole number, got 'four'" in message


def test_a_bad_obligation_names_file_line_and_yaml_path(library_with_file):
    """An obligation other than must/should/may is reported at its line."""
    root, path = library_with_file(CLAUSE_YAML.replace("obligation: must", "obligation: shall"))
    message = load_error(root)
    assert message.startswith(f"{path}:11: versions[0].obligation: [schema] ")
    assert "'shall'" in message


def test_a_list_given_as_text_names_file_line_and_yaml_path(library_with_file):
    """Evidence written as a single string rather than a list is reported at its line."""
    text = CLAUSE_YAML.replace(
        "evidence:\n      - The induction programme.", "evidence: The induction programme."
    )
    root, path = library_with_file(text)
    assert load_error(root).startswith(f"{path}:22: versions[0].evidence: [schema] ")


def test_unknown_domain_names_file_line_and_the_known_domains(library_with_file):
    """A domain missing from the taxonomy is reported at its line, listing the known ones."""
    root, path = library_with_file(
        CLAUSE_YAML.replace("domain: culture-values", "domain: kindness")
    )
    assert load_error(root) == (
        f"{path}:3: domain: [schema] unknown domain 'kindness'; "
        "the taxonomy has culture-values, leadership-management"
    )


def test_unknown_stage_and_kind_are_reported_like_domains(library_with_file):
    """Stages and kinds are checked against the taxonomy too."""
    text = CLAUSE_YAML.replace("stage: procure-contract", "stage: planning").replace(
        "kind: requirement", "kind: wish"
    )
    root, path = library_with_file(text)
    library, findings = scan_library(root)
    assert "WC-CV-009" not in library.clauses
    assert [(f.location.file, f.location.line, f.location.path, f.rule) for f in findings] == [
        (path, 4, "stage", "schema"),
        (path, 5, "kind", "schema"),
    ]


def test_unknown_field_names_file_line_and_yaml_path(library_with_file):
    """A field the format does not know is reported at its line."""
    text = CLAUSE_YAML.replace(
        "    obligation: must\n", "    obligation: must\n    priority: high\n"
    )
    root, path = library_with_file(text)
    assert load_error(root) == (
        f"{path}:12: versions[0].priority: [schema] unknown field 'priority'"
    )


def test_missing_required_field_is_placed_at_its_version(library_with_file):
    """A version without text is reported at the version that lacks it."""
    text = CLAUSE_YAML.replace(
        "    text: >-\n"
        "      The Provider must introduce the values at induction within\n"
        "      {{ weeks }} weeks of a start date.\n",
        "",
    )
    root, path = library_with_file(text)
    assert load_error(root) == (
        f"{path}:7: versions[0].text: [schema] required field 'text' is missing"
    )


def test_an_unknown_parameter_type_names_file_line_and_yaml_path(library_with_file):
    """A parameter type outside the list is reported at the type's line."""
    root, path = library_with_file(CLAUSE_YAML.replace("type: integer", "type: int"))
    message = load_error(root)
    assert message.startswith(f"{path}:17: versions[0].parameters.weeks.type: [schema] ")
    assert "(got 'int')" in message


def test_a_bad_parameter_name_is_reported_with_a_plain_yaml_path(library_with_file):
    """A parameter name that is not lower_snake_case is reported at its line, path as in the file."""
    root, path = library_with_file(CLAUSE_YAML.replace("      weeks:\n", "      Weeks:\n"))
    message = load_error(root)
    assert message.startswith(f"{path}:16: versions[0].parameters.Weeks: [schema] ")


def test_an_empty_clause_file_is_reported_at_its_first_line(library_with_file):
    """An empty clause file is a schema error at line 1 of the document."""
    root, path = library_with_file("")
    assert load_error(root).startswith(f"{path}:1: (document): [schema] ")


def test_duplicate_keys_name_file_and_line(library_with_file):
    """A key given twice is reported at the duplicate's line."""
    text = CLAUSE_YAML.replace(
        "    status: approved\n", "    status: approved\n    status: draft\n"
    )
    root, path = library_with_file(text)
    message = load_error(root)
    assert message.startswith(f"{path}:9: ")
    assert "[yaml] duplicate key 'status': each key may appear once" in message


def test_load_reports_how_many_more_problems_there_are(library_with_file):
    """When several problems exist, the one line says how many more and how to list them."""
    text = CLAUSE_YAML.replace("obligation: must", "obligation: shall").replace(
        "default: 4", "default: four"
    )
    root, _ = library_with_file(text)
    assert load_error(root).endswith("(and 1 more; run `tender clauses lint`)")


def test_scan_keeps_loading_past_a_broken_file(make_library: MakeLibrary):
    """scan_library reports a broken file and still loads the others."""
    root = make_library(clause("WC-CV-001"), clause("WC-CV-002"))
    (root / "culture-values" / "WC-CV-002.yaml").write_text("id: [\n", encoding="utf-8")
    library, findings = scan_library(root)
    assert list(library.clauses) == ["WC-CV-001"]
    assert [f.rule for f in findings] == ["yaml"]


def test_clause_files_are_the_yaml_files_in_subfolders(make_library: MakeLibrary):
    """library.yaml and taxonomy.yaml are not clause files; nested folders are searched."""
    root = make_library(clause("WC-CV-001"))
    write_yaml(root / "culture-values" / "archive" / "WC-CV-002.yaml", clause("WC-CV-002"))
    (root / "culture-values" / "notes.txt").write_text("not yaml", encoding="utf-8")
    names = [p.relative_to(root).as_posix() for p in clause_files(root)]
    assert names == ["culture-values/WC-CV-001.yaml", "culture-values/archive/WC-CV-002.yaml"]


def test_an_unknown_clause_id_is_not_found(make_library: MakeLibrary):
    """Asking for a clause id the library lacks is a NotFoundError naming the id."""
    library = load_library(make_library(clause("WC-CV-001")))
    with pytest.raises(NotFoundError, match="unknown clause 'WC-CV-404'"):
        library.get("WC-CV-404")


def test_a_missing_folder_is_not_a_library(tmp_path: Path):
    """A folder that does not exist is refused with a hint to pass --library."""
    with pytest.raises(NotFoundError, match=r"not a folder \(pass --library DIR\)"):
        load_library(tmp_path / "nowhere")


def test_a_folder_without_library_yaml_is_not_a_library(tmp_path: Path):
    """A folder with no library.yaml is refused, naming what a library holds."""
    with pytest.raises(NotFoundError, match=r"no library\.yaml in the folder"):
        load_library(tmp_path)


def test_a_folder_without_taxonomy_is_not_a_library(make_library: MakeLibrary):
    """A library without taxonomy.yaml is refused."""
    root = make_library()
    (root / "taxonomy.yaml").unlink()
    with pytest.raises(NotFoundError, match=r"no taxonomy\.yaml"):
        load_library(root)


def test_a_bad_library_yaml_names_file_line_and_field(make_library: MakeLibrary):
    """An unknown field in library.yaml is reported with its line."""
    root = make_library()
    (root / "library.yaml").write_text("name: x\nrelease: '1'\ncolour: red\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_library(root)
    assert str(caught.value) == f"{root / 'library.yaml'}:3: colour: unknown field 'colour'"


def test_a_duplicate_taxonomy_id_is_refused(make_library: MakeLibrary):
    """A taxonomy listing the same domain twice is refused."""
    root = make_library()
    taxonomy = {
        "domains": [{"id": "a", "title": "A"}, {"id": "a", "title": "A again"}],
        "stages": [{"id": "s", "title": "S"}],
        "kinds": [{"id": "k", "title": "K"}],
    }
    write_yaml(root / "taxonomy.yaml", taxonomy)
    with pytest.raises(InputError, match="domains: duplicate id a"):
        load_library(root)


def test_a_new_domain_needs_only_a_taxonomy_entry(make_library: MakeLibrary):
    """Domains are data: adding one to the taxonomy lets clauses use it without code changes."""
    root = make_library()
    taxonomy = {**TAXONOMY, "domains": [*TAXONOMY["domains"], {"id": "kindness", "title": "K"}]}
    write_yaml(root / "taxonomy.yaml", taxonomy)
    write_yaml(root / "kindness" / "WC-KI-001.yaml", clause("WC-KI-001", domain="kindness"))
    assert list(load_library(root).clauses) == ["WC-KI-001"]


def test_bundled_library_path_is_a_library_folder():
    """The bundled library ships inside the package with its library.yaml and taxonomy."""
    root = bundled_library_path()
    assert (root / "library.yaml").is_file()
    assert (root / "taxonomy.yaml").is_file()


def test_versions_keep_file_order(make_library: MakeLibrary):
    """Versions are kept in the order the file lists them."""
    root = make_library(clause("WC-CV-001", version("1.0.0", "superseded"), version("1.1.0")))
    assert [v.version for v in load_library(root).get("WC-CV-001").versions] == ["1.0.0", "1.1.0"]


def test_an_unreadable_subfolder_is_refused_not_skipped(
    make_library: MakeLibrary, monkeypatch: pytest.MonkeyPatch
):
    """A domain folder that cannot be read stops the load instead of leaving clauses out."""
    root = make_library(clause("WC-CV-001", version()))
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "culture-values":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(InputError, match="cannot read the folder: permission denied") as caught:
        load_library(root)
    assert caught.value.location is not None
    assert Path(str(caught.value.location.file)).name == "culture-values"
