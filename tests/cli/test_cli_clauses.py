"""`tender clauses ...` through CliRunner: output, JSON contract and exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tenderkit import __version__
from tenderkit.clauses.library import load_library
from tenderkit.clauses.lock import LOCK_NAME
from tenderkit.cli.app import cli
from tests.support.builders import clause, version
from tests.support.cli import assert_one_error_line

MakeLibrary = Callable[..., Path]

PARAMS = {
    "service_name": {"type": "string", "description": "Name of the service."},
    "months": {
        "type": "integer",
        "default": 6,
        "min": 1,
        "max": 12,
        "unit": "months",
        "description": "Interval.",
    },
}
TEXT = "{{ service_name }} must review staff wellbeing every {{ months }} months."


@pytest.fixture
def library(make_library: MakeLibrary) -> Path:
    """WC-CV-001: 1.0.0 superseded, 1.1.0 approved, 1.2.0 draft; WC-LM-001 approved."""
    return make_library(
        clause(
            "WC-CV-001",
            # Minor releases whose changes are editorial, then additive, so the
            # library also passes the semver-bump rule.
            version("1.0.0", "superseded", text=TEXT.rstrip("."), parameters=PARAMS),
            version("1.1.0", text=TEXT, parameters=PARAMS, change_note="Adds the full stop."),
            version(
                "1.2.0",
                "draft",
                text=TEXT,
                parameters=PARAMS,
                evidence=["The latest wellbeing review.", "Minutes of the review with staff."],
            ),
        ),
        clause("WC-LM-001", domain="leadership-management", stage="monitor-evaluate", kind="kpi"),
    )


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(cli, [str(a) for a in args], prog_name="tender")


def assert_usage_error(result: Result, fragment: str) -> None:
    """A usage error exits 2 with click's usage message."""
    assert result.exit_code == 2, result.output
    assert "Usage: tender" in result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.output


# --- --version and help ---------------------------------------------------------------------


def test_version_prints_the_package_version(runner: CliRunner):
    """`tender --version` prints the installed version."""
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout == f"tender, version {__version__}\n"


def test_help_lists_the_command_groups(runner: CliRunner):
    """`tender --help` names the clauses and demo commands."""
    result = run(runner, "--help")
    assert result.exit_code == 0
    assert "clauses" in result.stdout
    assert "demo" in result.stdout


def test_an_unknown_command_is_a_usage_error(runner: CliRunner):
    """A command that does not exist exits 2."""
    assert_usage_error(run(runner, "tender-me"), "No such command 'tender-me'")


# --- list -----------------------------------------------------------------------------------


def test_list_shows_one_line_per_clause(runner: CliRunner, library: Path):
    """`clauses list` prints each clause with its domain, stage, kind and versions."""
    result = run(runner, "clauses", "list", "--library", library)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("WC-CV-001")
    assert "culture-values" in lines[0]
    assert "1.0.0 superseded, 1.1.0 approved, 1.2.0 draft" in lines[0]
    assert lines[1].startswith("WC-LM-001")


def test_list_json_has_the_documented_contract(runner: CliRunner, library: Path):
    """`clauses list --json` gives objects with id, title, domain, stage, kind, versions."""
    result = run(runner, "clauses", "list", "--library", library, "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert [i["id"] for i in items] == ["WC-CV-001", "WC-LM-001"]
    for item in items:
        assert {"id", "title", "domain", "stage", "kind", "versions"} <= set(item)
        for v in item["versions"]:
            assert {"version", "status"} <= set(v)
    assert {k: items[1][k] for k in ("title", "domain", "stage", "kind")} == {
        "title": "Wellbeing reviews",
        "domain": "leadership-management",
        "stage": "monitor-evaluate",
        "kind": "kpi",
    }
    assert [(v["version"], v["status"]) for v in items[0]["versions"]] == [
        ("1.0.0", "superseded"),
        ("1.1.0", "approved"),
        ("1.2.0", "draft"),
    ]


def test_list_filters_by_domain_and_status(runner: CliRunner, library: Path):
    """`--domain` and `--status` narrow the list."""
    by_domain = run(
        runner,
        "clauses",
        "list",
        "--library",
        library,
        "--domain",
        "leadership-management",
        "--json",
    )
    assert [i["id"] for i in json.loads(by_domain.stdout)] == ["WC-LM-001"]
    drafts = run(runner, "clauses", "list", "--library", library, "--status", "draft", "--json")
    assert [i["id"] for i in json.loads(drafts.stdout)] == ["WC-CV-001"]


def test_list_with_an_unknown_domain_is_a_usage_error(runner: CliRunner, library: Path):
    """An unknown --domain exits 2 and lists the known domains."""
    result = run(runner, "clauses", "list", "--library", library, "--domain", "kindness")
    assert_usage_error(
        result, "unknown domain 'kindness'; known: culture-values, leadership-management"
    )


def test_list_with_an_unknown_status_is_a_usage_error(runner: CliRunner, library: Path):
    """A --status outside the lifecycle exits 2."""
    assert_usage_error(
        run(runner, "clauses", "list", "--library", library, "--status", "live"), "--status"
    )


def test_list_of_the_bundled_library_works_without_library_option(runner: CliRunner):
    """Without --library the bundled library is listed."""
    result = run(runner, "clauses", "list", "--json")
    assert result.exit_code == 0, result.output
    assert "WC-CV-001" in [i["id"] for i in json.loads(result.stdout)]


# --- show -----------------------------------------------------------------------------------


def test_show_prints_the_latest_approved_version(runner: CliRunner, library: Path):
    """`clauses show ID` prints the latest approved version's text, parameters and hash."""
    result = run(runner, "clauses", "show", "WC-CV-001", "--library", library)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("WC-CV-001@1.1.0  Wellbeing reviews\n")
    assert TEXT in out
    assert "months (integer min 1 max 12; default 6): Interval." in out
    assert "service_name (string; required): Name of the service." in out
    assert "change note: Adds the full stop." in out
    assert "hash: sha256:" in out


def test_show_json_has_the_documented_contract(runner: CliRunner, library: Path):
    """`clauses show --json` gives id, version, status, obligation, text as written, parameters."""
    result = run(runner, "clauses", "show", "WC-CV-001@^1.0", "--library", library, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"id", "version", "status", "obligation", "text", "parameters"} <= set(data)
    assert (data["id"], data["version"], data["status"], data["obligation"]) == (
        "WC-CV-001",
        "1.1.0",
        "approved",
        "must",
    )
    assert data["text"] == TEXT
    assert set(data["parameters"]) == {"service_name", "months"}
    for spec in data["parameters"].values():
        assert {"type", "required", "default", "min", "max", "description"} <= set(spec)
    months = data["parameters"]["months"]
    assert {k: months[k] for k in ("type", "required", "default", "min", "max", "description")} == {
        "type": "integer",
        "required": False,
        "default": 6,
        "min": 1,
        "max": 12,
        "description": "Interval.",
    }
    assert data["parameters"]["service_name"]["required"] is True
    assert data["parameters"]["service_name"]["default"] is None


def test_show_an_exact_superseded_version(runner: CliRunner, library: Path):
    """`clauses show ID@X.Y.Z` shows a superseded version."""
    result = run(runner, "clauses", "show", "WC-CV-001@1.0.0", "--library", library, "--json")
    assert json.loads(result.stdout)["status"] == "superseded"


def test_show_a_draft_only_when_allowed(runner: CliRunner, library: Path):
    """A draft is refused (exit 1) unless --allow-drafts is given."""
    refused = run(runner, "clauses", "show", "WC-CV-001@1.2.0", "--library", library)
    assert_one_error_line(refused, "WC-CV-001@1.2.0 is a draft", "--allow-drafts")
    allowed = run(
        runner,
        "clauses",
        "show",
        "WC-CV-001@1.2.0",
        "--library",
        library,
        "--allow-drafts",
        "--json",
    )
    assert json.loads(allowed.stdout)["status"] == "draft"


@pytest.mark.parametrize(
    ("reference", "fragments"),
    [
        ("WC-XX-001", ["unknown clause 'WC-XX-001'"]),
        ("WC-CV-001@9.9.9", ["WC-CV-001 has no version 9.9.9"]),
        ("WC-CV-001@banana", ["'banana' is not a version reference"]),
        ("WC-CV-001@2", ["no approved version in range 2"]),
    ],
)
def test_show_a_bad_reference_is_one_error_line(
    runner: CliRunner, library: Path, reference: str, fragments: Sequence[str]
):
    """Unknown ids, unknown versions, bad ranges and empty ranges exit 1 with one line."""
    assert_one_error_line(
        run(runner, "clauses", "show", reference, "--library", library), *fragments
    )


def test_show_without_a_reference_is_a_usage_error(runner: CliRunner):
    """A missing argument exits 2."""
    assert_usage_error(run(runner, "clauses", "show"), "Missing argument 'REFERENCE'")


# --- render ---------------------------------------------------------------------------------


def test_render_fills_placeholders_and_applies_defaults(runner: CliRunner, library: Path):
    """`clauses render` fills given values and defaults into the text."""
    result = run(
        runner,
        "clauses",
        "render",
        "WC-CV-001",
        "--library",
        library,
        "--param",
        "service_name=Ward 7",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "Ward 7 must review staff wellbeing every 6 months.\n"


def test_render_accepts_several_params(runner: CliRunner, library: Path):
    """Repeated --param values are all applied; a value may contain `=`."""
    result = run(
        runner, "clauses", "render", "WC-CV-001@1.1.0", "--library", library,
        "--param", "service_name=A=B", "--param", "months=3",
    )  # fmt: skip
    assert result.stdout == "A=B must review staff wellbeing every 3 months.\n"


@pytest.mark.parametrize(
    ("params", "fragments"),
    [
        ([], ["WC-CV-001@1.1.0: parameter 'service_name' is required"]),
        (["service_name=x", "months=13"], ["parameter 'months': 13 is above the maximum 12"]),
        (
            ["service_name=x", "months=six"],
            ["parameter 'months': expected a whole number, got 'six'"],
        ),
        (["service_name=x", "weeks=3"], ["unknown parameter 'weeks'"]),
    ],
)
def test_render_with_bad_values_is_one_error_line(
    runner: CliRunner, library: Path, params: list[str], fragments: Sequence[str]
):
    """Missing, out-of-bounds, mistyped and unknown parameters exit 1 with one line."""
    args: list[str | Path] = ["clauses", "render", "WC-CV-001", "--library", library]
    for p in params:
        args += ["--param", p]
    assert_one_error_line(run(runner, *args), *fragments)


def test_render_with_a_param_that_is_not_name_value_is_a_usage_error(
    runner: CliRunner, library: Path
):
    """`--param months` without `=` exits 2."""
    result = run(
        runner, "clauses", "render", "WC-CV-001", "--library", library, "--param", "months"
    )
    assert_usage_error(result, "'months' is not NAME=VALUE")


# --- lint -----------------------------------------------------------------------------------


def test_lint_of_a_clean_library_exits_0(runner: CliRunner, library: Path):
    """`clauses lint` on a clean library says so and exits 0."""
    result = run(runner, "clauses", "lint", "--library", library)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{library}: clean\n"


def test_lint_prints_one_line_per_finding_and_exits_1(runner: CliRunner, make_library: MakeLibrary):
    """Each finding is one line naming file, line and rule; the summary goes to stderr."""
    root = make_library(
        clause("WC-CV-001", version(text="Run a Schwartz Round when {{ months }} staff ask.")),
        clause("WC-CV-002", version(text="Within {{ weeks }} weeks.", parameters={})),
        lock=False,
    )
    result = run(runner, "clauses", "lint", "--library", root)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    first = root / "culture-values" / "WC-CV-001.yaml"
    second = root / "culture-values" / "WC-CV-002.yaml"
    assert lines[0].startswith(f"{first}:8: versions[0].status: [lock-missing] ")
    assert lines[1].startswith(f"{first}:10: versions[0].text: [prescriptive] ")
    assert lines[2].startswith(f"{second}:8: versions[0].status: [lock-missing] ")
    assert lines[3].startswith(f"{second}:10: versions[0].text: [placeholder-undeclared] ")
    assert result.stderr == f"error: 4 finding(s) in {root}\n"


def test_lint_prints_an_exempted_finding_with_its_review_and_exits_0(
    runner: CliRunner, make_library: MakeLibrary
):
    """An exemption does not hide the finding: it is printed with who, when and why."""
    exemption = {
        "rule": "method-fixed-form",
        "reason": "Ten minutes is the patient-safety standard the commissioner sets.",
        "reviewed_by": "Head of Contracts",
        "date": "2027-01-15",
    }
    text = "Teams must hold a ten-minute handover."
    root = make_library(
        clause("WC-CV-001", version(text=text, parameters={}, lint_exemptions=[exemption]))
    )
    result = run(runner, "clauses", "lint", "--library", root)
    assert result.exit_code == 0, result.output
    (line, summary) = result.stdout.splitlines()
    assert "[method-fixed-form]" in line
    assert line.endswith("(exempted by Head of Contracts on 2027-01-15: Ten minutes is the "
                         "patient-safety standard the commissioner sets.)")  # fmt: skip
    assert summary == f"{root}: clean (1 more exempted)"


def test_lint_of_a_folder_that_is_not_a_library_is_one_error_line(
    runner: CliRunner, tmp_path: Path
):
    """Linting a folder without library.yaml exits 1 with one line."""
    assert_one_error_line(
        run(runner, "clauses", "lint", "--library", tmp_path), "not a clause library"
    )


def test_lint_with_a_corrupt_lock_is_one_error_line(runner: CliRunner, library: Path):
    """A lock file that is not JSON exits 1 with one line naming it."""
    (library / LOCK_NAME).write_text("{not json", encoding="utf-8")
    assert_one_error_line(
        run(runner, "clauses", "lint", "--library", library), f"{library / LOCK_NAME}:1:"
    )


# --- bad library files, whatever the command --------------------------------------------------


@pytest.mark.parametrize("command", [["list"], ["show", "WC-CV-001"], ["render", "WC-CV-001"]])
@pytest.mark.parametrize(
    ("old", "new", "line", "fragments"),
    [
        (
            "obligation: must",
            "obligation: must: yes",
            9,
            ["[yaml] invalid YAML: mapping values are not allowed here"],
        ),
        (
            "obligation: must",
            "obligation: shall",
            9,
            ["versions[0].obligation: [schema]", "'shall'"],
        ),
        ("domain: culture-values", "domain: kindness", 3, ["domain: [schema] unknown domain"]),
        (
            "kind: requirement",
            "kind: requirement\ncolour: red",
            6,
            ["colour: [schema] unknown field"],
        ),
        (
            "status: approved",
            "status: approved\n  status: draft",
            9,
            ["duplicate key 'status'"],
        ),
    ],
)
def test_a_bad_clause_file_is_one_error_line_naming_file_and_line(
    runner: CliRunner,
    make_library: MakeLibrary,
    command: list[str],
    old: str,
    new: str,
    line: int,
    fragments: Sequence[str],
):
    """Malformed YAML, a wrong type, an unknown domain or field, a duplicate key: exit 1, one line."""
    root = make_library(clause("WC-CV-001"))
    path = root / "culture-values" / "WC-CV-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    message = assert_one_error_line(run(runner, "clauses", *command, "--library", root), *fragments)
    assert message.startswith(f"error: {path}:{line}: ")


def test_a_missing_library_folder_is_one_error_line(runner: CliRunner, tmp_path: Path):
    """--library pointing nowhere exits 1 with a hint."""
    result = run(runner, "clauses", "list", "--library", tmp_path / "nowhere")
    assert_one_error_line(result, "not a folder", "--library DIR")


def test_a_library_option_naming_a_file_is_a_usage_error(runner: CliRunner, tmp_path: Path):
    """--library must be a folder: a file exits 2."""
    path = tmp_path / "library.yaml"
    path.write_text("name: x\n", encoding="utf-8")
    assert_usage_error(run(runner, "clauses", "list", "--library", path), "--library")


# --- approve --------------------------------------------------------------------------------


def test_approve_a_draft_records_it_and_supersedes(runner: CliRunner, library: Path):
    """`clauses approve` approves a draft, reports the hash and the versions it supersedes."""
    result = run(
        runner, "clauses", "approve", "WC-CV-001", "1.2.0", "--library", library,
        "--approver", "Head of Contracts", "--effective", "2027-04-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("approved WC-CV-001@1.2.0 sha256:")
    assert lines[1:] == ["superseded WC-CV-001@1.1.0"]
    reloaded = load_library(library).get("WC-CV-001")
    assert [v.status for v in reloaded.versions] == ["superseded", "superseded", "approved"]
    assert str(reloaded.versions[2].effective) == "2027-04-01"
    assert "WC-CV-001@1.2.0" in load_library(library).lock.approved
    assert run(runner, "clauses", "lint", "--library", library).exit_code == 0


def test_approve_an_approved_version_says_it_already_is(runner: CliRunner, library: Path):
    """Approving a version already in the lock changes nothing and says so."""
    result = run(runner, "clauses", "approve", "WC-CV-001", "1.1.0", "--library", library)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("WC-CV-001@1.1.0 is already approved (sha256:")


def test_approve_a_draft_without_approver_is_one_error_line(runner: CliRunner, library: Path):
    """A draft with no approver exits 1 naming the file and the hint."""
    result = run(runner, "clauses", "approve", "WC-CV-001", "1.2.0", "--library", library)
    assert_one_error_line(result, "WC-CV-001@1.2.0 needs an approver", "--approver NAME")


def test_an_approver_no_file_could_carry_is_refused_before_writing(
    runner: CliRunner, library: Path
):
    """--approver with a control character is a usage error; the clause file is unchanged."""
    path = library / "culture-values" / "WC-CV-001.yaml"
    before = path.read_bytes()
    result = run(
        runner, "clauses", "approve", "WC-CV-001", "1.2.0", "--library", library,
        "--approver", "Head\x1bof Contracts",
    )  # fmt: skip
    assert_usage_error(result, "contains the character U+001B")
    assert path.read_bytes() == before


def test_approve_an_edited_version_is_one_error_line(runner: CliRunner, library: Path):
    """Re-approving an edited approved version exits 1: a change needs a new version."""
    path = library / "culture-values" / "WC-CV-001.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("every {{ months }}", "each {{ months }}"),
        encoding="utf-8",
    )
    result = run(runner, "clauses", "approve", "WC-CV-001", "1.1.0", "--library", library)
    assert_one_error_line(result, "publish the change as a new version")


def test_approve_an_unknown_version_is_one_error_line(runner: CliRunner, library: Path):
    """An unknown version exits 1."""
    result = run(
        runner, "clauses", "approve", "WC-CV-001", "7.0.0", "--library", library, "--approver", "x"
    )
    assert_one_error_line(result, "WC-CV-001 has no version 7.0.0")


def test_approve_with_a_bad_date_is_a_usage_error(runner: CliRunner, library: Path):
    """An --effective date not in YYYY-MM-DD form exits 2."""
    result = run(
        runner, "clauses", "approve", "WC-CV-001", "1.2.0", "--library", library,
        "--approver", "x", "--effective", "1 April 2027",
    )  # fmt: skip
    assert_usage_error(result, "--effective")


def test_approve_without_a_version_is_a_usage_error(runner: CliRunner, library: Path):
    """A missing VERSION argument exits 2."""
    assert_usage_error(
        run(runner, "clauses", "approve", "WC-CV-001", "--library", library),
        "Missing argument 'VERSION'",
    )


def test_approve_needs_an_explicit_library(runner: CliRunner):
    """Approval writes to a library, so `--library` is required rather than the bundled default."""
    assert_usage_error(run(runner, "clauses", "approve", "WC-CV-001", "2.0.0"), "--library")
