"""Text every output can carry: what may not appear in a value tenderkit writes out.

Word documents are XML, and XML 1.0 has no way to write most control characters, lone
surrogates or U+FFFE/U+FFFF; lxml refuses them with an exception when a document is
saved. Checking input text here turns that into a one-line error naming where the
character came from, before any output is started.
"""

from __future__ import annotations

import re

# Everything XML 1.0 cannot carry (tab, line feed and carriage return are fine).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def unwritable_character(text: str) -> str | None:
    """`U+0007` for the first character no document can carry, or None when all is well."""
    found = _NOT_XML.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def check_writable(text: str, what: str) -> str:
    """Return text unchanged, or raise ValueError naming the character and what held it."""
    bad = unwritable_character(text)
    if bad is not None:
        raise ValueError(f"{what} contains the character {bad}, which documents cannot hold")
    return text


def shown_file_name(name: str) -> str:
    """A file name as messages and records show it, printable on any terminal.

    A name that is not valid UTF-8 reaches Python with its bytes as lone surrogates
    (surrogateescape); those bytes, and control characters, are shown escaped
    (`E1\\xff.xlsx`), so the name can be printed and written to JSON and still be told
    apart from any other.
    """
    try:
        text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file system byte maps to
        text = name
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
