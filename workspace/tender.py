"""Opening a tender workspace: `tender.yaml` checked against its rubric, and the rubric pin.

`open_tender` is the one way into a workspace for every step; what it returns, `OpenTender`,
builds what each evaluator is issued and the collection plan from the same configuration.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from tenderkit import fsio
from tenderkit.clauses.library import bundled_library_path
from tenderkit.clauses.taxonomy import load_taxonomy
from tenderkit.errors import InputError, IntegrityError, Location, NotFoundError, TenderkitError
from tenderkit.rubrics.library import LoadedRubric, RubricBase, resolve_rubric
from tenderkit.rubrics.model import Rubric, rubric_hash
from tenderkit.scoring.collection import Assignment, CollectionPlan, Withdrawal
from tenderkit.scoring.tender import (
    Bidder,
    TenderConfig,
    allocated_bidders,
    allocated_criteria,
    tender_problems,
)
from tenderkit.templates.excel.evaluator_issue import build_issue
from tenderkit.templates.excel.evaluator_payload import IssuedWorkbook
from tenderkit.workspace.collection_report import CollectionContext
from tenderkit.workspace.folder import LOCK_FILE, LOCK_FORMAT, TENDER_FILE, Workspace
from tenderkit.yamlio import YamlDocument, load_yaml

# --- opening a tender ----------------------------------------------------------------


def _domain_titles() -> dict[str, str]:
    try:
        taxonomy = load_taxonomy(bundled_library_path() / "taxonomy.yaml")
    except TenderkitError:
        return {}
    return {d.id: d.title for d in taxonomy.domains}


def _load_rubric(workspace: Workspace, document: YamlDocument, reference: str) -> LoadedRubric:
    """The tender's rubric; a file path is relative to the workspace folder, wherever the
    command runs. Every refusal is reported at tender.yaml's `rubric:` line."""
    base = RubricBase(workspace.root, "the workspace folder")
    try:
        return resolve_rubric(reference, base=base)
    except TenderkitError as exc:
        if exc.location is not None:
            raise
        raise type(exc)(exc.message, document.location(("rubric",)), exc.hint) from None


@dataclass(frozen=True)
class OpenTender:
    """A workspace whose tender.yaml is valid against its rubric."""

    workspace: Workspace
    config: TenderConfig
    document: YamlDocument
    loaded_rubric: LoadedRubric
    domain_titles: dict[str, str]

    @property
    def rubric(self) -> Rubric:
        return self.loaded_rubric.rubric

    @cached_property
    def rubric_hash(self) -> str:
        return rubric_hash(self.rubric)

    def expected_issue(
        self, evaluator_id: str, issued_at: str, bidders: Sequence[str] | None = None
    ) -> IssuedWorkbook | None:
        """What this workspace issues to evaluator_id at issued_at (None: no such evaluator).

        With `bidders` (a return's bidder ids, in its order), the workbook as it would have
        been issued for those of them tender.yaml still allocates to the evaluator, withdrawn
        or not: a return issued before a bidder withdrew, or before one was added, is checked
        against the bidders it covers, not today's list.
        """
        evaluator = self.config.evaluator(evaluator_id)
        if evaluator is None:
            return None
        covered: list[Bidder] | None = None
        if bidders is not None:
            allocated = {b.id: b for b in allocated_bidders(self.config, evaluator, withdrawn=True)}
            covered = [allocated[b] for b in bidders if b in allocated]
        return build_issue(
            self.config,
            self.rubric,
            self.rubric_hash,
            evaluator,
            issued_at,
            self.domain_titles,
            covered,
        )

    def plan(self) -> CollectionPlan:
        rubric = self.rubric
        bidders = tuple(b.id for b in self.config.evaluated_bidders())
        return CollectionPlan(
            assignments=[
                Assignment(
                    e.id,
                    e.name,
                    tuple(b.id for b in allocated_bidders(self.config, e)),
                    tuple(c.id for c in allocated_criteria(e, rubric)),
                )
                for e in self.config.evaluators
            ],
            bidders=bidders,
            criteria=[c.id for _, c in rubric.criteria()],
            scales={c.id: rubric.scale_for(c) for _, c in rubric.criteria()},
            returns_folder=self.workspace.label(self.workspace.returns_dir) + "/",
            withdrawn={b.id: withdrawal(b) for b in self.config.withdrawn_bidders()},
        )

    def context(self) -> CollectionContext:
        rubric = self.rubric
        return CollectionContext(
            reference=self.config.reference,
            title=self.config.title,
            rubric_id=rubric.id,
            rubric_version=rubric.version,
            rubric_hash=self.rubric_hash,
            bidder_names={b.id: b.name for b in self.config.bidders},
            withdrawn={b.id: withdrawal(b) for b in self.config.withdrawn_bidders()},
        )


def withdrawal(bidder: Bidder) -> Withdrawal:
    """A withdrawn bidder's record, as collection and the records carry it."""
    assert bidder.withdrawn is not None
    return Withdrawal(bidder.withdrawn.isoformat(), bidder.withdrawal_reason)


def withdrawal_words(bidder: Bidder) -> str:
    """'withdrew on 10 March 2027 (reason)', as records and messages say it."""
    assert bidder.withdrawn is not None
    day = bidder.withdrawn
    why = f" ({bidder.withdrawal_reason})" if bidder.withdrawal_reason else ""
    return f"withdrew on {day.day} {day:%B %Y}{why}"


def open_tender(root: Path) -> OpenTender:
    """Load and check tender.yaml and its rubric; InputError names the file and line."""
    workspace = Workspace(root)
    if not workspace.tender_file.exists():
        raise NotFoundError(
            f"no {TENDER_FILE} here; is this a tender workspace?",
            Location(file=workspace.tender_file),
            hint=f"create one with `tender init {root}`",
        )
    document = load_yaml(workspace.tender_file)
    config = document.validate(TenderConfig)
    loaded = _load_rubric(workspace, document, config.rubric)
    problems = tender_problems(config, loaded.rubric)
    if problems:
        path, message = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise document.error(path, message + more)
    return OpenTender(workspace, config, document, loaded, _domain_titles())


# --- the rubric pin ------------------------------------------------------------------


@dataclass(frozen=True)
class RubricPin:
    reference: str
    id: str
    version: str
    hash: str


def read_pin(workspace: Workspace) -> RubricPin | None:
    path = workspace.lock_file
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rubric = data["rubric"]
        if data.get("format") != LOCK_FORMAT:
            raise ValueError
        return RubricPin(
            str(rubric["reference"]), str(rubric["id"]), str(rubric["version"]), str(rubric["hash"])
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise InputError(
            f"not a tenderkit lock file (format {LOCK_FORMAT} with a 'rubric' pin)",
            Location(file=path),
        ) from None


def check_pin(tender: OpenTender) -> RubricPin | None:
    """IntegrityError if the rubric differs from the one pinned at first issue."""
    pin = read_pin(tender.workspace)
    if pin is None:
        return None
    rubric = tender.rubric
    if pin.hash != tender.rubric_hash:
        raise IntegrityError(
            f"rubric {rubric.ref} (hash {tender.rubric_hash}) is not the rubric pinned when workbooks "
            f"were first issued ({pin.id}@{pin.version}, hash {pin.hash}); the published evaluation "
            "method must not change during a tender",
            tender.document.location(("rubric",)),
            hint=f"restore the rubric, or start a new tender; the pin is in {LOCK_FILE}",
        )
    return pin


def write_pin(tender: OpenTender) -> RubricPin:
    rubric = tender.rubric
    pin = RubricPin(tender.config.rubric, rubric.id, rubric.version, tender.rubric_hash)
    body = {
        "format": LOCK_FORMAT,
        "rubric": {
            "reference": pin.reference,
            "id": pin.id,
            "version": pin.version,
            "hash": pin.hash,
        },
    }
    fsio.write_text(tender.workspace.lock_file, json.dumps(body, indent=2) + "\n")
    return pin
