"""The scoring core stays pure: no spreadsheet or document library, no file-writing helper."""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = ("openpyxl", "xlsxwriter", "docx", "lxml", "tenderkit.fsio", "tenderkit.yamlio")
FORBIDDEN_PACKAGES = ("tenderkit.templates", "tenderkit.cli")


def test_importing_the_scoring_core_loads_no_file_format_library() -> None:
    """In a fresh interpreter, importing tenderkit.scoring pulls in none of the I/O layers."""
    code = (
        "import json, sys\n"
        "import tenderkit.scoring.collection, tenderkit.scoring.entries, tenderkit.scoring.tender\n"
        "import tenderkit.scoring.results, tenderkit.scoring.moderation\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
    )
    bad = [
        m
        for m in loaded
        if m in FORBIDDEN
        or m.split(".")[0] in FORBIDDEN
        or m.startswith(tuple(p + "." for p in FORBIDDEN_PACKAGES))
        or m in FORBIDDEN_PACKAGES
    ]
    assert bad == []
