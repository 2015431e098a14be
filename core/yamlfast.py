"""The fast path of `parse_yaml`: libyaml's C parser, resolving scalars as YAML 1.2 does.

ruamel's round-trip loader is pure Python and keeps comments and positions; reading a
clause library with it is most of the time a specification build takes. PyYAML's C parser
reads the same files twenty times faster, but it resolves scalars by YAML 1.1 (`yes` is
true, `010` is eight). So this module composes with the C parser, resolves plain scalars
with ruamel's own YAML 1.2 table, and constructs only the common forms itself: plain data
(None, true/false, decimal whole numbers, decimal numbers, `YYYY-MM-DD` dates, text, lists,
mappings).

Anything else gives up with `Unsupported` rather than guess: a `%YAML` directive, a tab or
a backslash anywhere, unusual line breaks, a number written in hex, octal, binary or with
`_`, a date with a time, `.inf`/`.nan`, a merge key, a duplicate key, any explicit tag
(`!!str`, `!foo`), and any error at all. `parse_yaml` then reads the text the careful way, which
gives the exact value or the exact error message it always gave, so the fast path can
change how quickly a file is read but never what it reads as.
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

from yaml.constructor import BaseConstructor
from yaml.events import CollectionEndEvent, CollectionStartEvent, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

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


class _Resolver12(BaseResolver):
    """Tags a plain scalar as ruamel's default (YAML 1.2) resolver does."""

    by_first = _resolvers_by_first_character()

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self.by_first.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return f"{_CORE}str"
        if kind is SequenceNode:
            return f"{_CORE}seq"
        return f"{_CORE}map"


def _scalar(node: Node) -> str:
    if not isinstance(node, ScalarNode):
        raise Unsupported("a collection under a scalar tag")
    return str(node.value)


class _Constructor12(BaseConstructor):
    """Builds plain values from the core tags; any other tag is Unsupported."""

    def construct_undefined(self, node: Node) -> Any:
        raise Unsupported(f"tag {node.tag}")

    def construct_null(self, node: Node) -> None:
        if _scalar(node) not in ("", "~", "null", "Null", "NULL"):
            raise Unsupported("null")

    def construct_bool(self, node: Node) -> bool:
        value = _scalar(node)
        if value in ("true", "True", "TRUE"):
            return True
        if value in ("false", "False", "FALSE"):
            return False
        raise Unsupported("true/false")

    def construct_int(self, node: Node) -> int:
        value = _scalar(node)
        if not _DECIMAL_INT.fullmatch(value):
            raise Unsupported("a whole number not written in decimal")
        return int(value)

    def construct_float(self, node: Node) -> float:
        value = _scalar(node)
        if not _DECIMAL_FLOAT.fullmatch(value):
            raise Unsupported("a number not written in decimal")
        return float(value)

    def construct_str(self, node: Node) -> str:
        return _scalar(node)

    def construct_timestamp(self, node: Node) -> dt.date:
        found = _DATE.fullmatch(_scalar(node))
        if found is None:
            raise Unsupported("a date with a time")
        year, month, day = (int(part) for part in found.groups())
        return dt.date(year, month, day)

    def construct_seq(self, node: Node) -> Any:
        data: list[Any] = []
        yield data
        if not isinstance(node, SequenceNode):
            raise Unsupported("a scalar under a list tag")
        data.extend(self.construct_object(child) for child in node.value)

    def construct_map(self, node: Node) -> Any:
        data: dict[Any, Any] = {}
        yield data
        if not isinstance(node, MappingNode):
            raise Unsupported("a scalar under a mapping tag")
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in data:  # an unhashable key raises TypeError, which is Unsupported too
                raise Unsupported("a duplicate key")
            data[key] = self.construct_object(value_node)


# What add_constructor would build, written out (its stub types refuse a constructor class
# of one's own): the core tags, and for any other tag, Unsupported.
_Constructor12.yaml_constructors = {
    **{
        f"{_CORE}{name}": getattr(_Constructor12, f"construct_{name}")
        for name in ("null", "bool", "int", "float", "str", "timestamp", "seq", "map")
    },
    None: _Constructor12.construct_undefined,
}


if CParser is not None:

    class _Loader(CParser, _Constructor12, _Resolver12):  # type: ignore[misc]
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            _Constructor12.__init__(self)
            _Resolver12.__init__(self)


def load_plain(text: str, max_depth: int) -> Any:
    """The value of one YAML document, or Unsupported if the careful path must read it.

    Lists and mappings nested deeper than max_depth are Unsupported: libyaml composes
    nodes by recursion in C, so the nesting is counted on its event stream first.
    """
    if CParser is None or _CAREFUL_CHARACTERS.search(text):
        raise Unsupported("the careful path reads this text")
    try:
        events = _Loader(text)
        try:
            depth = 0
            while events.check_event():
                event = events.get_event()
                if isinstance(event, NodeEvent) and getattr(event, "tag", None) is not None:
                    # ruamel reads `!!str 12` as a tagged value, not as text: leave tags to it
                    raise Unsupported("an explicit tag")
                if isinstance(event, CollectionStartEvent):
                    depth += 1
                    if depth > max_depth:
                        raise Unsupported("nested too deep")
                elif isinstance(event, CollectionEndEvent):
                    depth -= 1
        finally:
            events.dispose()
        loader = _Loader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except Unsupported:
        raise
    except Exception as exc:  # whatever libyaml or construction refuses, the careful path explains
        raise Unsupported(str(exc)) from exc
