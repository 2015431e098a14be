"""The approval lock: a content hash for every approved `id@version` in a library."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from tenderkit import fsio
from tenderkit.errors import InputError, Location

LOCK_NAME = "clauses.lock"
LOCK_FORMAT = 1


@dataclass
class Lock:
    """Maps `ID@VERSION` to the `sha256:` hash of the content that was approved."""

    path: Path
    approved: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Lock:
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except IsADirectoryError:
            raise InputError("the lock file is a folder, not a file", Location(path)) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            line = getattr(exc, "lineno", None)
            raise InputError(f"lock file is not valid JSON: {exc}", Location(path, line)) from None
        except RecursionError:
            raise InputError(
                "lock file is not valid JSON: nested too deeply", Location(path)
            ) from None
        except OSError as exc:
            raise InputError(f"cannot read the lock file: {exc.strerror}", Location(path)) from None
        if not isinstance(data, dict) or data.get("format") != LOCK_FORMAT:
            raise InputError(
                f"lock file format must be {LOCK_FORMAT}", Location(path, path="format")
            )
        approved = data.get("approved")
        if not isinstance(approved, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.startswith("sha256:")
            for k, v in approved.items()
        ):
            raise InputError(
                "'approved' must map ID@VERSION to a sha256: hash", Location(path, path="approved")
            )
        return cls(path, dict(approved))

    def record(self, key: str, digest: str) -> None:
        self.approved[key] = digest

    def save(self) -> None:
        body = {"format": LOCK_FORMAT, "approved": dict(sorted(self.approved.items()))}
        fsio.write_text(self.path, json.dumps(body, indent=2) + "\n")
