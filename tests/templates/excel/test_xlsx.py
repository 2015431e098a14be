"""The shared workbook-writing helpers."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tenderkit.templates.excel.xlsx import collector_paused


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_is_paused_while_a_workbook_is_written_and_resumed_after() -> None:
    """Inside the block the cyclic collector is off; afterwards it is on again."""
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_resumes_when_writing_fails() -> None:
    """An error raised while writing still turns the collector back on."""
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a bad cell")
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_a_nested_pause_leaves_the_collector_off_until_the_outer_one_ends() -> None:
    """Pausing inside a pause does not turn the collector back on early."""
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
