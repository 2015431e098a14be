"""Instructions one stage executes, counted by valgrind: a yardstick the machine's load cannot move.

    python benchmarks/instructions.py STAGE ARGS...        # e.g. moderate /tmp/bench/tender-100

STAGE and ARGS are those of `bench_scale.py --worker` (a stage on a kept workspace, or a
floor: `write DIR N`, `read FILE...`). The stage runs once under `valgrind --tool=callgrind`
with instrumentation switched on only around the stage's own work (after the imports) and
off after it; the count of instructions executed in between is printed. The same code on
the same input gives the same count whatever else the machine is doing, so two versions of
a stage, or a stage and its floor, compare within a fraction of a percent where wall and
CPU times on a shared machine move by a fifth. Instructions are not time: work that waits
on memory costs more time per instruction, so use this to decide between changes and
`bench_scale.py` to report times. Needs valgrind (Debian: `apt-get install valgrind`), and
runs some 50 times slower than the stage itself. Work on a copy: the stage writes its outputs
as it would (remove `moderation.xlsx` before timing `moderate`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def _inside(stage: str, args: list[str]) -> None:
    """Under valgrind: import and prepare, count only the stage, stop counting."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_scale

    action = bench_scale.stage_action(stage, args)
    control = ["callgrind_control", "--instr"]
    subprocess.run([*control, "on", str(os.getpid())], check=True, capture_output=True)
    action()
    subprocess.run([*control, "off", str(os.getpid())], check=True, capture_output=True)


def count(stage: str, args: list[str]) -> int:
    """Instructions the stage executed (its work only, not the imports)."""
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
            sys.executable,
            str(Path(__file__).resolve()),
            "--inside",
            stage,
            *args,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        found = re.search(r"Collected : (\d+)", done.stderr)
        if done.returncode != 0 or found is None:
            raise SystemExit(f"{stage} failed under valgrind:\n{done.stderr[-2000:]}")
        return int(found.group(1))


def main(argv: list[str]) -> None:
    if argv[:1] == ["--inside"]:
        _inside(argv[1], argv[2:])
        return
    if not argv:
        raise SystemExit(__doc__)
    print(f"{argv[0]}: {count(argv[0], argv[1:]):,} instructions")


if __name__ == "__main__":
    main(sys.argv[1:])
