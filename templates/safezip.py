"""Refusing hostile .xlsx files before any XML is parsed: size, member count, zip bombs.

An .xlsx file is a zip archive. Its central directory declares each member's packed and
unpacked size; Python's zipfile stops reading a member at its declared size (and then fails
its checksum), so checking the declared sizes bounds what parsing can ever unpack. XML
inside is parsed by openpyxl through defusedxml, which refuses entity expansion.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class ZipLimits:
    """What a plausible evaluator workbook stays within (ours are well under 1 MB)."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_members: int = 2_000
    max_unpacked_bytes: int = 200 * 1024 * 1024
    max_ratio: float = 100.0
    ratio_floor_bytes: int = 1024 * 1024  # smaller members may compress as well as they like


class HostileFile(ValueError):
    """The file is not a zip archive (`not-a-workbook`), or one that could exhaust memory
    when unpacked (`hostile-file`)."""

    def __init__(self, message: str, rule: str = "hostile-file") -> None:
        super().__init__(message)
        self.rule = rule


def check_archive(data: bytes, limits: ZipLimits = ZipLimits()) -> None:
    """Raise HostileFile unless data is a zip archive within limits."""
    if len(data) > limits.max_file_bytes:
        raise HostileFile(
            f"file is {len(data):,} bytes; returns larger than {limits.max_file_bytes:,} bytes are refused"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise HostileFile(
            "not an .xlsx workbook (not a zip archive, or a damaged one)", "not-a-workbook"
        ) from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise HostileFile(
                f"archive has {len(members):,} members; more than {limits.max_members:,} is refused"
            )
        total = 0
        for member in members:
            total += member.file_size
            packed = max(member.compress_size, 1)
            if (
                member.file_size > limits.ratio_floor_bytes
                and member.file_size / packed > limits.max_ratio
            ):
                raise HostileFile(
                    f"member {member.filename} unpacks {member.file_size / packed:,.0f} times its packed "
                    f"size (limit {limits.max_ratio:g}); refused as a possible zip bomb"
                )
        if total > limits.max_unpacked_bytes:
            raise HostileFile(
                f"archive unpacks to {total:,} bytes; more than {limits.max_unpacked_bytes:,} is refused"
            )
