"""`tender demo OUT`: the main job end to end on the bundled library and example tender."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from tenderkit import fsio
from tenderkit.clauses.catalogue import catalogue_markdown
from tenderkit.clauses.library import load_library
from tenderkit.cli.demo_diff import clause_history_redline, release_report
from tenderkit.cli.demo_evaluation import evaluation_workspace
from tenderkit.rubrics.lint import validated_rubric
from tenderkit.rubrics.render_md import rubric_markdown
from tenderkit.templates.spec_docx import build_example_specification

DemoStep = Callable[[Path], list[Path]]


def clause_catalogue(out: Path) -> list[Path]:
    """The bundled clause library as a readable Markdown catalogue."""
    target = out / "clause-catalogue.md"
    fsio.write_text(target, catalogue_markdown(load_library()))
    return [target]


#: The rubric the demo renders and the example tender is scored against.
DEMO_RUBRIC = "workplace-compassion@2"


def rubric_document(out: Path) -> list[Path]:
    """The bundled workplace-compassion rubric as readable Markdown."""
    clauses = load_library()
    rubric = validated_rubric(DEMO_RUBRIC, clauses).rubric
    target = out / f"rubric-{rubric.id}.md"
    fsio.write_text(target, rubric_markdown(rubric, clauses))
    return [target]


#: Each step writes into OUT and returns the files it made, in the order a user reads them.
STEPS: list[DemoStep] = [
    clause_catalogue,
    rubric_document,
    build_example_specification,
    clause_history_redline,
    release_report,
    evaluation_workspace,
]


@click.command("demo")
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
def demo_cmd(out: Path) -> None:
    """Run the main job on the bundled library and example tender, writing into OUT."""
    fsio.make_folder(out)
    for step in STEPS:
        for path in step(out):
            click.echo(f"wrote {path}")
