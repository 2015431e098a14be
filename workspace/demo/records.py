"""The decision-record part of `tender demo`: assessment summaries and the evaluation report.

It runs on the demo's evaluation workspace (`OUT/evaluation`, built by `demo.evaluation`)
once `tender compare` has written its `out/results.json`. The notice date and the times the
audit log records are fixed, so the documents are the same bytes on every run.

`write_decision_records(root)` writes into one workspace; the demo's evaluation step calls it
while it builds the evaluation folder, so the folder's marker lists these files too.
`decision_records(out)` rewrites them in an existing demo OUT folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tenderkit.workspace.report import write_report
from tenderkit.workspace.summaries import write_summaries

#: The demo's contract award notice: a Tuesday, so the standstill reads simply.
NOTICE_DATE = dt.date(2027, 4, 6)
WRITTEN_AT = dt.datetime(2027, 4, 6, 9, 0, tzinfo=dt.UTC)


def write_decision_records(root: Path) -> list[Path]:
    """Summaries for every assessed bidder and the evaluation report of the workspace at root."""
    outcome = write_summaries(root, NOTICE_DATE, WRITTEN_AT)
    report = write_report(root, WRITTEN_AT)
    return [*outcome.files, report]


def decision_records(out: Path) -> list[Path]:
    """Decision records for the demo workspace in OUT/evaluation."""
    from tenderkit.workspace.demo.evaluation import DEMO_FOLDER  # it builds with this module

    return write_decision_records(out / DEMO_FOLDER)
