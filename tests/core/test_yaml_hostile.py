"""YAML that could hang or crash a loader is refused with one error naming file and line."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tenderkit.errors import InputError
from tenderkit.yamlio import MAX_YAML_DEPTH, load_yaml, parse_yaml


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 400 + "]" * 400 + "\n",
        "a: " + "{b: " * 400 + "1" + "}" * 400 + "\n",
        "".join("  " * i + "k:\n" for i in range(300)),
        "".join("  " * i + "- \n" for i in range(300)),
    ],
)
def test_yaml_nested_hundreds_deep_is_refused_with_its_line(text: str) -> None:
    with pytest.raises(InputError) as err:
        parse_yaml(text, "deep.yaml")
    assert err.value.location is not None and err.value.location.line is not None
    assert f"nest more than {MAX_YAML_DEPTH} deep" in err.value.message


def test_yaml_nested_within_the_limit_still_loads() -> None:
    text = "a: " + "[" * 30 + "1" + "]" * 30 + "\n"
    assert parse_yaml(text, "ok.yaml").data["a"] is not None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_in_place_of_a_yaml_file_is_refused_without_waiting(tmp_path: Path) -> None:
    """Opening a pipe for reading blocks until a writer comes; it is refused unopened."""
    fifo = tmp_path / "tender.yaml"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []
    worker = threading.Thread(target=lambda: _capture(fifo, outcome), daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive(), "load_yaml waited on a pipe"
    assert isinstance(outcome[0], InputError) and "not a regular file" in str(outcome[0])


def _capture(path: Path, outcome: list[BaseException]) -> None:
    try:
        load_yaml(path)
    except BaseException as exc:  # the test inspects what was raised
        outcome.append(exc)


def test_a_folder_in_place_of_a_yaml_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        load_yaml(tmp_path)
