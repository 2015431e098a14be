"""Canonical content hashes: the same content always gives the same digest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"cannot hash a {type(value).__name__}")


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no insignificant whitespace and ISO dates."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    )


def content_hash(value: Any) -> str:
    """`sha256:<hex>` of the canonical JSON of value."""
    digest = hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def file_sha256(data: bytes) -> str:
    """Hex SHA-256 of raw bytes (for files collected or issued)."""
    return hashlib.sha256(data).hexdigest()
