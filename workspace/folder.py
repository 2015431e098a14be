"""The tender workspace on disk: its folders, `tender.yaml`, the secret and the rubric pin.

```
tender.yaml      the tender configuration (written commented by `tender init`)
.tender-secret   the key that signs issued workbooks: never shared, never in a workbook
tender.lock      the rubric pinned (id, version, hash) when workbooks were first issued
issued/          one workbook per evaluator
returns/         completed workbooks dropped in by the lead
moderation.xlsx  the moderation workbook (written by `tender moderate`)
prices.csv       sealed bid prices (`bidder,price`), read only by `tender compare`
out/             collected.json, collection-report.md, results.json, comparison.xlsx,
                 audit.log, summaries/<bidder>.docx, evaluation-report.docx
```
This is the only module that knows these names. Input files are never modified:
`tender.lock` and `.tender-secret` are written by the tool, once.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from tenderkit.errors import IntegrityError, Location
from tenderkit.text import shown_file_name

TENDER_FILE = "tender.yaml"
SECRET_FILE = ".tender-secret"
LOCK_FILE = "tender.lock"
MODERATION_STEM = "moderation"
MODERATION_FILE = f"{MODERATION_STEM}.xlsx"
LOCK_FORMAT = 1
SECRET_BYTES = 32
_SECRET_LINE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Workspace:
    """A tender workspace folder and the names of everything in it."""

    root: Path

    @property
    def tender_file(self) -> Path:
        return self.root / TENDER_FILE

    @property
    def secret_file(self) -> Path:
        return self.root / SECRET_FILE

    @property
    def lock_file(self) -> Path:
        return self.root / LOCK_FILE

    @property
    def issued_dir(self) -> Path:
        return self.root / "issued"

    @property
    def returns_dir(self) -> Path:
        return self.root / "returns"

    @property
    def out_dir(self) -> Path:
        return self.root / "out"

    @property
    def audit_log(self) -> Path:
        return self.out_dir / "audit.log"

    @property
    def collected_json(self) -> Path:
        return self.out_dir / "collected.json"

    @property
    def collection_report(self) -> Path:
        return self.out_dir / "collection-report.md"

    @property
    def prices_csv(self) -> Path:
        return self.root / "prices.csv"

    @property
    def results_json(self) -> Path:
        return self.out_dir / "results.json"

    @property
    def comparison_xlsx(self) -> Path:
        return self.out_dir / "comparison.xlsx"

    @property
    def moderation_xlsx(self) -> Path:
        return self.root / MODERATION_FILE

    def superseded_moderation(self, stamp: str) -> Path:
        """Where a reissue keeps the moderation workbook it replaces (stamp: `20270316T090000Z`)."""
        return self.root / f"{MODERATION_STEM}-superseded-{stamp}.xlsx"

    def superseded_moderations(self) -> list[Path]:
        return sorted(self.root.glob(f"{MODERATION_STEM}-superseded-*.xlsx"))

    @property
    def summaries_dir(self) -> Path:
        return self.out_dir / "summaries"

    def summary(self, bidder_id: str) -> Path:
        return self.summaries_dir / f"{bidder_id}.docx"

    @property
    def evaluation_report(self) -> Path:
        return self.out_dir / "evaluation-report.docx"

    def issued_workbook(self, evaluator_id: str) -> Path:
        return self.issued_dir / f"{evaluator_id}.xlsx"

    def supplementary_workbook(self, evaluator_id: str, bidder_id: str) -> Path:
        """issued/<evaluator>.<bidder>.xlsx, for a bidder added after issue; ids hold no
        dot, so no two evaluator and bidder pairs share a file."""
        return self.issued_dir / f"{evaluator_id}.{bidder_id}.xlsx"

    def label(self, path: Path) -> str:
        """How messages name a file: relative to the workspace, e.g. `returns/E1.xlsx`, and
        printable whatever bytes its name holds (`text.shown_file_name`)."""
        try:
            text = path.relative_to(self.root).as_posix()
        except ValueError:
            text = str(path)
        return shown_file_name(text)


# --- the secret -------------------------------------------------------------------------


def create_secret(workspace: Workspace) -> None:
    """Write a fresh random secret, readable by the owner only; never overwrites one."""
    key = secrets.token_bytes(SECRET_BYTES).hex()
    text = (
        "# tenderkit workspace secret: it signs every issued workbook. Keep it private: never\n"
        "# email it, never put it in a workbook or a shared folder evaluators can read.\n"
        "# Back it up with the tender papers; without it returns cannot be verified.\n"
        f"{key}\n"
    )
    workspace.root.mkdir(parents=True, exist_ok=True)
    fd = os.open(workspace.secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def read_secret(workspace: Workspace) -> bytes:
    path = workspace.secret_file
    if not path.exists():
        raise IntegrityError(
            "the workspace secret is missing, so issued workbooks cannot be signed or verified",
            Location(file=path),
            hint="restore it from your backup of this workspace",
        )
    lines = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if len(lines) != 1 or not _SECRET_LINE.match(lines[0]):
        raise IntegrityError(
            "the workspace secret is damaged (expected 64 hex digits)", Location(file=path)
        )
    return bytes.fromhex(lines[0])
