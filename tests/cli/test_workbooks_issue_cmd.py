"""`tender workbooks issue`: one workbook per evaluator, the rubric pinned, bad set-ups refused."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from tenderkit.cli.app import cli
from tests.support.builders import write_yaml
from tests.support.evaluation import (
    SMALL_RUBRIC_FILE,
    make_small_workspace,
    make_workspace,
    small_rubric,
    small_tender,
    tender,
    write_tender,
)

AT = "2027-03-01T09:00:00Z"


def issue(runner: CliRunner, root: Path, *extra: str) -> Result:
    return runner.invoke(cli, ["workbooks", "issue", str(root), "--issued-at", AT, *extra])


def assert_error(result: Result, *parts: str) -> str:
    """Exit 1 with exactly one error line containing every part, and no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert all(p in lines[0] for p in parts), lines[0]
    return lines[0]


def test_issue_writes_a_workbook_per_evaluator_and_pins_the_rubric(
    tmp_path: Path, runner: CliRunner
) -> None:
    """issued/E1.xlsx and issued/E2.xlsx are written and tender.lock pins the rubric hash."""
    root = make_workspace(tmp_path / "t")
    result = issue(runner, root)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "issued").iterdir()) == ["E1.xlsx", "E2.xlsx"]
    lock = json.loads((root / "tender.lock").read_text())
    assert lock["rubric"]["id"] == "workplace-compassion" and lock["rubric"]["hash"].startswith(
        "sha256:"
    )
    assert "pinned rubric workplace-compassion@1.0.0" in result.stdout
    assert "issued issued/E1.xlsx" in result.stdout
    log = (root / "out" / "audit.log").read_text()
    assert '"event":"rubric-pinned"' in log and log.count('"event":"workbook-issued"') == 2


def test_existing_workbooks_are_kept_unless_reissued(tmp_path: Path, runner: CliRunner) -> None:
    """A second run keeps what was issued; --reissue with the same time gives the same bytes."""
    root = make_workspace(tmp_path / "t")
    issue(runner, root)
    first = (root / "issued" / "E1.xlsx").read_bytes()
    again = issue(runner, root)
    assert "kept issued/E1.xlsx (already issued; --reissue replaces it)" in again.stdout
    assert issue(runner, root, "--reissue").exit_code == 0
    assert (root / "issued" / "E1.xlsx").read_bytes() == first


def test_a_bidder_added_after_issue_is_refused_and_pointed_to_a_supplement(
    tmp_path: Path, runner: CliRunner
) -> None:
    """After a bidder is added, a plain issue writes nothing and names --bidder for them."""
    root = make_workspace(tmp_path / "t")
    issue(runner, root)
    before = (root / "issued" / "E1.xlsx").read_bytes()
    body = tender()
    body["bidders"].append({"id": "B3", "name": "Third Ltd"})
    write_tender(root, body)
    assert_error(
        issue(runner, root),
        "bidder B3 was added to tender.yaml after workbooks were issued to E1, E2",
        "--bidder B3",
    )
    assert (root / "issued" / "E1.xlsx").read_bytes() == before
    assert sorted(p.name for p in (root / "issued").iterdir()) == ["E1.xlsx", "E2.xlsx"]


def test_a_kept_workbook_that_no_longer_matches_is_flagged(
    tmp_path: Path, runner: CliRunner
) -> None:
    """After a bidder is removed from tender.yaml, a kept workbook is reported as stale."""
    root = make_workspace(tmp_path / "t")
    issue(runner, root)
    body = tender()
    body["bidders"] = body["bidders"][:1]
    write_tender(root, body)
    result = issue(runner, root)
    assert result.exit_code == 0, result.output
    assert "warning: issued/E1.xlsx no longer matches tender.yaml" in result.stderr
    assert "bidder B2 is no longer in tender.yaml" in result.stderr


def test_only_named_evaluators_are_issued(tmp_path: Path, runner: CliRunner) -> None:
    """--evaluator E2 issues E2's workbook alone."""
    root = make_workspace(tmp_path / "t")
    assert issue(runner, root, "--evaluator", "E2").exit_code == 0
    assert [p.name for p in (root / "issued").iterdir()] == ["E2.xlsx"]


def test_an_unknown_evaluator_is_an_error(tmp_path: Path, runner: CliRunner) -> None:
    """Asking for an evaluator not in tender.yaml names the known ones."""
    root = make_workspace(tmp_path / "t")
    assert_error(issue(runner, root, "--evaluator", "E9"), "no evaluator E9", "known: E1, E2")


def test_a_malformed_issue_time_is_a_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    """--issued-at must be an ISO 8601 date-time."""
    root = make_workspace(tmp_path / "t")
    result = runner.invoke(cli, ["workbooks", "issue", str(root), "--issued-at", "tomorrow"])
    assert result.exit_code == 2
    assert "not an ISO 8601 date-time" in result.output


def test_weights_not_summing_to_100_name_the_line(tmp_path: Path, runner: CliRunner) -> None:
    """A bad weights split is reported at its line in tender.yaml."""
    root = make_workspace(tmp_path / "t", tender(weights={"quality": 70, "price": 20}))
    line = assert_error(issue(runner, root), "tender.yaml:", "weights", "sum to 90")
    assert not (root / "issued" / "E1.xlsx").exists(), line


def test_an_unknown_field_is_reported_with_its_line(tmp_path: Path, runner: CliRunner) -> None:
    """A misspelt key is reported as unknown, with file and line."""
    root = make_workspace(tmp_path / "t", tender(tiebreak="none"))
    assert_error(issue(runner, root), "tender.yaml:", "unknown field 'tiebreak'")


def test_an_unknown_domain_names_the_evaluator_line(tmp_path: Path, runner: CliRunner) -> None:
    """A domain the rubric lacks is reported at the evaluator's domains entry."""
    body = tender(evaluators=[{"id": "E1", "name": "One", "domains": ["culture-value"]}])
    root = make_workspace(tmp_path / "t", body)
    assert_error(
        issue(runner, root), "tender.yaml:", "evaluators[0].domains[0]", "no domain 'culture-value'"
    )


def test_duplicate_bidder_ids_are_refused(tmp_path: Path, runner: CliRunner) -> None:
    """Bidder ids equal ignoring case are refused at the second one."""
    body = tender(bidders=[{"id": "B1", "name": "A"}, {"id": "b1", "name": "B"}])
    root = make_workspace(tmp_path / "t", body)
    assert_error(issue(runner, root), "tender.yaml:", "bidders[1].id", "only in case")


def test_a_missing_rubric_file_is_reported_at_the_rubric_line(
    tmp_path: Path, runner: CliRunner
) -> None:
    """A rubric path that names no file is a mistake in tender.yaml, reported at its line."""
    root = make_workspace(tmp_path / "t", tender(rubric="rubrics/ours.yaml"))
    line = assert_error(issue(runner, root), "tender.yaml:4: rubric:", "no rubric file")
    assert "'rubrics/ours.yaml'" in line


def test_the_rubric_does_not_depend_on_the_current_folder(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bare rubric name means a file in the workspace, never one where the command runs."""
    root = make_small_workspace(tmp_path / "t", small_tender(rubric="ours"))
    write_yaml(tmp_path / "ours", small_rubric())
    monkeypatch.chdir(tmp_path)
    assert_error(issue(runner, root), "tender.yaml:4: rubric:", "current folder is not used")
    write_yaml(root / "ours", small_rubric())
    assert issue(runner, root).exit_code == 0


def test_a_price_weight_without_a_formula_names_the_price_field(
    tmp_path: Path, runner: CliRunner
) -> None:
    """Leaving out `price:` while price has a weight names the field, not the whole document."""
    body = tender()
    del body["price"]
    root = make_workspace(tmp_path / "t", body)
    assert_error(issue(runner, root), "tender.yaml:", ": price: weights give price 40%")


def test_ids_that_read_as_cell_references_are_usable(tmp_path: Path, runner: CliRunner) -> None:
    """Bidder ids such as A1 or R1C1 are issued: their names never read as cells."""
    body = tender(bidders=[{"id": "A1", "name": "A"}, {"id": "R1C1", "name": "B"}])
    root = make_workspace(tmp_path / "t", body)
    result = issue(runner, root)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(root / "issued" / "E1.xlsx")
    assert {"COI.A1", "COI.R1C1"} <= set(book.defined_names)


def test_an_unknown_rubric_names_the_rubric_line(tmp_path: Path, runner: CliRunner) -> None:
    """A rubric reference that resolves to nothing is reported at the rubric line."""
    root = make_workspace(tmp_path / "t", tender(rubric="workplace-kindness@1.0.0"))
    assert_error(
        issue(runner, root), "tender.yaml:", "rubric", "unknown rubric 'workplace-kindness'"
    )


def test_a_missing_tender_file_is_explained(tmp_path: Path, runner: CliRunner) -> None:
    """A folder without tender.yaml is not a workspace, and the message says how to make one."""
    (tmp_path / "empty").mkdir()
    assert_error(issue(runner, tmp_path / "empty"), "tender.yaml", "tender init")


def test_a_rubric_edited_after_issue_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    """Once pinned, a changed rubric file is refused by issue and by collect."""
    root = make_small_workspace(tmp_path / "t")
    assert issue(runner, root).exit_code == 0
    edited = small_rubric()
    edited["scales"]["five"]["points"][1]["descriptor"] = "Intentions only."
    assert edited != small_rubric()
    write_yaml(root / SMALL_RUBRIC_FILE, edited)
    line = assert_error(issue(runner, root, "--reissue"), "tender.yaml:", "not the rubric pinned")
    assert "must not change during a tender" in line
    assert_error(runner.invoke(cli, ["collect", str(root)]), "not the rubric pinned")


def test_collect_before_issue_is_explained(tmp_path: Path, runner: CliRunner) -> None:
    """Collecting in a workspace that issued nothing says to issue first."""
    root = make_workspace(tmp_path / "t")
    assert_error(
        runner.invoke(cli, ["collect", str(root)]), "tender.lock", "no workbooks have been issued"
    )


def test_collect_without_the_secret_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    """Without the workspace secret returns cannot be verified, so collect stops."""
    root = make_workspace(tmp_path / "t")
    issue(runner, root)
    (root / ".tender-secret").unlink()
    assert_error(runner.invoke(cli, ["collect", str(root)]), ".tender-secret", "secret is missing")


def test_a_damaged_lock_file_is_reported(tmp_path: Path, runner: CliRunner) -> None:
    """A tender.lock that is not ours is reported by name."""
    root = make_workspace(tmp_path / "t")
    (root / "tender.lock").write_text("{}")
    assert_error(issue(runner, root), "tender.lock", "not a tenderkit lock file")
