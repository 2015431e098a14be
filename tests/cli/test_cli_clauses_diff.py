"""`tender clauses diff`: every format, -o, parameters, and bad input as one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from tenderkit.cli.app import cli
from tests.conftest import LibraryFactory, clause, version
from tests.support.cli import assert_one_error_line
from tests.support.tracked import W, document_xml, resolve


def run(runner: CliRunner, *args: str, **options: bool) -> Result:
    return runner.invoke(cli, ["clauses", "diff", *args], **options)


def diff(runner: CliRunner, library: Path, *args: str, **options: bool) -> Result:
    """`tender clauses diff --library LIBRARY WC-CV-001 ARGS...`."""
    return run(runner, "--library", str(library), "WC-CV-001", *args, **options)


NEW_TEXT = "The Provider must review staff wellbeing every {{ months }} months, with staff."


@pytest.fixture
def library(make_library: LibraryFactory) -> Path:
    """WC-CV-001 with 1.0.0 (should) and 2.0.0 (must, months 3) and a draft 2.0.1."""
    return make_library(
        clause(
            "WC-CV-001",
            version("1.0.0", status="superseded", obligation="should"),
            version(
                "2.0.0",
                effective="2026-04-01",
                text=NEW_TEXT,
            ),
            version("2.0.1", status="draft", guidance="A note <b>for</b> commissioners & leads."),
        )
    )


def test_the_default_output_is_text_with_both_sides_marked(
    runner: CliRunner, library: Path
) -> None:
    """Without --format the terminal shows the verdict, the changes and the marked text."""
    result = diff(runner, library, "1.0.0", "2.0.0")
    assert result.exit_code == 0, result.output
    assert "Classification: breaking." in result.stdout
    assert "obligation strengthened: should → must" in result.stdout
    assert "[-should-]{+must+}" in result.stdout
    assert "months{+, with staff+}." in result.stdout


def test_text_on_a_terminal_is_coloured(runner: CliRunner, library: Path) -> None:
    """With colour forced on, deletions are red and insertions green."""
    result = runner.invoke(
        cli,
        ["clauses", "diff", "--library", str(library), "WC-CV-001", "1.0.0", "2.0.0"],
        color=True,
    )
    assert "\x1b[31m" in result.stdout and "\x1b[32m" in result.stdout


def test_markdown_and_html_use_del_and_ins(runner: CliRunner, library: Path) -> None:
    """Both document formats mark changes with <del> and <ins> and escape clause text."""
    md = diff(runner, library, "2.0.0", "2.0.1", "--format", "md")
    html = diff(runner, library, "2.0.0", "2.0.1", "--format", "html")
    assert md.exit_code == html.exit_code == 0
    assert "<ins>A note \\<b\\>for\\</b\\> commissioners &amp; leads.</ins>" in md.stdout
    assert "<ins>A note &lt;b&gt;for&lt;/b&gt; commissioners &amp; leads.</ins>" in html.stdout


def test_json_is_the_change_list(runner: CliRunner, library: Path) -> None:
    """JSON parses and names each change with its class."""
    result = diff(runner, library, "1.0.0", "2.0.0", "--format", "json")
    data = json.loads(result.stdout)
    assert data["clause"] == "WC-CV-001"
    assert [c["code"] for c in data["changes"]][:2] == ["obligation-changed", "text-changed"]
    assert data["classification"]["severity"] == "breaking"


def test_docx_is_written_to_the_output_file(
    runner: CliRunner, library: Path, tmp_path: Path
) -> None:
    """-o FILE.docx writes a redline (format taken from the extension) with the given author."""
    target = tmp_path / "out" / "redline.docx"
    target.parent.mkdir()
    result = diff(
        runner, library, "1.0.0", "2.0.0",
        "-o", str(target), "--author", "Legal Team", "--date", "2026-05-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {target}\n"
    marks = list(document_xml(target).iter(W + "ins", W + "del"))
    assert {(m.get(W + "author"), m.get(W + "date")) for m in marks} == {
        ("Legal Team", "2026-05-01T00:00:00Z")
    }
    accepted = [p.text for p in resolve(target, "accept")]
    assert (
        "The Provider must review staff wellbeing every {{ months }} months, with staff."
        in accepted
    )


def test_output_files_are_written_whole_with_no_temporary_left(
    runner: CliRunner, library: Path, tmp_path: Path
) -> None:
    """Every format goes through an atomic write: the file replaces the old one, no .tmp stays."""
    for name in ("d.md", "d.html", "d.json", "d.txt", "d.docx"):
        target = tmp_path / name
        target.write_text("old content")
        result = run(
            runner, "--library", str(library), "WC-CV-001", "1.0.0", "2.0.0", "-o", str(target)
        )
        assert result.exit_code == 0, result.output
        assert target.read_bytes() != b"old content"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert "\x1b[" not in (tmp_path / "d.txt").read_text()
    assert json.loads((tmp_path / "d.json").read_text())["clause"] == "WC-CV-001"


def test_a_docx_without_an_output_file_is_a_usage_error(runner: CliRunner, library: Path) -> None:
    """Word files are never written to the terminal."""
    result = diff(runner, library, "1.0.0", "2.0.0", "--format", "docx")
    assert result.exit_code == 2
    assert "give -o FILE.docx" in result.stderr


def test_parameter_values_fill_in_both_versions(
    runner: CliRunner, library: Path, tmp_path: Path
) -> None:
    """--param and --params render the texts before diffing; --param wins over the file."""
    values = tmp_path / "values.yaml"
    values.write_text("months: 4\n")
    result = diff(
        runner, library, "1.0.0", "2.0.0",
        "--params", str(values), "--param", "months=3",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "every 3 months{+, with staff+}." in result.stdout


def test_bad_parameter_values_are_one_line_errors(runner: CliRunner, library: Path) -> None:
    """Out of bounds and unknown parameters name the version and the parameter."""
    args = ["1.0.0", "2.0.0", "--param"]
    assert_one_error_line(diff(runner, library, *args, "months=99"), "above the maximum 12")
    assert_one_error_line(diff(runner, library, *args, "weeks=2"), "unknown parameter 'weeks'")
    assert diff(runner, library, *args, "months").exit_code == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "months: 99\n",
            ":2: months: WC-CV-001@2.0.0: parameter 'months': 99 is above the maximum 12",
        ),
        ("months: [3]\n", ":2: months: a parameter value must be text, a number"),
        ("months:\n", ":2: months: a parameter value must be text, a number"),
        (
            "months: 2027-01-01\n",
            ":2: months: WC-CV-001@2.0.0: parameter 'months': expected a whole number, got 2027-01-01",
        ),
        ("weeks: 2\n", ":2: weeks: WC-CV-001: unknown parameter 'weeks'"),
    ],
    ids=["out-of-bounds", "a-list", "empty", "a-date", "unknown"],
)
def test_a_bad_value_in_a_params_file_names_the_file_and_line(
    runner: CliRunner, library: Path, tmp_path: Path, content: str, message: str
) -> None:
    """A value from --params that is refused is placed at its line in that file."""
    values = tmp_path / "values.yaml"
    values.write_text("# values for the legal review\n" + content)
    result = diff(runner, library, "1.0.0", "2.0.0", "--params", str(values))
    assert_one_error_line(result, f"error: {values}{message}")


def test_identical_versions_say_so_and_exit_0(runner: CliRunner, library: Path) -> None:
    """Diffing a version with itself is an empty diff, said in words."""
    text = diff(runner, library, "2.0.0", "2.0.0")
    assert text.exit_code == 0
    assert "No content changes: the two versions read the same." in text.stdout
    assert "[-" not in text.stdout and "{+" not in text.stdout
    as_json = run(
        runner, "--library", str(library), "WC-CV-001", "2.0.0", "2.0.0", "--format", "json"
    )
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout)["changes"] == []
    assert "WC-CV-001 2.0.0 and 2.0.0 have identical content: no changes." in as_json.stderr


def test_an_unknown_clause_is_one_error_line(runner: CliRunner, library: Path) -> None:
    """The clause id that does not exist is named."""
    assert_one_error_line(
        run(runner, "--library", str(library), "WC-XX-999", "1.0.0", "2.0.0"),
        "unknown clause 'WC-XX-999'",
    )


def test_an_unknown_version_is_one_error_line_listing_the_versions(
    runner: CliRunner, library: Path
) -> None:
    """The missing version is named with the versions that exist."""
    assert_one_error_line(
        diff(runner, library, "1.0.0", "9.9.9"),
        "WC-CV-001 has no version 9.9.9; versions: "
        "1.0.0 (superseded), 2.0.0 (approved), 2.0.1 (draft)",
    )


def test_a_folder_that_is_not_a_library_is_one_error_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    """--library pointing elsewhere says it is not a clause library."""
    assert_one_error_line(
        run(runner, "--library", str(tmp_path), "WC-CV-001", "1.0.0", "2.0.0"),
        "not a clause library",
    )


def test_the_bundled_clause_diffs_without_a_library_option(runner: CliRunner) -> None:
    """WC-CV-001 1.0.0 -> 2.0.0 in the bundled library is a major, breaking change."""
    result = run(runner, "WC-CV-001", "1.0.0", "2.0.0", "--format", "json")
    data = json.loads(result.stdout)
    assert data["classification"]["too_small"] is False
    assert data["new"]["effective"] == "2026-04-01"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--author", "Legal\x07Team"], "--author: contains the character U+0007"),
        (["--author", ""], "--author: give a non-empty value"),
        (["--author", "L" * 256], "--author: give at most 255 characters"),
        (["--param", "months=1\x00"], "--param: contains the character U+0000"),
    ],
    ids=["control-character", "empty", "too-long", "control-character-in-a-value"],
)
def test_text_no_redline_could_carry_is_a_usage_error(
    runner: CliRunner, library: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    """An author or value lxml would refuse at save time is refused up front, exit 2."""
    target = tmp_path / "redline.docx"
    result = diff(runner, library, "1.0.0", "2.0.0", *args, "-o", str(target))
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert message in result.stderr
    assert not target.exists()


def test_a_clause_title_longer_than_a_property_still_gives_a_redline(
    runner: CliRunner, make_library: LibraryFactory, tmp_path: Path
) -> None:
    """A title past Word's 255-character property limit is cut short in the properties only."""
    title = "Wellbeing " * 40
    library = make_library(
        clause("WC-CV-001", version("1.0.0", status="superseded"), version("2.0.0"), title=title)
    )
    target = tmp_path / "redline.docx"
    result = diff(runner, library, "1.0.0", "2.0.0", "-o", str(target))
    assert result.exit_code == 0, result.output
    subject = docx.Document(str(target)).core_properties.subject
    assert len(subject) == 255 and subject.endswith("…")
