"""Creating a tender workspace: a commented tender.yaml, the secret and the folders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tenderkit import fsio
from tenderkit.errors import InputError, Location
from tenderkit.hashing import file_sha256
from tenderkit.workspace import events
from tenderkit.workspace.folder import SECRET_FILE, TENDER_FILE, Workspace, create_secret

TENDER_TEMPLATE = """\
# tenderkit tender workspace: the evaluation set-up for one tender.
# Edit this file, then run `tender workbooks issue <this folder>` to write one workbook per
# evaluator into issued/. Errors name the line. Editors can validate this file with
# tender.schema.json, shipped with tenderkit in tenderkit/scoring/schemas/.

title: Community nursing services           # shown on every workbook
reference: ICB-2027-014                     # your procurement reference; stamped into workbooks
regime: procurement-act-2023                # or provider-selection-regime-2023
rubric: workplace-compassion@2.0.0          # bundled id@version, or a path to a rubric file
                                            # (relative to this folder); pinned at first issue
weights: {quality: 60, price: 40}           # must sum to 100; price 0 means quality only
price: {formula: lowest-over-bid}           # how price is scored (used by `tender compare`)
tie_break: higher-quality                   # higher-quality | lower-price | none
thresholds: exclude                         # exclude | flag: what failing a criterion threshold does
moderation: {spread_threshold: 2}           # scores further apart (in scale points) are discussed

# Bidders: a short id (letters and digits, - or _ inside, up to 24) and the name on the bid.
# One who withdraws after issue stays here, marked `status: withdrawn` with
# `withdrawn: 2027-03-10` (and optionally `withdrawal_reason`); one added after issue gets
# supplementary workbooks with `tender workbooks issue DIR --bidder <id>`.
bidders:
  - {id: B1, name: Example Care Ltd}
  - {id: B2, name: Example Community Health CIC}

# Evaluators: each gets issued/<id>.xlsx. `domains` limits what they score; without it they
# score every criterion. Domains of the bundled rubric: culture-values, actions-activities,
# leadership-management, policies-procedures.
evaluators:
  - {id: E1, name: Evaluator One}
  - {id: E2, name: Evaluator Two, domains: [culture-values, leadership-management]}
"""

GITIGNORE = (
    f"# The workspace secret signs issued workbooks; it must never be shared.\n{SECRET_FILE}\n"
    "# Held while a tender command runs, so two runs never interleave.\n.workspace-lock\n"
)


def init_workspace(root: Path, now: dt.datetime, tender_text: str = TENDER_TEMPLATE) -> list[Path]:
    """Create the workspace at root; InputError if one is already there. Returns files made."""
    workspace = Workspace(root)
    for existing in (
        workspace.tender_file,
        workspace.secret_file,
        workspace.lock_file,
        workspace.audit_log,
    ):
        if existing.exists():
            raise InputError(
                "a tender workspace already exists here; refusing to overwrite it",
                Location(file=existing),
            )
    if root.exists() and not root.is_dir():
        raise InputError("is a file, not a folder", Location(file=root))
    for folder in (workspace.issued_dir, workspace.returns_dir, workspace.out_dir):
        folder.mkdir(parents=True, exist_ok=True)
    fsio.write_text(workspace.tender_file, tender_text)
    create_secret(workspace)
    made = [workspace.tender_file, workspace.secret_file]
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        fsio.write_text(gitignore, GITIGNORE)
        made.append(gitignore)
    events.record(
        workspace.audit_log,
        [events.WorkspaceCreated(TENDER_FILE, file_sha256(tender_text.encode("utf-8")))],
        now,
    )
    made.append(workspace.audit_log)
    return made
