"""The audit log is an append-only hash chain whose tampering is detected."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tenderkit.auditlog import AuditEvent, append_events, line_hash, verify_chain
from tenderkit.errors import IntegrityError

AT = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


def three_entries(tmp_path: Path) -> Path:
    log = tmp_path / "out" / "audit.log"
    append_events(log, [AuditEvent("workspace-created", {"file": "tender.yaml"})], AT)
    append_events(
        log,
        [
            AuditEvent("workbook-issued", {"evaluator": "E1"}),
            AuditEvent("workbook-issued", {"evaluator": "E2"}),
        ],
        AT,
    )
    return log


def test_each_entry_carries_the_hash_of_the_line_before(tmp_path: Path) -> None:
    """Entries are numbered and each holds the SHA-256 of the previous line's bytes."""
    log = three_entries(tmp_path)
    lines = log.read_bytes().splitlines()
    entries = [json.loads(line) for line in lines]
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert entries[0]["prev"] is None
    assert entries[1]["prev"] == line_hash(lines[0])
    assert entries[2]["prev"] == line_hash(lines[1])
    assert entries[2]["at"] == "2027-03-01T09:00:00Z"
    status = verify_chain(log)
    assert (status.entries, status.head) == (3, line_hash(lines[2]))


def test_appending_keeps_earlier_lines_byte_for_byte(tmp_path: Path) -> None:
    """An append never rewrites what was already logged."""
    log = three_entries(tmp_path)
    before = log.read_bytes()
    append_events(log, [AuditEvent("collection", {"complete": True})], AT)
    assert log.read_bytes().startswith(before)


def test_an_edited_entry_breaks_the_chain_at_the_next_line(tmp_path: Path) -> None:
    """Changing one entry's content is reported at the following line."""
    log = three_entries(tmp_path)
    text = log.read_text().replace('"evaluator":"E1"', '"evaluator":"E9"')
    log.write_text(text)
    with pytest.raises(IntegrityError) as caught:
        verify_chain(log)
    assert caught.value.location is not None and caught.value.location.line == 3
    assert "audit.log:3" in str(caught.value)


def test_a_removed_entry_is_detected(tmp_path: Path) -> None:
    """Deleting a line from the middle breaks the sequence."""
    log = three_entries(tmp_path)
    lines = log.read_text().splitlines(keepends=True)
    log.write_text(lines[0] + lines[2])
    with pytest.raises(IntegrityError, match="removed, inserted or reordered"):
        verify_chain(log)


def test_a_cut_last_line_is_detected(tmp_path: Path) -> None:
    """A final entry without its newline was cut or edited."""
    log = three_entries(tmp_path)
    log.write_bytes(log.read_bytes()[:-5])
    with pytest.raises(IntegrityError, match="incomplete"):
        verify_chain(log)


def test_a_line_that_is_not_json_is_detected(tmp_path: Path) -> None:
    """Garbage in the log is reported with its line."""
    log = three_entries(tmp_path)
    log.write_text(log.read_text() + "hello\n")
    with pytest.raises(IntegrityError, match="not a JSON object"):
        verify_chain(log)


def test_a_broken_log_is_not_extended(tmp_path: Path) -> None:
    """Appending to a tampered log is refused, leaving it as found."""
    log = three_entries(tmp_path)
    tampered = log.read_text().replace("E1", "E3")
    log.write_text(tampered)
    with pytest.raises(IntegrityError):
        append_events(log, [AuditEvent("collection", {})], AT)
    assert log.read_text() == tampered


def test_reserved_keys_cannot_be_overridden(tmp_path: Path) -> None:
    """An event may not smuggle its own seq, time or previous hash."""
    with pytest.raises(ValueError, match="reserved"):
        append_events(tmp_path / "audit.log", [AuditEvent("x", {"prev": None})], AT)


def test_a_missing_log_is_an_empty_chain(tmp_path: Path) -> None:
    """Before anything is logged, verification reports no entries."""
    status = verify_chain(tmp_path / "audit.log")
    assert (status.entries, status.head) == (0, None)


def test_an_edit_to_the_last_line_needs_the_recorded_head(tmp_path: Path) -> None:
    """The chain alone cannot see an edit to the newest line; the head hash recorded earlier can."""
    log = three_entries(tmp_path)
    head = verify_chain(log).head
    log.write_text(log.read_text().replace('"evaluator":"E2"', '"evaluator":"E7"'))
    assert verify_chain(log).head != head
