"""The demo's steps, in the order a user reads what they write: the whole journey from the
clause library to the evaluation and the first year of contract monitoring, on bundled
data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tenderkit import fsio
from tenderkit.clauses.catalogue import catalogue_markdown
from tenderkit.clauses.library import load_library
from tenderkit.rubrics.lint import validated_rubric
from tenderkit.rubrics.markdown import rubric_markdown
from tenderkit.workspace.demo.diff import clause_history_redline, release_report
from tenderkit.workspace.demo.evaluation import evaluation_workspace
from tenderkit.workspace.demo.monitoring import contract_monitoring
from tenderkit.workspace.specification import build_example_specification

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
    contract_monitoring,
]
