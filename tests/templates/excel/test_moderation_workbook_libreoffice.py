"""A real client opens the moderation workbook: LibreOffice renders it, keeps its drop-downs,
and a workbook the moderator saved in LibreOffice reads back."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from defusedxml import ElementTree

from tenderkit.workspace.moderation import read_moderation
from tenderkit.workspace.tender import open_tender
from tests.support.libreoffice import convert, pdf_pages, pdf_text
from tests.support.moderation import FLAGGED_PAIR, collected_workspace, fill_moderation, moderate

pytestmark = pytest.mark.libreoffice

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = collected_workspace(tmp_path_factory.mktemp("lo") / "tender")
    moderate(root)
    return root


def test_libreoffice_renders_the_visible_sheets(workspace: Path, tmp_path: Path) -> None:
    pdf = convert(workspace / "moderation.xlsx", "pdf", tmp_path)
    text = " ".join(pdf_text(pdf).split())  # wrapped cells break lines anywhere
    assert "Moderation workbook: Community nursing services" in text
    assert "Consensus score" in text and "Moderation note" in text
    assert "never against other bids" in text
    assert "Unacceptable" in text and "Excellent" in text  # the Criteria sheet
    assert "hmac-sha256" not in text and "payload 1/" not in text
    assert pdf_pages(pdf) >= 3


def test_the_consensus_drop_downs_survive_in_ods(workspace: Path, tmp_path: Path) -> None:
    ods = convert(workspace / "moderation.xlsx", "ods", tmp_path)
    content = ElementTree.fromstring(zipfile.ZipFile(ods).read("content.xml"))
    validations = {
        v.get(f"{{{TABLE}}}name"): v.get(f"{{{TABLE}}}condition")
        for v in content.iter(f"{{{TABLE}}}content-validation")
    }
    score_lists = {n for n, c in validations.items() if c and '"0";"1";"2";"3";"4";"5"' in c}
    assert score_lists
    cells = [
        c
        for c in content.iter(f"{{{TABLE}}}table-cell")
        if c.get(f"{{{TABLE}}}content-validation-name") in score_lists
    ]
    repeats = sum(int(c.get(f"{{{TABLE}}}number-columns-repeated", "1")) for c in cells)
    assert repeats == 14
    names = {r.get(f"{{{TABLE}}}name") for r in content.iter(f"{{{TABLE}}}named-range")}
    assert {"C.B1.CV1", "N.B2.PP2", "TXT.B1.CV1", "RAT.B2.PP2", "TXT.CV1", "TK.META"} <= names


def test_a_workbook_saved_by_libreoffice_reads_back(workspace: Path, tmp_path: Path) -> None:
    root = Path(shutil.copytree(workspace, tmp_path / "tender"))
    filled = fill_moderation(
        root / "moderation.xlsx", values={"C.B1.CV1": 2}, target=tmp_path / "moderation.xlsx"
    )
    saved = convert(filled, "xlsx:Calc MS Excel 2007 XML", tmp_path / "saved")
    shutil.copy(saved, root / "moderation.xlsx")
    book = openpyxl.load_workbook(saved)
    assert any(
        dv.type == "list" and dv.formula1 == '"0,1,2,3,4,5"'
        for dv in book["Moderation"].data_validations.dataValidation
    )
    record = read_moderation(open_tender(root))
    assert record.consensus[FLAGGED_PAIR] == 2.0
    assert len(record.consensus) == 14 and len(record.notes) == 14
