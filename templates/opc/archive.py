"""The Office package as a zip archive: the one set of limits, checks and re-packing beneath
the Word and Excel code.

Files people hand to tenderkit (returned workbooks, reference documents, specifications to
inspect) may be damaged or hostile. Every archive is held to a `ZipLimits` before anything
is decompressed, and every refusal is one error type, `HostileFile`, whose rule says what
the file is (`not-a-workbook`, `hostile-file`). Writing re-packs what the Office libraries
saved with fixed entry dates, so the same inputs give the same bytes.

Returned workbooks (`check_archive`): an .xlsx file is a zip archive. Its central directory declares each member's packed and
unpacked size; Python's zipfile stops reading a member at its declared size (and then fails
its checksum), so checking the declared sizes bounds what parsing can ever unpack.

Every member is read through once (its checksum, its local header against the central
directory, its compression method and encryption flag), so a damaged member is refused
here by name and no later reader meets it. Each XML part's encoding is sniffed from its
first bytes (XML 1.0 appendix F), so a DTD in UTF-16 without a byte-order mark is found;
encodings no Office program writes (UTF-32, EBCDIC, a declared UTF-7) are refused. A
member named outside the package (`../x`, `/x`, `C:/x`, a backslash) is refused.

Also refused here, with a message saying what the file is: an empty file, an encrypted
(password-protected) workbook or old .xls (both are OLE files, not zips), a Word, PowerPoint
or OpenDocument file renamed .xlsx, an archive holding two
members of one name (programs differ on which they read, so the lead could see other
scores than tenderkit collected), and XML parts that declare a DTD. openpyxl parses
worksheets and shared strings through defusedxml but the workbook, styles and relationship
parts through lxml with entities left unexpanded; refusing every DTD up front gives all
parts the same rule: an .xlsx never needs one.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

#: The first bytes of an OLE compound file: an encrypted OOXML package, or a legacy .xls.
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
#: Members that show what a renamed file really is.
_OTHER_FORMATS = (
    ("word/document.xml", "a Word document (.docx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    ("content.xml", "an OpenDocument file (.ods or .odt)"),
)
#: Members openpyxl keeps as bytes (pictures may be SVG, which may carry a DTD of its own).
_NOT_PARSED = ("xl/media/",)
_CHUNK = 4096
#: Comments and processing instructions before an XML part's root: a few hundred bytes at most.
MAX_PROLOG_BYTES = 64 * 1024


#: The first and last years a zip entry can be dated.
ZIP_YEARS = (1980, 2107)


@dataclass(frozen=True)
class ZipLimits:
    """What a plausible Office file stays within; the defaults fit an evaluator workbook
    (ours are well under 1 MB), `DOCUMENT_LIMITS` a Word document."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_members: int = 2_000
    max_unpacked_bytes: int = 200 * 1024 * 1024
    max_ratio: float = 100.0
    ratio_floor_bytes: int = 1024 * 1024  # smaller members may compress as well as they like


#: Limits no genuine specification or reference document comes near.
DOCUMENT_LIMITS = ZipLimits(
    max_file_bytes=50 * 1024 * 1024, max_unpacked_bytes=250 * 1024 * 1024, max_ratio=200.0
)


class HostileFile(ValueError):
    """The file is not an .xlsx workbook (`not-a-workbook`), or one that could exhaust memory
    or be read differently by different programs (`hostile-file`)."""

    def __init__(self, message: str, rule: str = "hostile-file") -> None:
        super().__init__(message)
        self.rule = rule


def _not_a_workbook(message: str) -> HostileFile:
    return HostileFile(message, "not-a-workbook")


def check_archive(data: bytes, limits: ZipLimits = ZipLimits()) -> None:
    """Raise HostileFile unless data is a zip archive within limits (see module docstring).

    Every member is read through once, so a damaged one (a bad checksum, a local header
    that disagrees with the central directory, an unknown compression method, an
    encryption flag, data cut short) is refused here, naming the member, and no later
    reader meets it.
    """
    if len(data) > limits.max_file_bytes:
        raise HostileFile(
            f"file is {len(data):,} bytes; returns larger than {limits.max_file_bytes:,} bytes are refused"
        )
    if not data:
        raise _not_a_workbook("the file is empty (0 bytes); ask for the workbook again")
    if data.startswith(OLE_MAGIC):
        raise _not_a_workbook(
            "an encrypted (password-protected) workbook or an old-format .xls file; ask for "
            "it saved as .xlsx without a password"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # zipfile raises many kinds for a damaged directory; all mean the same
        raise _not_a_workbook(
            "not an .xlsx workbook (not a zip archive, or a damaged one)"
        ) from None
    with archive:
        members = archive.infolist()
        check_members(members, limits)
        _check_workbook_names(members)
        for member in members:
            _check_local_header(data, member)
            if member.is_dir():
                continue
            parsed = not member.filename.startswith(_NOT_PARSED)
            if _read_through(archive, member, parsed):
                raise HostileFile(
                    f"member {shown_name(member.filename)} declares a DTD (XML entities: a "
                    "possible XML bomb); refused unread"
                )


def shown_name(name: str) -> str:
    """A member name as messages show it: as is when printable and short, else escaped."""
    shown = name if name.isprintable() else ascii(name)[1:-1]
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _damage(member: zipfile.ZipInfo, exc: BaseException) -> HostileFile:
    """The one message for a member that cannot be read, the same on every run."""
    name = shown_name(member.filename)
    if isinstance(exc, zipfile.BadZipFile):
        text = str(exc)
        if "differ" in text:
            why = "its local header disagrees with the archive's directory"
        elif "CRC" in text:
            why = "its checksum does not match its content"
        elif "Overlapped" in text:
            why = "it overlaps another member (a possible zip bomb)"
        else:
            why = "its header is damaged"
    elif isinstance(exc, zlib.error):
        why = "its compressed data cannot be unpacked"
    elif isinstance(exc, NotImplementedError):
        why = "it uses a compression method .xlsx files do not use"
    elif isinstance(exc, RuntimeError):
        why = "it is encrypted"
    elif isinstance(exc, EOFError):
        why = "it is cut short"
    else:
        why = f"it cannot be read ({type(exc).__name__})"
    return _not_a_workbook(
        f"not an .xlsx workbook: member {name} is damaged ({why}); ask for the file again"
    )


_LOCAL_HEADER = struct.Struct("<4s2sHHHHIII")


def _check_local_header(data: bytes, member: zipfile.ZipInfo) -> None:
    """The member's local header must agree with the central directory on how its data is
    stored; programs differ on which of the two they believe (zipfile checks only the name)."""
    start = member.header_offset
    fields = data[start : start + _LOCAL_HEADER.size]
    if len(fields) < _LOCAL_HEADER.size:
        raise _damage(member, EOFError())
    signature, _, flags, method, *_ = _LOCAL_HEADER.unpack(fields)
    if signature != b"PK\x03\x04":
        raise _damage(member, zipfile.BadZipFile("Bad magic number for file header"))
    if method != member.compress_type or (flags & 1) != (member.flag_bits & 1):
        raise _damage(member, zipfile.BadZipFile("header and directory differ"))


def _read_through(archive: zipfile.ZipFile, member: zipfile.ZipInfo, xml: bool) -> bool:
    """Read member to its end (checking it); whether its XML prolog declares a DTD."""
    prolog = b""
    verdict: bool | None = None if xml else False
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK * 16):
                if verdict is None:
                    prolog += chunk
                    verdict = _prolog_verdict(prolog, final=False)
                    if verdict is None and len(prolog) > MAX_PROLOG_BYTES:
                        raise HostileFile(
                            f"member {shown_name(member.filename)} has more than "
                            f"{MAX_PROLOG_BYTES:,} bytes before its first element; refused unread"
                        )
        if verdict is None:
            verdict = bool(_prolog_verdict(prolog, final=True))
    except HostileFile:
        raise
    except _UnusedEncoding as exc:
        raise HostileFile(
            f"member {shown_name(member.filename)} is XML in the encoding {exc}, which Office "
            "files do not use (it could hide a DTD); refused unread"
        ) from None
    except Exception as exc:  # whatever zipfile or zlib raise, the member is damaged
        raise _damage(member, exc) from None
    return verdict


def check_members(members: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    """Raise HostileFile for too many members, too many bytes, a likely zip bomb or two
    members of one name, judged from the central directory alone."""
    if len(members) > limits.max_members:
        raise HostileFile(
            f"archive has {len(members):,} members; more than {limits.max_members:,} is refused"
        )
    _check_sizes(members, limits)
    _check_duplicates(members)
    _check_paths(members)


def _check_paths(members: list[zipfile.ZipInfo]) -> None:
    """A part name is a relative path of plain segments; others could be written outside a
    folder by a program that unpacks the file, and no Office program writes them."""
    for member in members:
        name = member.filename
        segments = name.rstrip("/").split("/")
        if (
            name.startswith("/")
            or "\\" in name
            or "\0" in name
            or any(s in ("", ".", "..") for s in segments)
            or segments[0].endswith(":")
        ):
            raise HostileFile(
                f"the archive holds a member named {ascii(name)[:80]}, a path outside the "
                "package; refused unread"
            )


def _check_sizes(members: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
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


def _check_workbook_names(members: list[zipfile.ZipInfo]) -> None:
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        for marker, what in _OTHER_FORMATS:
            if marker in names:
                raise _not_a_workbook(f"{what} renamed .xlsx, not a workbook")


def _check_duplicates(members: list[zipfile.ZipInfo]) -> None:
    seen: dict[str, str] = {}
    for member in members:
        # Part names in an Office package are compared ignoring case.
        key = member.filename.casefold()
        if key in seen:
            raise HostileFile(
                f"the archive holds two members named {member.filename!r}; programs differ on "
                "which they read, so it is refused"
            )
        seen[key] = member.filename


def _declares_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether the member, read as XML, has a DOCTYPE in its prolog (before the root element)."""
    prolog = b""
    with archive.open(member) as stream:
        while len(prolog) <= MAX_PROLOG_BYTES:
            chunk = stream.read(_CHUNK)
            prolog += chunk
            verdict = _prolog_verdict(prolog, final=not chunk)
            if verdict is not None:
                return verdict
    raise HostileFile(
        f"member {member.filename} has more than {MAX_PROLOG_BYTES:,} bytes before its first "
        "element; refused unread"
    )


class _UnusedEncoding(Exception):
    """An XML part in an encoding no Office program writes (it could hide a DTD)."""


#: Encodings an Office part may use in which "<!DOCTYPE" is spelled as in ASCII.
_ASCII_LIKE = frozenset(
    {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "windows-1252"}
)
_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def sniff_encoding(data: bytes) -> str:
    """The encoding family of an XML entity from its first bytes (XML 1.0, appendix F).

    "utf-16-le"/"utf-16-be" (with or without a byte-order mark), "utf-8" for the
    ASCII-compatible family; raises _UnusedEncoding for UTF-32 and EBCDIC, which no
    Office program writes.
    """
    head = data[:4]
    if head.startswith(
        (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\x00<", b"<\x00\x00\x00")
    ):
        raise _UnusedEncoding("UTF-32")
    if head.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if head.startswith(b"\xfe\xff"):
        return "utf-16-be"
    if len(head) >= 2 and head[0] == 0 and head[1] != 0:
        return "utf-16-be"
    if len(head) >= 2 and head[0] != 0 and head[1] == 0:
        return "utf-16-le"
    if head == b"\x4c\x6f\xa7\x94":
        raise _UnusedEncoding("EBCDIC")
    return "utf-8"


def _prolog_text(data: bytes) -> str:
    family = sniff_encoding(data)
    if family.startswith("utf-16"):
        return data.decode(family, errors="ignore").removeprefix("\ufeff")
    declared = _DECLARED.match(data.removeprefix(b"\xef\xbb\xbf"))
    if declared is not None:
        name = declared[1].decode("ascii").lower()
        if name not in _ASCII_LIKE and not name.startswith("utf-16"):
            raise _UnusedEncoding(name)
    return data.decode("latin-1").removeprefix("\xef\xbb\xbf")


def _prolog_verdict(data: bytes, final: bool) -> bool | None:
    """True: a DOCTYPE comes before the root; False: it does not; None: read more."""
    if len(data) < 4 and not final:
        return None
    text = _prolog_text(data)
    position = 0
    while True:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        rest = text[position:]
        if rest.startswith(("<?", "<!--")):
            closing = "?>" if rest.startswith("<?") else "-->"
            end = text.find(closing, position)
            if end < 0:
                return False if final else None
            position = end + len(closing)
            continue
        if len(rest) < len("<!DOCTYPE") and not final:
            return None
        return rest.startswith("<!DOCTYPE")


def repack(data: bytes, date: dt.date) -> bytes:
    """Re-write a zip with every entry dated `date`, so equal content gives equal bytes.

    Zip dates run from 1980 to 2107; a date outside is pinned to the nearest end (the
    document's own properties keep the real date).
    """
    if date.year < ZIP_YEARS[0]:
        date = dt.date(ZIP_YEARS[0], 1, 1)
    elif date.year > ZIP_YEARS[1]:
        date = dt.date(ZIP_YEARS[1], 12, 31)
    stamp = (date.year, date.month, date.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member))
    return out.getvalue()


def zip_members(data: bytes) -> dict[str, bytes]:
    """Every member of an in-memory zip (for packages tenderkit itself produced)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {m.filename: archive.read(m) for m in archive.infolist()}
