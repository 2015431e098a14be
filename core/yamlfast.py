"""The fast path of `parse_yaml`: libyaml's C parser, resolving scalars as YAML 1.2 does.

ruamel's round-trip loader is pure Python and keeps comments and positions; reading a
clause library with it is most of the time a specification build takes. PyYAML's C parser
reads the same files twenty times faster, but it resolves scalars by YAML 1.1 (`yes` is
true, `010` is eight). So this module takes only the C parser's events, resolves plain
scalars with ruamel's own YAML 1.2 table, and builds only the common forms itself: None,
true/false, decimal whole numbers, decimal numbers, `YYYY-MM-DD` dates, text, lists and
mappings.

Anything else gives up with `Unsupported` rather than guess: a `%YAML` directive, a tab or
a backslash anywhere, unusual line breaks, a number written in hex, octal, binary or with
`_`, a date with a time, `.inf`/`.nan`, a merge key, a duplicate key or anchor, a list or
mapping holding itself, any explicit tag
(`!!str`, `!foo`), more than one document, nesting deeper than asked, and any error at
all. `parse_yaml` then reads the text the careful way, which gives the exact value or the
exact error message it always gave, so the fast path changes how quickly a file is read,
never what it reads as.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ruamel.yaml.resolver import implicit_resolvers

try:
    from yaml import _yaml

    CParser: Any = _yaml.CParser
except ImportError:  # PyYAML built without libyaml: every file takes the careful path
    CParser = None

from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

_CORE = "tag:yaml.org,2002:"

#: Characters whose reading differs between YAML 1.1 (libyaml) and 1.2 (ruamel), or that
#: only escapes and unusual files hold: a file with any of them takes the careful path.
_CAREFUL_CHARACTERS = re.compile("[\t\\\\\x85\u2028\u2029]|%YAML")

_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_DECIMAL_FLOAT = re.compile(
    r"[-+]?(?:[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+|\.[0-9]+(?:[eE][-+][0-9]+)?)"
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class Unsupported(Exception):
    """The fast path will not read this text; read it the careful way."""


def _resolvers_by_first_character() -> dict[str, list[tuple[str, Any]]]:
    """ruamel's YAML 1.2 implicit resolvers, keyed and ordered as ruamel consults them."""
    table: dict[str, list[tuple[str, Any]]] = {}
    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) in versions:
            for character in first:
                table.setdefault(character, []).append((tag, regexp))
    return table


def _scalar(value: str, plain: bool) -> Any:
    """A scalar's value as ruamel's YAML 1.2 reading gives it, or Unsupported."""
    if not plain:
        return value
    for tag, regexp in _BY_FIRST.get(value[:1], ()):
        if regexp.match(value):
            return _construct(tag, value)
    return value


def _construct(tag: str, value: str) -> Any:
    kind = tag.removeprefix(_CORE)
    if kind == "null":
        return None
    if kind == "bool":
        return value in ("true", "True", "TRUE")
    if kind == "int" and _DECIMAL_INT.fullmatch(value):
        return int(value)
    if kind == "float" and _DECIMAL_FLOAT.fullmatch(value):
        return float(value)
    if kind == "timestamp":
        found = _DATE.fullmatch(value)
        if found is not None:
            year, month, day = (int(part) for part in found.groups())
            return dt.date(year, month, day)
    raise Unsupported(f"{value!r} ({kind})")


_BY_FIRST = _resolvers_by_first_character()


class _Building:
    """Lists and mappings being filled, innermost last, from the parser's events."""

    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.open: list[tuple[Any, list[Any]]] = []  # (container, a mapping's pending key)
        self.anchors: dict[str, Any] = {}
        self.documents: list[Any] = []

    def add(self, value: Any) -> None:
        if not self.open:
            if self.documents:
                raise Unsupported("more than one document")
            self.documents.append(value)
            return
        container, pending = self.open[-1]
        if isinstance(container, list):
            container.append(value)
        elif not pending:
            pending.append(value)
        else:
            key = pending.pop()
            if key in container:  # an unhashable key raises TypeError: Unsupported too
                raise Unsupported("a duplicate key")
            container[key] = value

    def start(self, container: Any, anchor: str | None) -> None:
        if len(self.open) >= self.max_depth:
            raise Unsupported("nested too deep")
        self.add(container)
        if anchor is not None:
            self.anchor(anchor, container)
        self.open.append((container, []))

    def anchor(self, name: str, value: Any) -> None:
        if name in self.anchors:  # ruamel warns of it
            raise Unsupported(f"the anchor &{name} used twice")
        self.anchors[name] = value


def _plain(text: str, max_depth: int) -> Any:
    parser = CParser(text)
    building = _Building(max_depth)
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, StreamEndEvent):
                break
            if isinstance(event, NodeEvent) and getattr(event, "tag", None) is not None:
                # ruamel reads `!!str 12` as a tagged value, not as text: leave tags to it
                raise Unsupported("an explicit tag")
            if isinstance(event, ScalarEvent):
                value = _scalar(event.value, event.implicit[0])
                building.add(value)
                if event.anchor is not None:
                    building.anchor(event.anchor, value)
            elif isinstance(event, MappingStartEvent):
                building.start({}, event.anchor)
            elif isinstance(event, SequenceStartEvent):
                building.start([], event.anchor)
            elif isinstance(event, CollectionEndEvent):
                building.open.pop()
            elif isinstance(event, AliasEvent):
                target = building.anchors[str(event.anchor)]  # KeyError: Unsupported
                if any(target is container for container, _ in building.open):
                    raise Unsupported("a list or mapping that holds itself")
                building.add(target)
    finally:
        parser.dispose()
    return building.documents[0] if building.documents else None


def load_plain(text: str, max_depth: int) -> Any:
    """The value of one YAML document, or Unsupported if the careful path must read it.

    Lists and mappings nested deeper than max_depth are Unsupported. The value is built
    from libyaml's events (no recursion, one pass), an alias as the very value its anchor
    names, as ruamel builds it.
    """
    if CParser is None or _CAREFUL_CHARACTERS.search(text):
        raise Unsupported("the careful path reads this text")
    try:
        return _plain(text, max_depth)
    except Unsupported:
        raise
    except Exception as exc:  # whatever libyaml refuses, the careful path explains
        raise Unsupported(str(exc)) from exc
