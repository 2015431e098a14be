"""The scale benchmark still runs end to end (its smallest size), so it cannot rot unseen."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_scale.py"


def bench_scale() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_scale", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_growth_exponent_of_a_linear_stage_is_one() -> None:
    """The fit is the slope of log time against log size: time doubling with size gives 1."""
    fit = bench_scale().exponent([(3, 0.3), (30, 3.0), (300, 30.0)])
    assert fit == pytest.approx(1.0)


def test_the_smallest_tender_runs_every_stage_against_its_floor(tmp_path: Path) -> None:
    """Three bidders and two evaluators: every stage timed, with floor, ratio and RSS in the JSON."""
    out = tmp_path / "scale.json"
    bench_scale().main(["--sizes", "3", "--evaluators", "2", "--repeat", "1", "--out", str(out)])
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["spec"]["clauses"] == 60 and document["spec"]["median_s"] > 0
    (size,) = document["sizes"]
    assert size["bidders"] == 3 and size["scores"] == 3 * 2 * 15
    for name in ("issue", "collect", "moderate", "compare"):
        stage = size["stages"][name]
        assert stage["stage"]["median_s"] > 0, name
        assert stage["floor"]["median_s"] > 0, name
        assert stage["ratio"] == pytest.approx(
            stage["stage"]["median_s"] / stage["floor"]["median_s"]
        )
        assert stage["stage"]["rss_mib"] >= stage["stage"]["rss_before_mib"] > 0, name
        # One repeat: the paired CPU ratio is that repeat's stage over its floor(s).
        floors = (
            [stage["floor_read"], stage["floor_write"]] if name == "compare" else [stage["floor"]]
        )
        assert stage["ratio_cpu_paired"] == pytest.approx(
            stage["stage"]["runs"][0]["cpu_s"] / sum(f["runs"][0]["cpu_s"] for f in floors)
        )
    assert all(count > 0 for count in size["cells"].values())
    assert set(document["exponents"]) == {"issue", "collect", "moderate", "compare"}
