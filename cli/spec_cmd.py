"""`tender spec ...`: build a service specification, inspect its provenance, audit a .docx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from tenderkit.cli.common import (
    OutputFile,
    echo_json,
    fail,
    library_option,
    refuse_overwriting,
)
from tenderkit.cli.rubric_cmd import rubrics_option
from tenderkit.errors import InputError
from tenderkit.templates.word.audit import audit
from tenderkit.templates.word.properties import read_spec_properties
from tenderkit.workspace.manifest_starter import write_starter_manifest
from tenderkit.workspace.spec_build import build_specification, pdf_path
from tenderkit.workspace.specification import prepare_specification


@click.group("spec")
def spec_group() -> None:
    """Service specifications: start a manifest, build, inspect, audit accessibility."""


@spec_group.command("build")
@click.argument("manifest", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=OutputFile(),
    help="The .docx to write (replaced atomically; left untouched on error).",
)
@click.option(
    "--reference-doc",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A .docx whose styles, numbering, header and footer to use (default: bundled).",
)
@click.option(
    "--pdf",
    is_flag=True,
    help="Also write the PDF to publish (tagged, beside the .docx); needs LibreOffice.",
)
@click.option(
    "--draft",
    is_flag=True,
    help="A review copy: watermarked DRAFT, showing where each parameter's value comes from.",
)
@click.option(
    "--no-page-numbers",
    is_flag=True,
    help="Skip laying the document out in LibreOffice; the contents then has no page numbers.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse to build when there is any warning (e.g. a criterion with nothing to assess).",
)
@library_option
@rubrics_option
def build_cmd(
    manifest: Path,
    out: Path,
    reference_doc: Path | None,
    pdf: bool,
    draft: bool,
    no_page_numbers: bool,
    strict: bool,
    library_dir: Path | None,
    rubrics_dir: Path | None,
) -> None:
    """Build the service specification MANIFEST describes."""
    refuse_overwriting(out, [manifest, reference_doc])
    if pdf:
        refuse_overwriting(pdf_path(out), [manifest, reference_doc])
    spec = prepare_specification(manifest, library_dir=library_dir, rubrics_dir=rubrics_dir)
    refuse_overwriting(out, spec.sources)
    warnings = spec.warnings
    if strict and warnings:
        more = f" (and {len(warnings) - 1} more warning(s))" if len(warnings) > 1 else ""
        raise InputError(f"{warnings[0]}{more}", hint="--strict refuses to build with warnings")
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    built = build_specification(
        spec,
        out,
        reference_doc=reference_doc,
        pdf=pdf,
        draft=draft,
        page_numbers=not no_page_numbers,
    )
    for note in built.notes:
        click.echo(f"warning: {note}", err=True)
    # The bundled reference document always passes; a house one may not.
    for finding in audit(out):
        click.echo(f"warning: {finding}", err=True)
    clauses = spec.assembly.clauses()
    click.echo(
        f"wrote {out}: {len(clauses)} clause(s) in {len(spec.assembly.sections)} section(s), "
        f"rubric {spec.method.rubric.ref}"
    )
    if built.pdf is not None:
        click.echo(f"wrote {built.pdf}")


@spec_group.command("init")
@click.argument(
    "manifest",
    type=OutputFile(),
    default=Path("spec-manifest.yaml"),
    required=False,
)
def init_cmd(manifest: Path) -> None:
    """Write a commented starting MANIFEST (default spec-manifest.yaml) to edit and build."""
    write_starter_manifest(manifest, dt.date.today())
    click.echo(f"wrote {manifest}: edit it, then run tender spec build {manifest} -o spec.docx")


@spec_group.command("inspect")
@click.argument("spec", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def inspect_cmd(spec: Path, as_json: bool) -> None:
    """Show the provenance a specification carries: manifest hash, rubric, clause versions
    and their content hashes."""
    props = read_spec_properties(spec)
    if as_json:
        echo_json(props.as_json())
        return
    click.echo(f"reference:      {props.reference}")
    click.echo(f"version:        {props.document_version}")
    click.echo(f"manifest hash:  {props.manifest_hash}")
    click.echo(f"rubric:         {props.rubric}")
    click.echo(f"clause library: {props.library}")
    click.echo(f"built with:     tenderkit {props.tool_version}")
    click.echo(f"clauses ({len(props.clauses)}):")
    width = max((len(ref) for ref in props.clauses), default=0)
    for ref in props.clauses:
        digest = props.clause_hashes.get(ref, "(no content hash recorded)")
        click.echo(f"  {ref.ljust(width)}  {digest}")


@spec_group.command("audit")
@click.argument("document", type=click.Path(path_type=Path, dir_okay=False))
def audit_cmd(document: Path) -> None:
    """Check a .docx for accessibility; one line per finding, exit 1 if there are any."""
    findings = audit(document)
    for finding in findings:
        click.echo(str(finding))
    if findings:
        fail(f"{len(findings)} accessibility finding(s) in {document}")
    click.echo(f"{document}: no accessibility findings")
