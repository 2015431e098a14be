"""The `tender` command line: thin commands that call the library parts."""

from __future__ import annotations

import click

from tenderkit import __version__
from tenderkit.cli.audit_cmd import audit_group
from tenderkit.cli.clauses_cmd import clauses_group
from tenderkit.cli.collect_cmd import collect_cmd
from tenderkit.cli.common import TenderGroup
from tenderkit.cli.demo_cmd import demo_cmd
from tenderkit.cli.diff_cmd import clauses_diff_cmd, library_group
from tenderkit.cli.init_cmd import init_cmd
from tenderkit.cli.report_cmd import report_cmd
from tenderkit.cli.rubric_cmd import rubric_group
from tenderkit.cli.spec_cmd import spec_group
from tenderkit.cli.summaries_cmd import summaries_cmd
from tenderkit.cli.workbooks_cmd import workbooks_group


@click.group(cls=TenderGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tender")
def cli() -> None:
    """tenderkit: commission workplace compassion in NHS services.

    Versioned clauses and rubrics for the four domains of workplace compassion,
    service specifications, evaluation workbooks and legal redlines.
    """


clauses_group.add_command(clauses_diff_cmd)
cli.add_command(clauses_group)
cli.add_command(spec_group)
cli.add_command(library_group)
cli.add_command(demo_cmd)
cli.add_command(init_cmd)
cli.add_command(workbooks_group)
cli.add_command(collect_cmd)
cli.add_command(summaries_cmd)
cli.add_command(report_cmd)
cli.add_command(audit_group)
cli.add_command(rubric_group)


def main() -> None:
    cli(prog_name="tender")
