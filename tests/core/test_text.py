"""Text every output can carry."""

from __future__ import annotations

import re

import pytest

from tenderkit.text import check_writable, unwritable_character


@pytest.mark.parametrize("text", ["plain", "tab\tnew line\nreturn\r", "Zoë – “quotes” ✓", ""])
def test_ordinary_text_is_writable(text: str):
    """Letters, punctuation, tabs and line breaks are all writable."""
    assert unwritable_character(text) is None
    assert check_writable(text, "a title") == text


@pytest.mark.parametrize(
    ("text", "code"),
    [("a\x00", "U+0000"), ("bell\x07", "U+0007"), ("\ud800", "U+D800"), ("\uffff", "U+FFFF")],
)
def test_characters_xml_cannot_hold_are_named(text: str, code: str):
    """NUL, control characters, lone surrogates and U+FFFF are named as unwritable."""
    assert unwritable_character(text) == code
    with pytest.raises(ValueError, match=re.escape(f"a title contains the character {code}")):
        check_writable(text, "a title")
