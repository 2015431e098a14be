"""A contract workspace: `contract.yaml` made from a specification, pinned, and opened.

```
contract.yaml    provider, start, reporting schedule, the KPI and reporting clauses as
                 signed (version, hash, filled text, values, measures, baselines, targets)
contract.lock    the content hash of contract.yaml, written by `tender monitor init`
.tender-secret   the key that signs issued return workbooks: never shared
issued/          one return workbook per reporting period (`2027-Q1.xlsx`)
returns/         completed returns dropped in by the contract manager
out/             monitoring.json, dashboard.xlsx, monitoring-report.docx, audit.log
```
`init_contract` reads the manifest the specification was built from (and, optionally, the
built .docx, whose provenance must match it) through the same assembly `tender spec build`
uses, so the contract holds exactly the clause versions and values the specification
printed. `open_contract` is the one way in for every later step; it refuses a
contract.yaml whose content no longer matches the pin.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from tenderkit import fsio
from tenderkit.clauses.assembly import SpecClause, assemble
from tenderkit.clauses.library import Library, load_library
from tenderkit.clauses.manifest import LoadedManifest, load_manifest
from tenderkit.clauses.measure_catalogue import load_measures
from tenderkit.clauses.measures import MeasureCatalogue, MeasureDefinition
from tenderkit.clauses.model import ParamValue
from tenderkit.errors import InputError, IntegrityError, Location, NotFoundError
from tenderkit.hashing import content_hash, file_sha256
from tenderkit.scoring.contract import (
    ContractClause,
    ContractConfig,
    Measure,
    RatioPart,
    Reporting,
    Specification,
    Target,
    measure_key,
)
from tenderkit.scoring.periods import ReportingFrequency
from tenderkit.templates.word.properties import read_spec_properties
from tenderkit.workspace import events
from tenderkit.workspace.folder import Workspace, create_secret
from tenderkit.yamlio import YamlDocument, load_yaml, parse_yaml

CONTRACT_FILE = "contract.yaml"
CONTRACT_LOCK = "contract.lock"
LOCK_FORMAT = "tenderkit-contract-lock/1"
#: Without a reporting clause in the specification, reports are quarterly, 20 working days on.
DEFAULT_REPORTING: tuple[ReportingFrequency, int] = ("quarterly", 20)

HEADER = """\
# tenderkit contract workspace: what {provider} reports under {reference}, made by
# `tender monitor init` from the specification's manifest. It is pinned by its content
# hash in contract.lock: monitoring checks every return against exactly this. Do not edit
# it; a changed contract is a new contract workspace. Editors can validate it with
# contract.schema.json, shipped with tenderkit in tenderkit/scoring/schemas/.
"""


@dataclass(frozen=True)
class ContractWorkspace(Workspace):
    """A contract workspace folder and the names of everything in it."""

    @property
    def contract_file(self) -> Path:
        return self.root / CONTRACT_FILE

    @property
    def lock_file(self) -> Path:
        return self.root / CONTRACT_LOCK

    @property
    def monitoring_json(self) -> Path:
        return self.out_dir / "monitoring.json"

    @property
    def dashboard(self) -> Path:
        return self.out_dir / "dashboard.xlsx"

    @property
    def report(self) -> Path:
        return self.out_dir / "monitoring-report.docx"

    def issued_return(self, period: str) -> Path:
        return self.issued_dir / f"{period}.xlsx"


# --- making contract.yaml ------------------------------------------------------------


def _binds_provider(clause: SpecClause) -> bool:
    return clause.resolved.version.binds != "commissioner"


def _value(values: Mapping[str, ParamValue], name: str | None) -> float | None:
    if name is None:
        return None
    value = values.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _measure(definition: MeasureDefinition, values: Mapping[str, ParamValue]) -> Measure:
    rule = definition.target
    months = _value(values, rule.months)
    suppress = _value(values, definition.suppress_below)
    return Measure(
        id=definition.id,
        title=definition.title,
        unit=definition.unit,
        minimum=definition.minimum,
        maximum=definition.maximum,
        direction=definition.direction,
        data_source=definition.data_source,
        numerator=RatioPart(**definition.numerator.model_dump()) if definition.numerator else None,
        denominator=RatioPart(**definition.denominator.model_dump())
        if definition.denominator
        else None,
        frequency=definition.frequency,
        target=Target(
            change=rule.change,
            amount=_value(values, rule.amount),
            months=int(months) if months is not None else None,
        ),
        suppress_below=int(suppress) if suppress is not None else None,
    )


def _schedule(
    clauses: list[SpecClause], catalogue: MeasureCatalogue
) -> tuple[Reporting, str | None]:
    schedule = catalogue.schedule
    for clause in clauses:
        version = clause.resolved.version
        if clause.resolved.clause.id == schedule.clause and version.semver.major == schedule.major:
            frequency = clause.values.get(schedule.frequency)
            within = clause.values.get(schedule.within_working_days)
            chosen: ReportingFrequency | None = (
                "quarterly"
                if frequency == "quarterly"
                else "six-monthly"
                if frequency == "six-monthly"
                else None
            )
            if chosen is not None and isinstance(within, int):
                reporting = Reporting(
                    clause=clause.ref, frequency=chosen, within_working_days=within
                )
                return reporting, clause.resolved.clause.id
    default, days = DEFAULT_REPORTING
    return Reporting(clause=None, frequency=default, within_working_days=days), None


def build_contract(
    loaded: LoadedManifest,
    library: Library,
    provider: str,
    start: dt.date,
    baselines: Mapping[str, float] | None = None,
    catalogue: MeasureCatalogue | None = None,
) -> tuple[ContractConfig, list[str]]:
    """The contract for a specification's manifest, and notes on what could not be monitored."""
    catalogue = catalogue or load_measures()
    assembly = assemble(library, loaded)
    chosen = assembly.clauses()
    reporting, schedule_id = _schedule(chosen, catalogue)
    notes: list[str] = []
    if schedule_id is None:
        notes.append(
            f"the specification has no {catalogue.schedule.clause} reporting clause; reports are "
            f"taken as {reporting.frequency}, due {reporting.within_working_days} working days "
            "after each period"
        )
    kinds = {"kpi", "reporting"}
    out: list[ContractClause] = []
    for clause in chosen:
        resolved = clause.resolved
        if resolved.clause.kind not in kinds or not _binds_provider(clause):
            continue
        if resolved.clause.id == schedule_id:
            continue
        major = resolved.version.semver.major
        measures: list[Measure] = []
        if resolved.clause.kind == "kpi":
            definitions = catalogue.measures_of(resolved.clause.id, major)
            if definitions is None:
                notes.append(
                    f"{clause.ref} is a KPI clause the measure catalogue does not define; its "
                    "return block asks for commentary only"
                )
            else:
                measures = [_measure(d, clause.values) for d in definitions]
        out.append(
            ContractClause(
                id=resolved.clause.id,
                version=resolved.version.version,
                hash=clause.hash,
                kind="kpi" if resolved.clause.kind == "kpi" else "reporting",
                title=resolved.title,
                obligation=resolved.version.obligation,
                text=" ".join(clause.text.split()),
                parameters=dict(clause.values),
                frequency=catalogue.report_frequency(resolved.clause.id, major),
                measures=measures,
            )
        )
    if not out:
        raise InputError(
            "the specification has no KPI or reporting clause binding the provider, so there "
            "is nothing to monitor",
            loaded.location("clauses"),
        )
    manifest = loaded.manifest
    config = ContractConfig(
        reference=manifest.reference,
        title=manifest.title,
        commissioner=manifest.commissioner,
        provider=provider,
        start=start,
        reporting=reporting,
        specification=Specification(
            reference=manifest.reference,
            title=manifest.title,
            manifest_hash=loaded.hash,
            library=f"{library.meta.name} {library.meta.release}",
        ),
        clauses=out,
    )
    return _with_baselines(config, baselines or {}), notes


def _with_baselines(config: ContractConfig, baselines: Mapping[str, float]) -> ContractConfig:
    known = {measure_key(c, m): (c, m) for c, m in config.measures()}
    for key, value in baselines.items():
        if key not in known:
            raise InputError(
                f"--baseline {key}: no such measure in this contract (measures: {', '.join(known)})"
            )
        measure = known[key][1]
        if not measure.minimum <= value <= measure.maximum:
            raise InputError(
                f"--baseline {key}={value}: outside {measure.minimum:g}–{measure.maximum:g}"
            )
    clauses = [
        c.model_copy(
            update={
                "measures": [
                    m.model_copy(update={"baseline": baselines.get(measure_key(c, m), m.baseline)})
                    for m in c.measures
                ]
            }
        )
        for c in config.clauses
    ]
    return config.model_copy(update={"clauses": clauses})


def check_specification(docx: Path, loaded: LoadedManifest, config: ContractConfig) -> None:
    """IntegrityError unless the built specification's provenance matches the manifest."""
    props = read_spec_properties(docx)
    where = Location(file=docx)
    if props.manifest_hash != loaded.hash:
        raise IntegrityError(
            f"the specification was built from another manifest (hash {props.manifest_hash}, "
            f"{loaded.file.name} has {loaded.hash})",
            where,
            hint="give the manifest the specification was built from",
        )
    built = set(props.clauses)
    for clause in config.clauses:
        if clause.ref not in built:
            raise IntegrityError(
                f"{clause.ref} is not among the clause versions the specification carries", where
            )


def _yaml_text(config: ContractConfig) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.width = 100
    buffer = io.StringIO()
    yaml.dump(config.model_dump(mode="json", exclude_none=True), buffer)
    header = HEADER.format(provider=config.provider, reference=config.reference)
    return header + buffer.getvalue()


def init_contract(
    root: Path,
    manifest: Path,
    provider: str,
    start: dt.date,
    now: dt.datetime,
    *,
    library_dir: Path | None = None,
    specification: Path | None = None,
    baselines: Mapping[str, float] | None = None,
) -> tuple[list[Path], list[str]]:
    """Create the contract workspace at root: contract.yaml, its pin, the secret, the folders."""
    workspace = ContractWorkspace(root)
    for existing in (workspace.contract_file, workspace.lock_file, workspace.audit_log):
        if existing.exists():
            raise InputError(
                "a contract workspace already exists here; refusing to overwrite it",
                Location(file=existing),
            )
    if root.exists() and not root.is_dir():
        raise InputError("is a file, not a folder", Location(file=root))
    loaded = load_manifest(manifest)
    config, notes = build_contract(loaded, load_library(library_dir), provider, start, baselines)
    if specification is not None:
        check_specification(specification, loaded, config)
    text = _yaml_text(config)
    document_hash = content_hash(parse_yaml(text, workspace.contract_file).data)
    for folder in (workspace.issued_dir, workspace.returns_dir, workspace.out_dir):
        fsio.make_folder(folder)
    fsio.write_text(workspace.contract_file, text)
    lock = {"format": LOCK_FORMAT, "contract": {"file": CONTRACT_FILE, "hash": document_hash}}
    fsio.write_text(workspace.lock_file, json.dumps(lock, indent=2) + "\n")
    if not workspace.secret_file.exists():
        create_secret(workspace)
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        fsio.write_text(gitignore, f"{workspace.secret_file.name}\n")
    events.record(
        workspace.audit_log,
        [
            events.ContractPinned(
                CONTRACT_FILE, document_hash, file_sha256(text.encode("utf-8")), loaded.hash
            )
        ],
        now,
    )
    made = [
        workspace.contract_file,
        workspace.lock_file,
        workspace.secret_file,
        workspace.audit_log,
    ]
    return made, notes


# --- opening a contract ----------------------------------------------------------------


@dataclass(frozen=True)
class OpenContract:
    workspace: ContractWorkspace
    config: ContractConfig
    document: YamlDocument
    hash: str


def open_contract(root: Path) -> OpenContract:
    """Load contract.yaml, validate it and check it against its pin."""
    workspace = ContractWorkspace(root)
    if not workspace.contract_file.exists():
        raise NotFoundError(
            f"no {CONTRACT_FILE} here; is this a contract workspace?",
            Location(file=workspace.contract_file),
            hint=f"create one with `tender monitor init {root} --manifest MANIFEST ...`",
        )
    document = load_yaml(workspace.contract_file)
    config = document.validate(ContractConfig)
    digest = content_hash(document.data)
    pinned = read_contract_pin(workspace)
    if pinned != digest:
        raise IntegrityError(
            f"contract.yaml no longer matches the contract pinned at init (hash {pinned}, now "
            f"{digest}); returns are checked against what was agreed",
            Location(file=workspace.contract_file),
            hint="restore contract.yaml, or start a new contract workspace",
        )
    return OpenContract(workspace, config, document, digest)


def read_contract_pin(workspace: ContractWorkspace) -> str:
    """The hash contract.lock pins; IntegrityError when it is missing or not ours."""
    path = workspace.lock_file
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != LOCK_FORMAT:
            raise ValueError
        return str(data["contract"]["hash"])
    except FileNotFoundError:
        raise IntegrityError(
            "the contract pin is missing", Location(file=path), hint="restore it from a backup"
        ) from None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise IntegrityError(
            f"not a tenderkit contract lock ({LOCK_FORMAT})", Location(file=path)
        ) from None
