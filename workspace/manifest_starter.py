"""A commented starting manifest (`tender spec init`), and schema lines that work where written.

An editor with the YAML language server validates a file against the schema its first
line names. Bundled files name the schema shipped beside them by a relative path; a file
written into a lead's own folder names the installed package's schema by its absolute
`file:` address, which resolves on the machine that wrote it (re-run `tender spec init`,
or edit the line, on another machine).
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from tenderkit import fsio
from tenderkit.errors import OutputError

SCHEMA_MARK = "# yaml-language-server: $schema="


def schema_uri(name: str, part: str = "clauses") -> str:
    """The `file:` address of a schema shipped in the installed package."""
    schema = Path(str(resources.files(f"tenderkit.{part}") / "schemas" / name)).resolve()
    return schema.as_uri()


def with_local_schema(text: str, name: str, part: str = "clauses") -> str:
    """`text` with its schema line (added if missing) naming the installed schema."""
    line = f"{SCHEMA_MARK}{schema_uri(name, part)}"
    lines = text.splitlines(keepends=True)
    if lines and lines[0].lstrip("# ").startswith("yaml-language-server"):
        return line + "\n" + "".join(lines[1:])
    return line + "\n" + text


_STARTER = """\
# A service specification manifest: build it with
#   tender spec build {name} -o specification.docx --pdf
# Every field is explained below; `tender spec build` reports every problem at once, each
# with its line. Field reference: docs/spec.md in the tenderkit repository.

# The document: shown on the cover, in document control and in the running header.
title: Workplace compassion requirements - <service>
reference: <ORG-YEAR-NNN/SPEC/01>        # your document reference
commissioner: <commissioning organisation>
# provider: <provider>                    # once one is known
author: <team or role responsible>
version: "0.1"                            # in quotes, so 0.10 stays 0.10
status: draft for market engagement
date: {today}                         # the date of this version
regime: procurement-act-2023              # or provider-selection-regime-2023

# The evaluation method published in Appendix A: a bundled rubric (ID@VERSION), or a
# path to your own rubric file, relative to this manifest.
rubric: workplace-compassion@2
weights: {{quality: 60, price: 40}}         # optional; quality, price, social_value add to 100
thresholds: exclude                       # a score below a threshold: exclude | flag
include_guidance: true                    # print each clause's guidance and examples
# allow_drafts: true                      # only to review exactly pinned draft clauses

# Values every clause that declares them uses; a clause's own values override these.
# They are read inside sentences: give a name with the article it needs ("the ...").
parameters:
  service_name: the <service name>

# The clauses, in the order the document presents them: a whole domain (every approved
# clause of it), or one clause by id, optionally pinned (WC-CV-001@2.0.0) and with its
# own values. `tender clauses list` shows the library.
clauses:
  - domain: culture-values
  - domain: actions-activities
  - domain: leadership-management
  - domain: policies-procedures
  - domain: monitoring-reporting
  # - {{id: WC-CV-001, version: 2.0.0, parameters: {{review_months: 12}}}}
"""


def starter_manifest(name: str, today: dt.date) -> str:
    """The text of a starting manifest called `name`, dated `today`."""
    body = _STARTER.format(name=name, today=today.isoformat())
    return with_local_schema(body, "manifest.schema.json")


def write_starter_manifest(path: Path, today: dt.date) -> Path:
    """Write a starting manifest; an existing file is never replaced."""
    if path.exists():
        raise OutputError(
            f"{path} already exists; tender spec init never replaces a manifest",
            hint="give another file name",
        )
    fsio.write_text(path, starter_manifest(path.name, today))
    return path
