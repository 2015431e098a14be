"""The `tender` command line: thin commands that call the library parts.

Each subcommand's module is imported only when it runs (see `cli.lazy`), so `tender
--version` and `tender --help` start at once.
"""

from __future__ import annotations

import click

from tenderkit import __version__
from tenderkit.cli.lazy import TenderGroup

#: name: ("module:command", the first paragraph of its help, as the command says it).
COMMANDS: dict[str, tuple[str, str]] = {
    "allocate": (
        "tenderkit.cli.allocate_cmd:allocate_cmd",
        "Propose a balanced allocation of bids to the evaluators in DIRECTORY/tender.yaml.",
    ),
    "audit": ("tenderkit.cli.audit_cmd:audit_group", "The workspace audit log (out/audit.log)."),
    "clauses": (
        "tenderkit.cli.clauses_cmd:clauses_group",
        "The versioned clause library: list, show, render, lint, approve, release.",
    ),
    "collect": (
        "tenderkit.cli.collect_cmd:collect_cmd",
        "Collect the workbooks in DIRECTORY/returns/ into out/collected.json.",
    ),
    "compare": (
        "tenderkit.cli.compare_cmd:compare_cmd",
        "Decide the award from DIRECTORY/moderation.xlsx and prices.csv.",
    ),
    "demo": (
        "tenderkit.cli.demo_cmd:demo_cmd",
        "Run the main job on the bundled library and example tender, writing into OUT.",
    ),
    "init": (
        "tenderkit.cli.init_cmd:init_cmd",
        "Create a tender workspace in DIRECTORY: a commented tender.yaml, a private signing "
        "secret, and the issued/, returns/ and out/ folders.",
    ),
    "library": (
        "tenderkit.cli.diff_cmd:library_group",
        "Whole clause libraries: release reports between two states of one.",
    ),
    "moderate": (
        "tenderkit.cli.moderate_cmd:moderate_cmd",
        "Write DIRECTORY/moderation.xlsx for the panel's consensus scores and notes.",
    ),
    "monitor": (
        "tenderkit.cli.monitor_cmd:monitor_group",
        "Contract monitoring: provider returns per reporting period, checked and charted.",
    ),
    "report": (
        "tenderkit.cli.report_cmd:report_cmd",
        "Write DIRECTORY/out/evaluation-report.docx from the result, collection and audit log.",
    ),
    "rubric": (
        "tenderkit.cli.rubric_cmd:rubric_group",
        "Weighted scoring rubrics: list, show, lint, export-ocds, approve.",
    ),
    "spec": (
        "tenderkit.cli.spec_cmd:spec_group",
        "Service specifications: start a manifest, build, inspect, audit accessibility.",
    ),
    "summaries": (
        "tenderkit.cli.summaries_cmd:summaries_cmd",
        "Write DIRECTORY/out/summaries/<bidder>.docx from out/results.json.",
    ),
    "workbooks": (
        "tenderkit.cli.workbooks_cmd:workbooks_group",
        "Evaluator workbooks: issue them to the panel.",
    ),
}


@click.group(
    cls=TenderGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="tender")
def cli() -> None:
    """tenderkit: commission workplace compassion in NHS services.

    Versioned clauses and rubrics for the four domains of workplace compassion,
    service specifications, evaluation workbooks and legal redlines.
    """


def main() -> None:
    cli(prog_name="tender")
