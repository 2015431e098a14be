"""`tender rubric ...` through the CLI: output contracts, exit codes and bad input."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tenderkit.cli.app import cli
from tenderkit.rubrics.library import RUBRIC_LOCK, load_rubric_file
from tests.conftest import DemoRun
from tests.support.rubrics import approved, rubric, write_clause_library, write_rubric


@pytest.fixture(scope="module")
def clause_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_clause_library(tmp_path_factory.mktemp("clauses"))


def invoke(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(cli, [str(a) for a in args])


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def assert_clean_failure(result: Result, code: int = 1) -> None:
    """The exit code, and no traceback: click exited on purpose."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


# --- list and show -----------------------------------------------------------------------


def test_list_shows_each_rubric_version(runner: CliRunner) -> None:
    """One line per version: id, version, status, short hash and title; 1.0.0 superseded."""
    result = invoke(runner, "rubric", "list")
    assert result.exit_code == 0, result.output
    first, second = result.stdout.splitlines()
    assert re.match(
        r"workplace-compassion\s+1\.0\.0\s+superseded\s+sha256:[0-9a-f]{12}\s+Workplace", first
    )
    assert re.match(
        r"workplace-compassion\s+2\.0\.0\s+approved\s+sha256:[0-9a-f]{12}\s+Workplace", second
    )


def test_list_json_gives_id_version_status_and_hash(runner: CliRunner) -> None:
    """The --json list is a stable contract."""
    result = invoke(runner, "rubric", "list", "--json")
    items = json.loads(result.stdout)
    assert [set(i) for i in items] == [
        {"id", "version", "status", "title", "effective", "hash"}
    ] * 2
    assert items[0]["id"] == "workplace-compassion"


def test_show_json_carries_the_documented_fields(runner: CliRunner) -> None:
    """id, version, hash, scale, and domains[] with criteria[] and their derived figures."""
    result = invoke(runner, "rubric", "show", "workplace-compassion@1.0.0", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"id", "version", "hash", "scale", "domains"} <= set(data)
    assert data["hash"].startswith("sha256:")
    assert (data["scale"]["id"], data["scale"]["min"], data["scale"]["max"]) == (
        "compassion-0-5",
        0,
        5,
    )
    assert data["scale"]["allowed_scores"] == [0, 1, 2, 3, 4, 5]
    domain = data["domains"][0]
    assert (domain["id"], domain["weight"]) == ("culture-values", 25)
    first = domain["criteria"][0]
    assert {"id", "weight", "effective_weight", "threshold", "scale_max"} <= set(first)
    assert (first["id"], first["weight"], first["effective_weight"]) == ("CV1", 40, 10)
    assert (first["threshold"], first["scale_max"]) == (2, 5)
    assert first["clauses"][0] == "WC-CV-001"
    total = sum(c["effective_weight"] for d in data["domains"] for c in d["criteria"])
    assert total == pytest.approx(100)


def test_show_prints_weights_and_hash(runner: CliRunner) -> None:
    """The plain view lists each criterion's weight, effective weight and minimum."""
    result = invoke(runner, "rubric", "show", "workplace-compassion")
    assert result.exit_code == 0, result.output
    assert "CV1       35%  (8.75% of rubric)  minimum 2  Staff-owned values" in result.stdout
    assert re.search(r"^hash: sha256:[0-9a-f]{64}$", result.stdout, re.MULTILINE)


def test_show_markdown_prints_the_rendering(runner: CliRunner) -> None:
    """--markdown gives the same text the demo writes."""
    result = invoke(runner, "rubric", "show", "workplace-compassion", "--markdown")
    assert result.stdout.startswith("# Workplace compassion quality evaluation\n")
    assert "## Personalised policies and procedures (25%)" in result.stdout


def test_show_of_an_unknown_rubric_is_one_error_line(runner: CliRunner) -> None:
    """An unknown id exits 1 naming the rubrics there are."""
    result = invoke(runner, "rubric", "show", "nope")
    assert_clean_failure(result)
    assert error_lines(result) == ["error: unknown rubric 'nope' (known: workplace-compassion)"]


def test_a_missing_rubric_folder_is_one_error_line(runner: CliRunner, tmp_path: Path) -> None:
    """--rubrics pointing nowhere exits 1 with the folder named."""
    result = invoke(runner, "rubric", "list", "--rubrics", tmp_path / "absent")
    assert_clean_failure(result)
    assert error_lines(result) == [
        f"error: {tmp_path / 'absent'}: not a rubric library folder (pass --rubrics DIR)"
    ]


# --- lint --------------------------------------------------------------------------------


def test_lint_without_files_checks_the_bundled_rubrics(runner: CliRunner) -> None:
    """The bundled rubrics lint clean against the bundled clause library: exit 0."""
    result = invoke(runner, "rubric", "lint")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(": clean")


def test_lint_prints_one_line_per_finding_and_exits_1(
    runner: CliRunner, tmp_path: Path, clause_dir: Path
) -> None:
    """Each finding is a line with file, line, YAML path and rule; the summary goes to stderr."""
    data = rubric()
    data["domains"][0]["weight"] = 50
    data["domains"][1]["criteria"][0]["clauses"] = ["WC-LM-404"]
    path = write_rubric(tmp_path, data)
    result = invoke(runner, "rubric", "lint", path, "--library", clause_dir)
    assert_clean_failure(result)
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{path}:") for line in lines)
    assert "[domain-weights]" in lines[0] and "[clause-unknown]" in lines[1]
    assert error_lines(result) == [f"error: 2 finding(s) in {path}"]


def test_lint_of_a_clean_file_exits_0(runner: CliRunner, tmp_path: Path, clause_dir: Path) -> None:
    """A clean draft file lints clean."""
    path = write_rubric(tmp_path, rubric())
    result = invoke(runner, "rubric", "lint", path, "--library", clause_dir)
    assert result.exit_code == 0, result.output


# --- the bad-input cases of the issue ------------------------------------------------------


def weights_sum_to_90(data: dict[str, Any]) -> None:
    data["domains"][0]["weight"] = 50


def threshold_7_on_0_to_5(data: dict[str, Any]) -> None:
    data["domains"][0]["criteria"][0]["threshold"] = 7


def nonexistent_clause(data: dict[str, Any]) -> None:
    data["domains"][0]["criteria"][0]["clauses"] = ["WC-CV-999"]


def missing_scale(data: dict[str, Any]) -> None:
    del data["scale"]


def undefined_scale(data: dict[str, Any]) -> None:
    data["scale"] = "one-to-ten"


def non_numeric_weight(data: dict[str, Any]) -> None:
    data["domains"][0]["criteria"][0]["weight"] = "sixty"


BAD_INPUT: list[tuple[Callable[[dict[str, Any]], None], str, str, str]] = [
    # (how to break the rubric, YAML path, text on that line, what the message says)
    (weights_sum_to_90, "domains", "domains:", "domain weights sum to 90, not 100"),
    (
        threshold_7_on_0_to_5,
        "domains[0].criteria[0].threshold",
        "threshold: 7",
        "threshold 7 is outside the scale (0–5)",
    ),
    (
        nonexistent_clause,
        "domains[0].criteria[0].clauses[0]",
        "WC-CV-999",
        "assesses clause WC-CV-999, which is not in the clause library",
    ),
    (missing_scale, "scale", "id: test-rubric", "required field 'scale' is missing"),
    (undefined_scale, "scale", "scale: one-to-ten", "'one-to-ten' is not defined"),
    (
        non_numeric_weight,
        "domains[0].criteria[0].weight",
        "weight: sixty",
        "Input should be a valid number (got 'sixty')",
    ),
]


bad_input_cases = pytest.mark.parametrize(
    ("breaker", "yaml_path", "line_text", "message"),
    BAD_INPUT,
    ids=[case[0].__name__ for case in BAD_INPUT],
)


def bad_file(tmp_path: Path, breaker: Callable[[dict[str, Any]], None]) -> Path:
    data = approved()
    breaker(data)
    return write_rubric(tmp_path / "bad", data)


def located_line(message: str, path: Path) -> str:
    """The text of the file line an error or finding names (file:line: ...)."""
    match = re.search(re.escape(str(path)) + r":(\d+): ", message)
    assert match, message
    return path.read_text().splitlines()[int(match.group(1)) - 1]


@bad_input_cases
def test_bad_input_is_one_error_line_naming_file_and_place(
    runner: CliRunner,
    tmp_path: Path,
    clause_dir: Path,
    breaker: Callable[[dict[str, Any]], None],
    yaml_path: str,
    line_text: str,
    message: str,
) -> None:
    """Using a broken rubric exits 1 with one error line: file, line, YAML path, problem."""
    path = bad_file(tmp_path, breaker)
    result = invoke(runner, "rubric", "show", path, "--library", clause_dir)
    assert_clean_failure(result)
    [line] = error_lines(result)
    assert result.stderr.strip() == line
    assert f": {yaml_path}: " in line
    assert message in line
    assert line_text in located_line(line, path)


@bad_input_cases
def test_bad_input_is_one_lint_finding_naming_file_and_place(
    runner: CliRunner,
    tmp_path: Path,
    clause_dir: Path,
    breaker: Callable[[dict[str, Any]], None],
    yaml_path: str,
    line_text: str,
    message: str,
) -> None:
    """Linting the same broken rubric gives exactly one finding line for it, and exit 1."""
    path = bad_file(tmp_path, breaker)
    result = invoke(runner, "rubric", "lint", path, "--library", clause_dir)
    assert_clean_failure(result)
    [finding] = result.stdout.splitlines()
    assert f": {yaml_path}: [" in finding
    assert message in finding
    assert line_text in located_line(finding, path)


# --- export-ocds ----------------------------------------------------------------------------


def test_export_ocds_writes_award_criteria_to_a_file(runner: CliRunner, tmp_path: Path) -> None:
    """-o writes the JSON atomically and says what it wrote."""
    out = tmp_path / "notice" / "award-criteria.json"
    out.parent.mkdir()
    result = invoke(
        runner,
        "rubric", "export-ocds", "workplace-compassion",
        "--quality-weight", "60", "--price-weight", "40", "-o", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} (workplace-compassion@2.0.0, 16 criteria)\n"
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["awardCriteria"]["criteria"][-1]["type"] == "price"


def test_export_ocds_prints_to_standard_output_by_default(runner: CliRunner) -> None:
    """Without -o the JSON goes to standard output."""
    result = invoke(
        runner, "rubric", "export-ocds", "workplace-compassion",
        "--quality-weight", "100", "--price-weight", "0",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["awardCriteria"]["criteria"]) == 15


def test_export_ocds_refuses_weights_not_adding_up_to_100_as_a_usage_error(
    runner: CliRunner,
) -> None:
    """A split of 60/30 is a usage error (exit 2) that says what the weights add up to."""
    result = invoke(
        runner, "rubric", "export-ocds", "workplace-compassion",
        "--quality-weight", "60", "--price-weight", "30",
    )  # fmt: skip
    assert_clean_failure(result, code=2)
    assert "add up to 90; they must add up to 100" in result.stderr


def test_export_ocds_needs_both_weights(runner: CliRunner) -> None:
    """Leaving out the price weight is a usage error."""
    result = invoke(
        runner, "rubric", "export-ocds", "workplace-compassion", "--quality-weight", "60"
    )
    assert_clean_failure(result, code=2)
    assert "--price-weight" in result.stderr


# --- approve ----------------------------------------------------------------------------------


def test_approve_stamps_a_draft_and_records_it(
    runner: CliRunner, tmp_path: Path, clause_dir: Path
) -> None:
    """The command approves, prints the hash, and a second run reports it as recorded."""
    folder = tmp_path / "rubrics"
    path = write_rubric(folder, rubric())
    args = ["rubric", "approve", "test-rubric", "1.0.0", "--rubrics", folder]
    args += ["--library", clause_dir, "--approver", "Head of Procurement"]
    first = invoke(runner, *args, "--effective", "2026-09-01")
    assert first.exit_code == 0, first.output
    assert re.fullmatch(r"approved test-rubric@1\.0\.0 sha256:[0-9a-f]{64}\n", first.stdout)
    assert load_rubric_file(path).rubric.status.value == "approved"
    assert (folder / RUBRIC_LOCK).exists()
    second = invoke(runner, *args)
    assert second.stdout.startswith("test-rubric@1.0.0 is already approved (sha256:")


def test_approve_refuses_a_rubric_with_problems(
    runner: CliRunner, tmp_path: Path, clause_dir: Path
) -> None:
    """A draft that would not lint clean is not approved: one error line, exit 1."""
    folder = tmp_path / "rubrics"
    data = rubric()
    threshold_7_on_0_to_5(data)
    write_rubric(folder, data)
    result = invoke(
        runner, "rubric", "approve", "test-rubric", "1.0.0", "--rubrics", folder,
        "--library", clause_dir, "--approver", "A",
    )  # fmt: skip
    assert_clean_failure(result)
    [line] = error_lines(result)
    assert "[threshold]" in line


# --- demo -------------------------------------------------------------------------------------


def test_demo_writes_the_rubric_beside_the_clause_catalogue(demo_run: DemoRun) -> None:
    """tender demo OUT includes the rubric as Markdown."""
    rendered = demo_run.out / "rubric-workplace-compassion.md"
    assert f"wrote {rendered}" in demo_run.stdout
    assert (demo_run.out / "clause-catalogue.md").exists()
    assert rendered.read_text(encoding="utf-8").startswith("# Workplace compassion quality")


@pytest.mark.parametrize(
    "args",
    [
        ["rubric", "lint", "{empty}"],
        ["rubric", "lint", "--rubrics", "{empty}"],
        ["rubric", "list", "--rubrics", "{empty}"],
    ],
    ids=["lint-folder", "lint-rubrics", "list-rubrics"],
)
def test_a_folder_without_rubrics_is_not_called_clean(
    runner: CliRunner, tmp_path: Path, args: list[str]
) -> None:
    """An empty folder (a mistyped path, say) is refused rather than linted clean."""
    empty = tmp_path / "rubrics"
    empty.mkdir()
    result = invoke(runner, *[a.format(empty=empty) for a in args])
    assert_clean_failure(result)
    assert error_lines(result) == [
        f"error: {empty}: not a rubric library: no rubric files (*.yaml) and no "
        f"{RUBRIC_LOCK} in the folder (pass --rubrics DIR, or name rubric files)"
    ]
    assert "clean" not in result.stdout
