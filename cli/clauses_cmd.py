"""`tender clauses ...`: list, show, render, lint and approve library clauses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from tenderkit.clauses.approve import approve
from tenderkit.clauses.changes.since_release import describe_changes
from tenderkit.clauses.library import bundled_library_path, load_library
from tenderkit.clauses.lint import lint_library
from tenderkit.clauses.model import Status
from tenderkit.clauses.placeholders import ParameterError, render
from tenderkit.clauses.record_release import record_release
from tenderkit.clauses.resolve import resolve
from tenderkit.clauses.views import clause_summary_json, version_json
from tenderkit.cli.common import (
    approval_options,
    echo_approval,
    echo_json,
    library_option,
    parse_params,
    report_findings,
)
from tenderkit.cli.diff_cmd import clauses_diff_cmd
from tenderkit.errors import InputError


@click.group("clauses")
def clauses_group() -> None:
    """The versioned clause library: list, show, render, lint, approve, release."""


@clauses_group.command("list")
@library_option
@click.option("--domain", help="Only clauses of this domain id.")
@click.option(
    "--status",
    type=click.Choice([s.value for s in Status]),
    help="Only clauses having a version with this status.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_cmd(
    library_dir: Path | None, domain: str | None, status: str | None, as_json: bool
) -> None:
    """List clauses with their domain, stage, kind and versions."""
    library = load_library(library_dir)
    if domain is not None and library.taxonomy.domain(domain) is None:
        raise click.BadParameter(
            f"unknown domain {domain!r}; known: {', '.join(library.taxonomy.domain_ids())}",
            param_hint="--domain",
        )
    clauses = [
        c
        for c in library.clauses.values()
        if (domain is None or c.domain == domain)
        and (status is None or any(v.status.value == status for v in c.versions))
    ]
    if as_json:
        echo_json([clause_summary_json(c) for c in clauses])
        return
    for clause in clauses:
        versions = ", ".join(f"{v.version} {v.status.value}" for v in clause.versions)
        click.echo(
            f"{clause.id:<11} {clause.domain:<22} {clause.stage:<18} {clause.kind:<11} {clause.title}  [{versions}]"
        )


@clauses_group.command("show")
@library_option
@click.argument("reference")
@click.option("--allow-drafts", is_flag=True, help="Let an exact reference pick a draft.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def show_cmd(library_dir: Path | None, reference: str, allow_drafts: bool, as_json: bool) -> None:
    """Show one clause version (REFERENCE is ID, ID@1, ID@^1.2 or ID@1.2.0)."""
    library = load_library(library_dir)
    picked = resolve(library, reference, allow_drafts=allow_drafts)
    data = version_json(picked.clause, picked.version)
    if as_json:
        echo_json(data)
        return
    click.echo(f"{picked.ref}  {data['title']}")
    click.echo(
        f"status: {data['status']}  effective: {data['effective']}  approver: {data['approver']}"
    )
    click.echo(
        f"domain: {data['domain']}  stage: {data['stage']}  kind: {data['kind']}  obligation: {data['obligation']}"
    )
    click.echo("")
    click.echo(picked.version.text)
    if picked.version.parameters:
        click.echo("\nparameters:")
        for name, param in picked.version.parameters.items():
            bounds = "".join(
                f" {label} {value:g}"
                for label, value in (("min", param.min), ("max", param.max))
                if value is not None
            )
            default = (
                "required"
                if param.is_required and param.default is None
                else f"default {param.default}"
            )
            click.echo(f"  {name} ({param.type.value}{bounds}; {default}): {param.description}")
    if picked.version.evidence:
        click.echo("\nevidence requested:")
        for item in picked.version.evidence:
            click.echo(f"  - {item}")
    if picked.version.change_note:
        click.echo(f"\nchange note: {picked.version.change_note}")
    click.echo(f"\nhash: {data['hash']}")


@clauses_group.command("render")
@library_option
@click.argument("reference")
@click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter value (repeatable)."
)
@click.option("--allow-drafts", is_flag=True, help="Let an exact reference pick a draft.")
def render_cmd(
    library_dir: Path | None, reference: str, params: tuple[str, ...], allow_drafts: bool
) -> None:
    """Print a clause's text with its parameters filled in (defaults applied)."""
    library = load_library(library_dir)
    picked = resolve(library, reference, allow_drafts=allow_drafts)
    try:
        click.echo(render(picked.version, parse_params(params)))
    except ParameterError as exc:
        raise InputError(f"{picked.ref}: {exc.message}") from None


@clauses_group.command("lint")
@library_option
def lint_cmd(library_dir: Path | None) -> None:
    """Check the library; print one line per finding and exit 1 if there are any."""
    root = library_dir or bundled_library_path()
    report_findings(lint_library(root), str(root))


@clauses_group.command("approve")
@click.option(
    "--library",
    "library_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The library folder to change (approval writes to it, so it is never implied).",
)
@click.argument("clause_id")
@click.argument("version")
@approval_options
def approve_cmd(
    library_dir: Path | None,
    clause_id: str,
    version: str,
    approver: str | None,
    effective: dt.date | None,
) -> None:
    """Approve CLAUSE_ID VERSION and record its content hash in the library's lock file."""
    library = load_library(library_dir)
    result = approve(
        library,
        clause_id,
        version,
        approver=approver,
        effective=effective,
    )
    echo_approval(result)


@clauses_group.command("release")
@click.option(
    "--library",
    "library_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The library folder to record (this writes its releases.yaml, so it is never implied).",
)
@click.option(
    "--date",
    "date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date of the release (default: today).",
)
def release_cmd(library_dir: Path, date: dt.datetime | None) -> None:
    """Record the library as it stands as the release library.yaml names.

    The library must pass `tender clauses lint` first, so a library that changed since
    its last release needs a new release number in library.yaml.
    """
    library = load_library(library_dir)
    result = record_release(library, date.date() if date else dt.date.today())
    number = result.record.release
    if result.already_recorded:
        click.echo(f"release {number} is already recorded in {result.path}")
        return
    since = f" (since {result.previous}: {describe_changes(list(result.changes))})"
    click.echo(
        f"recorded release {number} of {len(result.record.clauses)} clauses in {result.path}"
        + (since if result.previous and result.changes else "")
    )


# `tender clauses diff` lives with the other diff command; it is a subcommand of this group.
clauses_group.add_command(clauses_diff_cmd)
