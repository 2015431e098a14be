"""Canonical JSON and content hashes."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from tenderkit.hashing import canonical_json, content_hash, file_sha256


def test_canonical_json_sorts_keys_and_drops_whitespace():
    """Canonical JSON has sorted keys and no insignificant whitespace."""
    assert canonical_json({"b": 1, "a": [1, 2]}) == '{"a":[1,2],"b":1}'


def test_canonical_json_writes_dates_as_iso_and_keeps_unicode():
    """Dates become ISO strings and non-ASCII text is kept as it is."""
    value = {"when": dt.date(2026, 4, 1), "who": "Zoë"}
    assert canonical_json(value) == '{"when":"2026-04-01","who":"Zoë"}'


def test_content_hash_ignores_key_order():
    """The same content in a different key order has the same hash."""
    assert content_hash({"a": 1, "b": [1, 2]}) == content_hash({"b": [1, 2], "a": 1})


def test_content_hash_changes_with_content():
    """Any change of content changes the hash, which is a sha256: digest."""
    first, second = content_hash({"text": "must"}), content_hash({"text": "should"})
    assert first != second
    assert first.startswith("sha256:")
    assert len(first) == len("sha256:") + 64


def test_content_hash_refuses_values_it_cannot_write():
    """A value with no canonical JSON form is refused rather than hashed loosely."""
    with pytest.raises(TypeError, match="cannot hash a set"):
        content_hash({"x": {1, 2}})


def test_file_sha256_is_the_plain_hex_digest():
    """file_sha256 gives the hex SHA-256 of raw bytes."""
    assert file_sha256(b"abc") == hashlib.sha256(b"abc").hexdigest()
