"""`tender clauses diff` and `tender library diff`: redlines and release reports."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import click

from tenderkit import fsio
from tenderkit.clauses.changes.clause_diff import ClauseDiff
from tenderkit.clauses.changes.diff_views import clause_html, clause_markdown, diff_json, diff_text
from tenderkit.clauses.changes.release import LibraryState, ReleaseReport, compare_libraries
from tenderkit.clauses.changes.release_views import release_json, release_markdown
from tenderkit.clauses.changes.severity import Classification
from tenderkit.clauses.changes.sources import open_library
from tenderkit.clauses.changes.worddiff import SpanOp
from tenderkit.clauses.library import load_library
from tenderkit.clauses.model import ParamValue
from tenderkit.cli.common import (
    OutputFile,
    document_text,
    library_option,
    parse_params,
    refuse_overwriting,
)
from tenderkit.templates.word.redline import (
    clause_redline,
    release_redline,
    write_docx,
)
from tenderkit.workspace.clause_diff import compare_versions

SUFFIX_FORMATS = {
    ".txt": "text",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".docx": "docx",
}
#: Word keeps at most 255 characters in the author property.
AUTHOR_LIMIT = 255
COLOURS: dict[SpanOp, dict[str, Any]] = {
    "equal": {},
    "delete": {"fg": "red", "strikethrough": True},
    "insert": {"fg": "green", "underline": True},
}


def pick_format(given: str | None, output: Path | None, allowed: tuple[str, ...]) -> str:
    """The --format given, else the one -o's extension names, else the first allowed."""
    if given is not None:
        return given
    if output is not None:
        guessed = SUFFIX_FORMATS.get(output.suffix.lower())
        if guessed in allowed:
            return guessed
    return allowed[0]


def revision_date(value: dt.datetime | None) -> dt.datetime | None:
    """A --date (naive, as click parses it) is read as UTC."""
    return value.replace(tzinfo=dt.UTC) if value is not None else None


#: The formats each command writes; the first is the default without -o.
CLAUSE_FORMATS = ("text", "md", "html", "json", "docx")
RELEASE_FORMATS = ("md", "json", "docx")


def output_options(
    formats: tuple[str, ...], default_words: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--format, -o, --author and --date, as both diff commands take them."""

    def apply(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option(
            "--date",
            type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]),
            help="Revision date in the redline (default: the newer version's effective date).",
        )(func)
        func = click.option(
            "--author",
            default=None,
            callback=document_text(limit=AUTHOR_LIMIT),
            help="Redline author (default: the newer version's approver).",
        )(func)
        func = click.option("-o", "--output", type=OutputFile(), help="Write here.")(func)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(list(formats)),
            help=f"Output format (default: from -o's extension, else {default_words}).",
        )(func)

    return apply


def output_format(given: str | None, output: Path | None, allowed: tuple[str, ...]) -> str:
    """The format to write; a docx redline without -o is a usage error."""
    kind = pick_format(given, output, allowed)
    if kind == "docx" and output is None:
        raise click.UsageError("a docx redline is a file: give -o FILE.docx")
    return kind


def paint(text: str, op: SpanOp) -> str:
    """Deletions red and struck through, insertions green and underlined (on a terminal)."""
    return click.style(text, **COLOURS[op])


def dump_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def emit(text: str, output: Path | None) -> None:
    """Write text to -o atomically, or print it."""
    if output is None:
        click.echo(text, nl=False)
    else:
        fsio.write_text(output, text)
        click.echo(f"wrote {output}", err=True)


@click.command("diff")
@library_option
@click.argument("clause_id")
@click.argument("v1")
@click.argument("v2")
@output_options(CLAUSE_FORMATS, "coloured text")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Fill in a value.")
@click.option(
    "--params",
    "params_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="YAML or JSON file of parameter values.",
)
def clauses_diff_cmd(
    library_dir: Path | None,
    clause_id: str,
    v1: str,
    v2: str,
    fmt: str | None,
    output: Path | None,
    author: str | None,
    date: dt.datetime | None,
    params: tuple[str, ...],
    params_file: Path | None,
) -> None:
    """Show what changed in CLAUSE_ID from version V1 to V2 (docx: a tracked-changes redline).

    Text is compared as written, with its {{ placeholders }}, unless values are given with
    --param or --params; then both versions are filled in before comparing.
    """
    kind = output_format(fmt, output, CLAUSE_FORMATS)
    library = load_library(library_dir)
    refuse_overwriting(output, [*library.files(), params_file])
    clause = library.get(clause_id)
    diff, classification, values = compare_versions(
        clause, v1, v2, parse_params(params), params_file, filled=bool(params or params_file)
    )
    if diff.identical and kind != "text":
        click.echo(f"{clause.id} {v1} and {v2} have identical content: no changes.", err=True)
    write_clause_diff(kind, diff, classification, output, author, revision_date(date), values)


def write_clause_diff(
    kind: str,
    diff: ClauseDiff,
    classification: Classification,
    output: Path | None,
    author: str | None,
    date: dt.datetime | None,
    values: Mapping[str, ParamValue] | None,
) -> None:
    if kind == "docx":
        assert output is not None
        document = clause_redline(diff, classification, author=author, date=date, values=values)
        write_docx(document, output)
        click.echo(f"wrote {output}", err=True)
    elif kind == "json":
        emit(
            json.dumps(diff_json(diff, classification), indent=2, ensure_ascii=False) + "\n", output
        )
    elif kind == "md":
        emit(clause_markdown(diff, classification), output)
    elif kind == "html":
        emit(clause_html(diff, classification), output)
    elif output is not None:
        emit(diff_text(diff, classification), output)
    else:
        click.echo(
            diff_text(diff, classification, lambda t, op: click.style(t, **COLOURS[op])), nl=False
        )


@click.group("library")
def library_group() -> None:
    """Whole clause libraries: release reports between two states of one."""


@library_group.command("diff")
@click.argument("old")
@click.argument("new")
@output_options(RELEASE_FORMATS, "Markdown")
def library_diff_cmd(
    old: str,
    new: str,
    fmt: str | None,
    output: Path | None,
    author: str | None,
    date: dt.datetime | None,
) -> None:
    """Report what changed from library OLD to NEW: clauses added, withdrawn and changed,
    newly approved versions, status changes, each change's word diff and class.

    OLD and NEW are library folders or git revisions of one, as git:REV[:PATH]. PATH is
    relative to the repository's top level; without it, the other side's folder is used
    when it is inside the repository, else the current directory.
    """
    kind = output_format(fmt, output, RELEASE_FORMATS)
    with (
        open_library(old, other=new) as (before, old_label),
        open_library(new, other=old) as (after, new_label),
    ):
        refuse_overwriting(output, [*before.files(), *after.files()])
        report = compare_libraries(LibraryState(before, old_label), LibraryState(after, new_label))
    write_release(kind, report, output, author, revision_date(date))


def write_release(
    kind: str,
    report: ReleaseReport,
    output: Path | None,
    author: str | None,
    date: dt.datetime | None,
) -> None:
    if kind == "docx":
        assert output is not None
        write_docx(release_redline(report, author=author, date=date), output)
        click.echo(f"wrote {output}", err=True)
    elif kind == "json":
        emit(dump_json(release_json(report)), output)
    else:
        emit(release_markdown(report), output)
