"""`tender monitor init|issue|collect`: contract monitoring, from specification to dashboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from tenderkit.cli.common import _as_date, checked_text, fail, library_option
from tenderkit.cli.workbooks_cmd import parse_issued_at
from tenderkit.workspace.contract import CONTRACT_FILE, CONTRACT_LOCK, init_contract, open_contract
from tenderkit.workspace.monitor import collect_monitoring, issue_period


def _baselines(
    ctx: click.Context, param: click.Parameter, pairs: tuple[str, ...]
) -> dict[str, float]:
    out: dict[str, float] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        try:
            if not sep:
                raise ValueError
            out[key.strip()] = float(value)
        except ValueError:
            raise click.BadParameter(
                f"{pair!r}: write CLAUSE.MEASURE=NUMBER, e.g. WC-MR-001.engagement=6.8"
            ) from None
    return out


@click.group("monitor")
def monitor_group() -> None:
    """Contract monitoring: provider returns per reporting period, checked and charted."""


@monitor_group.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--manifest",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The manifest the service specification was built from.",
)
@click.option("--provider", required=True, help="The provider the contract was awarded to.")
@click.option(
    "--start",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    callback=_as_date,
    help="Contract start date (YYYY-MM-DD); reporting periods count from it.",
)
@click.option(
    "--spec",
    "specification",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The built specification .docx; its provenance must match the manifest.",
)
@click.option(
    "--baseline",
    "baselines",
    multiple=True,
    callback=_baselines,
    metavar="CLAUSE.MEASURE=NUMBER",
    help="An agreed baseline (repeatable); without one the first period reported is the baseline.",
)
@library_option
def init_cmd(
    directory: Path,
    manifest: Path,
    provider: str,
    start: dt.date,
    specification: Path | None,
    baselines: dict[str, float],
    library_dir: Path | None,
) -> None:
    """Create a contract workspace in DIRECTORY from a specification's manifest."""
    provider = checked_text(provider, "--provider", 200)
    _, notes = init_contract(
        directory,
        manifest,
        provider,
        start,
        dt.datetime.now(dt.UTC),
        library_dir=library_dir,
        specification=specification,
        baselines=baselines,
    )
    for note in notes:
        click.echo(f"note: {note}")
    contract = open_contract(directory)
    measures = len(contract.config.measures())
    click.echo(
        f"created contract workspace {directory}: {len(contract.config.clauses)} clause(s), "
        f"{measures} measure(s), reported {contract.config.reporting.frequency}"
    )
    click.echo(f"  {CONTRACT_FILE}  the contract as signed; pinned in {CONTRACT_LOCK}")
    click.echo(f"next: tender monitor issue {directory} --period {start.year}-Q1")


@monitor_group.command("issue")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--period", required=True, help="Contract period: YYYY-Qn or YYYY-Hn.")
@click.option(
    "--issued-at",
    metavar="ISO-8601",
    callback=parse_issued_at,
    help="Issue time recorded in the workbook (default: now).",
)
@click.option("--reissue", is_flag=True, help="Replace a workbook already in issued/.")
def issue_cmd(directory: Path, period: str, issued_at: dt.datetime | None, reissue: bool) -> None:
    """Write issued/<period>.xlsx, the provider's return workbook for one period."""
    contract = open_contract(directory)
    now = dt.datetime.now(dt.UTC)
    outcome = issue_period(contract, period, issued_at or now, now, reissue=reissue)
    label = contract.workspace.label(outcome.path)
    p = outcome.period
    if outcome.action == "kept":
        click.echo(f"kept {label} (already issued; --reissue replaces it)")
    else:
        click.echo(f"issued {label}: {p.label}, {p.dates()}")


@monitor_group.command("collect")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    callback=_as_date,
    help="The date deadlines are judged at (default: today).",
)
@click.option(
    "--reference-doc",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="A reference .docx for the report's styles (default: the bundled one).",
)
def collect_cmd(directory: Path, as_of: dt.date | None, reference_doc: Path | None) -> None:
    """Read DIRECTORY/returns/ into out/monitoring.json, out/dashboard.xlsx and the report.

    Every problem is printed with its file and cell; when there is any, nothing in out/
    is replaced and the command exits 1.
    """
    contract = open_contract(directory)
    now = dt.datetime.now(dt.UTC)
    outcome = collect_monitoring(contract, as_of or now.date(), now, reference_doc=reference_doc)
    monitoring = outcome.monitoring
    accepted = sum(1 for r in monitoring.returns if r.status == "accepted")
    click.echo(f"returns: {accepted} accepted, {len(monitoring.returns) - accepted} refused")
    for note in monitoring.notes:
        click.echo(f"note: {note}")
    for problem in monitoring.problems:
        click.echo(str(problem))
    if not monitoring.clean:
        fail(
            f"{len(monitoring.problems)} problem(s); out/ was left as it was. Correct or remove "
            "the returns named and collect again"
        )
    for result in monitoring.measures:
        if result.periods:
            last = result.periods[-1]
            streak = result.not_met_in_a_row
            tail = f" ({streak} in a row not met)" if streak > 1 else ""
            click.echo(f"{result.key} {last.period}: {last.status}{tail}")
    if monitoring.awaiting:
        click.echo(f"awaited (not yet due): {', '.join(monitoring.awaiting)}")
    for path in outcome.written:
        click.echo(f"wrote {contract.workspace.label(path)}")
