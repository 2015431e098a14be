"""`tender rubric ...`: list, show, lint, export-ocds and approve scoring rubrics."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from tenderkit import fsio
from tenderkit.clauses.library import load_library
from tenderkit.clauses.placeholders import format_value
from tenderkit.cli.common import (
    OutputFile,
    approval_options,
    echo_approval,
    echo_json,
    library_option,
    refuse_overwriting,
    report_findings,
)
from tenderkit.rubrics.approve import approve_rubric
from tenderkit.rubrics.library import bundled_rubrics_path, load_rubric_library, lock_path
from tenderkit.rubrics.lint import lint_rubric_files, lint_rubric_library, validated_rubric
from tenderkit.rubrics.markdown import rubric_markdown
from tenderkit.rubrics.model import rubric_hash
from tenderkit.rubrics.ocds import SplitError, award_criteria
from tenderkit.rubrics.views import rubric_json, rubric_summary_json

F = TypeVar("F", bound=Callable[..., Any])


def rubrics_option(func: F) -> F:
    return click.option(
        "--rubrics",
        "rubrics_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Rubric library folder (default: the bundled workplace-compassion rubrics).",
    )(func)


def allow_drafts_option(func: F) -> F:
    return click.option(
        "--allow-drafts", is_flag=True, help="Let an exact version or a file pick a draft."
    )(func)


@click.group("rubric")
def rubric_group() -> None:
    """Weighted scoring rubrics: list, show, lint, export-ocds, approve."""


@rubric_group.command("list")
@rubrics_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_cmd(rubrics_dir: Path | None, as_json: bool) -> None:
    """List the rubric versions in the library with their status and content hash."""
    library = load_rubric_library(rubrics_dir)
    rubrics = sorted(library.rubrics, key=lambda r: (r.rubric.id, r.rubric.semver))
    if as_json:
        echo_json([rubric_summary_json(r.rubric) for r in rubrics])
        return
    for loaded in rubrics:
        rubric = loaded.rubric
        click.echo(
            f"{rubric.id:<24} {rubric.version:<8} {rubric.status.value:<10} "
            f"{rubric_hash(rubric)[:19]}  {rubric.title}"
        )


@rubric_group.command("show")
@rubrics_option
@library_option
@click.argument("reference")
@allow_drafts_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--markdown", is_flag=True, help="The full rubric as Markdown.")
def show_cmd(
    rubrics_dir: Path | None,
    library_dir: Path | None,
    reference: str,
    allow_drafts: bool,
    as_json: bool,
    markdown: bool,
) -> None:
    """Show one rubric (REFERENCE is ID, ID@1, ID@1.0.0 or a rubric file).

    The rubric must pass every lint check against the clause library.
    """
    clauses = load_library(library_dir)
    rubrics = load_rubric_library(rubrics_dir) if rubrics_dir else None
    rubric = validated_rubric(reference, clauses, rubrics=rubrics, allow_drafts=allow_drafts).rubric
    if as_json:
        echo_json(rubric_json(rubric))
        return
    if markdown:
        click.echo(rubric_markdown(rubric, clauses), nl=False)
        return
    default = rubric.scales[rubric.scale]
    click.echo(f"{rubric.ref}  {rubric.title}")
    click.echo(
        f"status: {rubric.status}  effective: {rubric.effective}  approver: {rubric.approver}"
    )
    click.echo(
        f"scale: {rubric.scale} ({format_value(default.minimum)}–{format_value(default.maximum)})"
    )
    for domain in rubric.domains:
        click.echo(f"\n{domain.id}  {format_value(domain.weight)}%")
        for criterion in domain.criteria:
            effective = format_value(rubric.effective_weight(domain, criterion))
            threshold = (
                f"  minimum {format_value(criterion.threshold)}"
                if criterion.threshold is not None
                else ""
            )
            click.echo(
                f"  {criterion.id:<6} {format_value(criterion.weight):>5}%  "
                f"({effective}% of rubric){threshold}  {criterion.title}"
            )
    click.echo(f"\nhash: {rubric_hash(rubric)}")


@rubric_group.command("lint")
@rubrics_option
@library_option
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def lint_cmd(rubrics_dir: Path | None, library_dir: Path | None, files: tuple[Path, ...]) -> None:
    """Check rubric files (default: the whole rubric library) against the clause library.

    Prints one line per finding and exits 1 if there are any.
    """
    clauses = load_library(library_dir)
    if files:
        findings = lint_rubric_files(files, clauses)
        scope = ", ".join(str(f) for f in files)
    else:
        findings = lint_rubric_library(rubrics_dir, clauses)
        scope = str(rubrics_dir or bundled_rubrics_path())
    report_findings(findings, scope)


@rubric_group.command("export-ocds")
@rubrics_option
@library_option
@click.argument("reference")
@click.option(
    "--quality-weight",
    type=float,
    required=True,
    help="The quality share of the award, in percent (the rubric's 100 is scaled to it).",
)
@click.option(
    "--price-weight",
    type=float,
    required=True,
    help="The price share, in percent; with the quality weight it must add up to 100.",
)
@click.option(
    "--price-type",
    type=click.Choice(["price", "cost"]),
    default="price",
    show_default=True,
    help="Whether bids are compared on price or on whole-life cost.",
)
@click.option(
    "-o",
    "--output",
    type=OutputFile(),
    help="Write the JSON to this file (default: standard output).",
)
@allow_drafts_option
def export_ocds_cmd(
    rubrics_dir: Path | None,
    library_dir: Path | None,
    reference: str,
    quality_weight: float,
    price_weight: float,
    price_type: str,
    output: Path | None,
    allow_drafts: bool,
) -> None:
    """Write the award criteria as OCDS JSON (award-criteria extension) for a tender notice.

    Each rubric criterion becomes a quality criterion weighted W × effective weight / 100;
    a price (or cost) criterion carries the price weight. The weights must add up to 100
    (otherwise exit 2).
    """
    clauses = load_library(library_dir)
    rubrics = load_rubric_library(rubrics_dir) if rubrics_dir else None
    loaded = validated_rubric(reference, clauses, rubrics=rubrics, allow_drafts=allow_drafts)
    rubric_files = [loaded.file, lock_path(loaded.file.parent)]
    refuse_overwriting(
        output, [*clauses.files(), *rubric_files, *(rubrics.files() if rubrics else [])]
    )
    rubric = loaded.rubric
    try:
        document = award_criteria(
            rubric,
            quality_weight=quality_weight,
            price_weight=price_weight,
            price_type="cost" if price_type == "cost" else "price",
            domain_titles={d.id: d.title for d in clauses.taxonomy.domains},
        )
    except SplitError as exc:
        raise click.BadParameter(
            str(exc), param_hint="'--quality-weight' / '--price-weight'"
        ) from None
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    fsio.write_text(output, text)
    click.echo(
        f"wrote {output} ({rubric.ref}, {len(document['awardCriteria']['criteria'])} criteria)"
    )


@rubric_group.command("approve")
@click.option(
    "--rubrics",
    "rubrics_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The rubric library folder to change (approval writes to it, so it is never implied).",
)
@library_option
@click.argument("rubric_id")
@click.argument("version")
@approval_options
def approve_cmd(
    rubrics_dir: Path | None,
    library_dir: Path | None,
    rubric_id: str,
    version: str,
    approver: str | None,
    effective: dt.date | None,
) -> None:
    """Approve RUBRIC_ID VERSION and record its content hash in the library's rubrics.lock."""
    clauses = load_library(library_dir)
    library = load_rubric_library(rubrics_dir)
    echo_approval(
        approve_rubric(library, clauses, rubric_id, version, approver=approver, effective=effective)
    )
