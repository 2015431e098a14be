"""`lint_library`: every rule reports a failing fixture and stays quiet on a clean one."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tenderkit.clauses.library import scan_library
from tenderkit.clauses.lint import lint_library
from tenderkit.clauses.lock import LOCK_NAME
from tenderkit.clauses.model import LOCKED_STATUSES, version_hash
from tests.support.builders import clause, version, write_yaml

MakeLibrary = Callable[..., Path]
Row = tuple[str, int | None, str | None]

#: A hand-written clause, so the lines the findings name can be read off.
CLAUSE_YAML = textwrap.dedent(
    """\
    id: WC-CV-001
    title: Wellbeing reviews
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
          The Provider must review staff wellbeing every {{ months }} months.
        parameters:
          months:
            type: integer
            default: 6
            min: 1
            max: 12
            description: Interval.
        evidence:
          - The latest wellbeing review.
    """
)


def lint(root: Path) -> list[Row]:
    """Each finding as (rule, line, YAML path)."""
    return [(f.rule, f.location.line, f.location.path) for f in lint_library(root)]


def record_lock(root: Path) -> None:
    """Record the current hash of every approved version, as `tender clauses approve` would."""
    library, _ = scan_library(root)
    for c in library.clauses.values():
        for v in c.versions:
            if v.status in LOCKED_STATUSES:
                library.lock.record(f"{c.id}@{v.version}", version_hash(c, v))
    library.lock.save()


@pytest.fixture
def hand_written(make_library: MakeLibrary) -> Callable[[str], Path]:
    """A library with one hand-written clause file (text given), locked as it stands."""

    def write(text: str) -> Path:
        root = make_library(lock=False)
        path = root / "culture-values" / "WC-CV-001.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        record_lock(root)
        return root

    return write


def single_version_library(make_library: MakeLibrary, **fields: Any) -> Path:
    return make_library(clause("WC-CV-001", version(**fields)))


# --- clean fixtures -------------------------------------------------------------------------


def test_a_clean_hand_written_clause_has_no_findings(hand_written):
    """The hand-written fixture used below lints clean as written."""
    assert lint(hand_written(CLAUSE_YAML)) == []


def test_a_clean_library_with_history_has_no_findings(make_library: MakeLibrary):
    """Superseded, approved, withdrawn and draft versions in order, locked, lint clean."""
    root = make_library(
        clause(
            "WC-CV-001",
            version("1.0.0", "superseded"),
            version("1.1.0", "withdrawn", effective="2025-06-01"),
            version("2.0.0", "approved", effective="2026-04-01", change_note="Stronger."),
            version("2.1.0", "draft"),
        ),
        clause("WC-LM-001", domain="leadership-management"),
    )
    assert lint(root) == []


# --- schema and yaml ------------------------------------------------------------------------


def test_schema_errors_are_findings_with_line_and_path(hand_written):
    """A schema error is a `schema` finding at its line and YAML path."""
    root = hand_written(CLAUSE_YAML.replace("obligation: must", "obligation: shall"))
    assert lint(root) == [("schema", 11, "versions[0].obligation")]


def test_every_schema_error_in_a_file_is_listed(hand_written):
    """Lint lists all schema errors of a file, not only the first."""
    text = CLAUSE_YAML.replace("obligation: must", "obligation: shall").replace(
        "default: 6", "default: six"
    )
    assert lint(hand_written(text)) == [
        ("schema", 11, "versions[0].obligation"),
        ("schema", 15, "versions[0].parameters.months"),
    ]


def test_an_unknown_domain_is_a_schema_finding(hand_written):
    """A domain missing from the taxonomy is a `schema` finding at the domain line."""
    root = hand_written(CLAUSE_YAML.replace("domain: culture-values", "domain: kindness"))
    assert lint(root) == [("schema", 3, "domain")]


def test_malformed_yaml_is_a_yaml_finding_with_its_line(hand_written):
    """A clause file that is not valid YAML is a `yaml` finding at the problem's line."""
    root = hand_written(
        CLAUSE_YAML.replace("    effective: 2025-04-01\n", "    effective: [2025\n")
    )
    assert [(rule, path) for rule, _, path in lint(root)] == [("yaml", None)]
    assert lint(root)[0][1] is not None


def test_a_file_that_fails_to_load_does_not_make_its_lock_entries_orphans(hand_written):
    """Lock entries of a clause whose file is broken are not also reported as orphans."""
    root = hand_written(CLAUSE_YAML)
    (root / "culture-values" / "WC-CV-001.yaml").write_text("id: [\n", encoding="utf-8")
    assert [rule for rule, _, _ in lint(root)] == ["yaml"]


# --- ids and versions -----------------------------------------------------------------------


def test_a_duplicate_clause_id_is_reported_at_the_second_file(make_library: MakeLibrary):
    """Two files defining the same id: the later file's `id` line is reported."""
    root = make_library(clause("WC-CV-001"))
    twin = clause("WC-CV-001", domain="leadership-management")
    path = write_yaml(root / "leadership-management" / "WC-CV-001.yaml", twin)
    findings = lint_library(root)
    assert [(f.rule, f.location.file, f.location.line) for f in findings] == [
        ("duplicate-id", path, 1)
    ]
    assert "already defined in" in findings[0].message


def test_distinct_ids_are_not_duplicates(make_library: MakeLibrary):
    """Clauses with different ids in different domains raise no duplicate-id finding."""
    root = make_library(clause("WC-CV-001"), clause("WC-LM-001", domain="leadership-management"))
    assert lint(root) == []


def test_a_duplicate_version_is_reported_at_its_version_line(make_library: MakeLibrary):
    """A version number listed twice is a `duplicate-version` finding at the second one."""
    second = version("1.0.0", text="Reviews every {{ months }} months.", effective="2025-05-01")
    root = make_library(clause("WC-CV-001", version("1.0.0"), second), lock=False)
    record_lock(root)
    findings = [f for f in lint_library(root) if f.rule == "duplicate-version"]
    assert [(f.location.line, f.location.path) for f in findings] == [(22, "versions[1].version")]


def test_an_identical_copy_of_a_version_is_reported_at_the_copy(make_library: MakeLibrary):
    """A version block pasted twice unchanged is reported at the second copy, not the first."""
    root = make_library(clause("WC-CV-001", version("1.0.0"), version("1.0.0")))
    assert lint(root) == [("duplicate-version", 22, "versions[1].version")]


def test_versions_out_of_order_are_reported(make_library: MakeLibrary):
    """A version older than the one listed before it is a `version-order` finding."""
    root = make_library(clause("WC-CV-001", version("1.1.0"), version("1.0.0")))
    assert [(r, p) for r, _, p in lint(root)] == [("version-order", "versions[1].version")]


def test_an_effective_date_going_backwards_is_reported(make_library: MakeLibrary):
    """A later version taking effect before the earlier one is a `version-order` finding."""
    root = make_library(
        clause(
            "WC-CV-001",
            version("1.0.0", effective="2025-04-01"),
            version("1.1.0", effective="2025-01-01"),
        )
    )
    assert [(r, p) for r, _, p in lint(root)] == [("version-order", "versions[1].effective")]


def test_versions_in_order_are_not_reported(make_library: MakeLibrary):
    """Ascending versions with ascending dates raise no version-order finding; 1.10 follows 1.9."""
    root = make_library(
        clause(
            "WC-CV-001",
            version("1.9.0", "superseded"),
            version("1.10.0", effective="2025-04-01"),
        )
    )
    assert lint(root) == []


def test_a_superseded_version_needs_a_later_approved_one(make_library: MakeLibrary):
    """A superseded version followed only by a draft is a `lifecycle` finding at its status."""
    root = make_library(
        clause("WC-CV-001", version("1.0.0", "superseded"), version("1.1.0", "draft"))
    )
    assert lint(root) == [("lifecycle", 8, "versions[0].status")]


def test_a_superseded_version_followed_by_an_approved_one_is_fine(make_library: MakeLibrary):
    """Superseded then approved is the normal lifecycle."""
    root = make_library(clause("WC-CV-001", version("1.0.0", "superseded"), version("1.1.0")))
    assert lint(root) == []


def test_a_superseded_version_followed_by_a_withdrawn_one_is_fine(make_library: MakeLibrary):
    """Withdrawing a clause's latest version leaves the older ones superseded, not orphaned."""
    root = make_library(
        clause("WC-CV-001", version("1.0.0", "superseded"), version("2.0.0", "withdrawn"))
    )
    assert lint(root) == []


# --- placeholders and parameters ------------------------------------------------------------


def test_an_undeclared_placeholder_is_reported_with_its_line(hand_written):
    """A placeholder not declared in parameters is reported at the text's line."""
    text = CLAUSE_YAML.replace(
        "every {{ months }} months.", "every {{ months }} months for {{ team }}."
    )
    findings = lint_library(hand_written(text))
    assert [(f.rule, f.location.line, f.location.path) for f in findings] == [
        ("placeholder-undeclared", 12, "versions[0].text")
    ]
    assert "{{ team }}" in findings[0].message


def test_a_placeholder_that_is_not_a_name_is_a_syntax_finding(hand_written):
    """`{{ Months }}` or `{{ 2x }}` is not a parameter name."""
    text = CLAUSE_YAML.replace("months.\n", "months ({{ 2x }}).\n")
    assert lint(hand_written(text)) == [("placeholder-syntax", 12, "versions[0].text")]


def test_an_unbalanced_brace_is_a_syntax_finding(hand_written):
    """A stray `{{` or `}}` in the text is a placeholder-syntax finding."""
    text = CLAUSE_YAML.replace("months.\n", "months }}.\n")
    assert lint(hand_written(text)) == [("placeholder-syntax", 12, "versions[0].text")]


def test_declared_and_used_placeholders_raise_nothing(hand_written):
    """A placeholder written with or without inner spaces matches its parameter."""
    text = CLAUSE_YAML.replace("every {{ months }} months.", "every {{months}} months.")
    assert lint(hand_written(text)) == []


def test_an_unused_parameter_is_reported_at_its_declaration(hand_written):
    """A parameter the text never uses is reported at its own line."""
    text = CLAUSE_YAML.replace(
        "        description: Interval.\n",
        "        description: Interval.\n      team:\n        type: string\n        description: Team.\n",
    )
    assert lint(hand_written(text)) == [("parameter-unused", 21, "versions[0].parameters.team")]


def test_a_default_above_its_maximum_is_reported(hand_written):
    """A default outside its parameter's bounds is reported at the default's line."""
    root = hand_written(CLAUSE_YAML.replace("default: 6", "default: 40"))
    findings = lint_library(root)
    assert [(f.rule, f.location.line, f.location.path) for f in findings] == [
        ("default-out-of-bounds", 17, "versions[0].parameters.months.default")
    ]
    assert "40 is above the maximum 12" in findings[0].message


def test_a_default_below_its_minimum_is_reported(make_library: MakeLibrary):
    """A default under the minimum is reported too."""
    params = {"months": {"type": "number", "default": 0.5, "min": 1, "description": "x"}}
    root = single_version_library(make_library, parameters=params)
    assert [r for r, _, _ in lint(root)] == ["default-out-of-bounds"]


def test_a_default_on_its_bound_is_fine(hand_written):
    """Bounds are inclusive: a default equal to the maximum is allowed."""
    assert lint(hand_written(CLAUSE_YAML.replace("default: 6", "default: 12"))) == []


def test_a_quoted_default_is_still_bounds_checked(hand_written):
    """A number default written as quoted text ("40") is checked against the bounds too."""
    root = hand_written(CLAUSE_YAML.replace("default: 6", 'default: "40"'))
    assert [r for r, _, _ in lint(root)] == ["default-out-of-bounds"]


# --- the lock -------------------------------------------------------------------------------


def test_an_approved_version_missing_from_the_lock_is_reported(make_library: MakeLibrary):
    """An approved version with no hash in the lock is a `lock-missing` finding at its status."""
    root = make_library(clause("WC-CV-001"), lock=False)
    findings = lint_library(root)
    assert [(f.rule, f.location.path) for f in findings] == [("lock-missing", "versions[0].status")]
    assert "clauses.lock" in findings[0].message


def test_drafts_need_no_lock_entry(make_library: MakeLibrary):
    """A draft is not locked, so its absence from the lock is fine."""
    root = make_library(clause("WC-CV-001", version("1.0.0", "draft")), lock=False)
    assert lint(root) == []


def test_an_edited_approved_version_is_a_lock_mismatch(hand_written):
    """Editing approved text after locking is a `lock-mismatch` finding at the version."""
    root = hand_written(CLAUSE_YAML)
    path = root / "culture-values" / "WC-CV-001.yaml"
    path.write_text(CLAUSE_YAML.replace("obligation: must", "obligation: should"), encoding="utf-8")
    assert lint(root) == [("lock-mismatch", 7, "versions[0]")]


def test_a_draft_recorded_in_the_lock_is_a_mismatch(make_library: MakeLibrary):
    """A version in the lock but marked draft in its file is a `lock-mismatch` finding."""
    root = make_library(clause("WC-CV-001"))
    path = root / "culture-values" / "WC-CV-001.yaml"
    text = path.read_text(encoding="utf-8").replace("status: approved", "status: draft")
    path.write_text(text, encoding="utf-8")
    findings = lint_library(root)
    assert [(f.rule, f.location.path) for f in findings] == [
        ("lock-mismatch", "versions[0].status")
    ]
    assert "is marked draft" in findings[0].message


def test_a_lock_entry_without_a_version_is_an_orphan(make_library: MakeLibrary):
    """A lock entry naming a clause or version the library lacks is a `lock-orphan` finding."""
    root = make_library(clause("WC-CV-001"))
    lock_path = root / LOCK_NAME
    body = json.loads(lock_path.read_text(encoding="utf-8"))
    body["approved"]["WC-CV-001@9.0.0"] = "sha256:" + "0" * 64
    body["approved"]["WC-CV-404@1.0.0"] = "sha256:" + "0" * 64
    lock_path.write_text(json.dumps(body), encoding="utf-8")
    findings = lint_library(root)
    assert [(f.rule, f.location.file, f.location.path) for f in findings] == [
        ("lock-orphan", lock_path, "WC-CV-001@9.0.0"),
        ("lock-orphan", lock_path, "WC-CV-404@1.0.0"),
    ]


def test_a_lock_matching_the_library_has_no_orphans(make_library: MakeLibrary):
    """Every lock entry naming an existing version raises nothing."""
    root = make_library(clause("WC-CV-001", version("1.0.0", "superseded"), version("2.0.0")))
    assert len(json.loads((root / LOCK_NAME).read_text(encoding="utf-8"))["approved"]) == 2
    assert lint(root) == []


# --- file names -----------------------------------------------------------------------------


def test_a_file_not_named_after_its_id_is_reported(make_library: MakeLibrary):
    """A clause file must be named ID.yaml."""
    root = make_library()
    write_yaml(root / "culture-values" / "wellbeing.yaml", clause("WC-CV-001"))
    record_lock(root)
    findings = lint_library(root)
    assert [(f.rule, f.location.path) for f in findings] == [("file-name", "id")]
    assert "expected WC-CV-001.yaml" in findings[0].message


def test_a_file_in_another_domains_folder_is_reported(make_library: MakeLibrary):
    """A clause file must sit in the folder named after its domain."""
    root = make_library()
    write_yaml(root / "leadership-management" / "WC-CV-001.yaml", clause("WC-CV-001"))
    record_lock(root)
    assert [(r, p) for r, _, p in lint(root)] == [("file-name", "domain")]


def test_a_file_named_and_placed_correctly_is_fine(make_library: MakeLibrary):
    """ID.yaml in the domain's folder raises no file-name finding."""
    assert lint(make_library(clause("WC-CV-001"))) == []


def test_findings_are_sorted_by_file_and_line(make_library: MakeLibrary):
    """Findings come sorted by file, then line."""
    root = make_library(
        clause("WC-CV-002", version("1.0.0", text="{{ a }}", parameters={})),
        clause("WC-CV-001", version("1.0.0", text="{{ b }} {{ months }}")),
        lock=False,
    )
    findings = lint_library(root)
    keys = [(str(f.location.file), f.location.line or 0) for f in findings]
    assert keys == sorted(keys)
    assert {f.location.file.name for f in findings if f.location.file} == {  # type: ignore[union-attr]
        "WC-CV-001.yaml",
        "WC-CV-002.yaml",
    }
