"""A readable Markdown catalogue of a clause library."""

from __future__ import annotations

from tenderkit.clauses.library import Library
from tenderkit.clauses.model import Clause, ClauseVersion, Status
from tenderkit.clauses.placeholders import format_value


def _current(clause: Clause) -> ClauseVersion:
    approved = [v for v in clause.versions if v.status is Status.APPROVED]
    return max(approved or clause.versions, key=lambda v: v.semver)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def catalogue_markdown(library: Library) -> str:
    """Every clause's current version, grouped by domain, with parameters and evidence."""
    lines = [
        f"# {library.meta.name}",
        "",
        f"Release {library.meta.release}. {len(library.clauses)} clauses in "
        f"{len(library.taxonomy.domains)} domains.",
        "",
    ]
    if library.meta.source:
        lines += [f"Source: {_cell(library.meta.source)}", ""]
    stages = {s.id: s.title for s in library.taxonomy.stages}
    kinds = {k.id: k.title for k in library.taxonomy.kinds}
    for domain in library.taxonomy.domains:
        clauses = library.in_domain(domain.id)
        if not clauses:
            continue
        lines += [f"## {domain.title}", ""]
        if domain.description:
            lines += [_cell(domain.description), ""]
        for clause in clauses:
            version = _current(clause)
            history = ", ".join(f"{v.version} ({v.status.value})" for v in clause.versions)
            lines += [
                f"### {clause.id} {clause.title_of(version)}",
                "",
                f"*{stages.get(clause.stage, clause.stage)} · "
                f"{kinds.get(clause.kind, clause.kind)} · "
                f"obligation: **{version.obligation}** · version {version.version}* "
                f"(history: {history})",
                "",
                _cell(version.text),
                "",
            ]
            if version.parameters:
                lines += [
                    "| Parameter | Type | Default | Bounds | Meaning |",
                    "|---|---|---|---|---|",
                ]
                for name, p in version.parameters.items():
                    default = format_value(p.default) if p.default is not None else "*required*"
                    bounds = " – ".join(
                        format_value(b) for b in (p.min, p.max) if b is not None
                    ) or (", ".join(p.choices) if p.choices else "")
                    unit = f" {p.unit}" if p.unit else ""
                    lines.append(
                        f"| `{name}` | {p.type.value} | {_cell(default)}{unit} | "
                        f"{_cell(bounds)} | {_cell(p.description)} |"
                    )
                lines.append("")
            if version.evidence:
                lines += ["Evidence requested:", ""]
                lines += [f"- {_cell(item)}" for item in version.evidence]
                lines.append("")
            if version.guidance:
                lines += [f"> Guidance (non-contractual): {_cell(version.guidance)}", ""]
            if version.examples:
                lines += ["Illustrative examples (never requirements):", ""]
                lines += [f"- {_cell(item)}" for item in version.examples]
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"
