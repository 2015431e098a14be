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
import zipfile
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
    """Raise HostileFile unless data is a zip archive within limits (see module docstring)."""
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
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _not_a_workbook(
            "not an .xlsx workbook (not a zip archive, or a damaged one)"
        ) from None
    with archive:
        members = archive.infolist()
        check_members(members, limits)
        _check_workbook_names(members)
        for member in members:
            parsed = not member.is_dir() and not member.filename.startswith(_NOT_PARSED)
            if parsed and _declares_dtd(archive, member):
                raise HostileFile(
                    f"member {member.filename} declares a DTD (XML entities: a possible "
                    "XML bomb); refused unread"
                )


def check_members(members: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    """Raise HostileFile for too many members, too many bytes, a likely zip bomb or two
    members of one name, judged from the central directory alone."""
    if len(members) > limits.max_members:
        raise HostileFile(
            f"archive has {len(members):,} members; more than {limits.max_members:,} is refused"
        )
    _check_sizes(members, limits)
    _check_duplicates(members)


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


def _prolog_verdict(data: bytes, final: bool) -> bool | None:
    """True: a DOCTYPE comes before the root; False: it does not; None: read more."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="ignore")
    else:
        text = data.decode("latin-1").removeprefix("\xef\xbb\xbf")
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
