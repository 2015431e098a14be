"""YAML loading that remembers where every value came from.

Pydantic reports a failing field as a path (`versions`, 1, `text`); `YamlDocument.line_of`
turns that path back into the line of the file, so every message can say
`file:line: versions[1].text: ...`.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scalarbool import ScalarBoolean

from tenderkit import yamlfast
from tenderkit.errors import InputError, Location
from tenderkit.text import unwritable_character

PathPart = str | int
M = TypeVar("M", bound=BaseModel)

#: Files bigger than this are refused before parsing: no clause, rubric or manifest is this big.
MAX_YAML_BYTES = 5 * 1024 * 1024
#: Values (scalars, lists, mappings) one file may hold once its aliases are expanded.
MAX_YAML_VALUES = 1_000_000
#: Lists and mappings inside one another; tenderkit's deepest files nest about six.
MAX_YAML_DEPTH = 64


def format_path(path: Sequence[PathPart]) -> str:
    """`('versions', 1, 'text')` -> `versions[1].text`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


class _Refused(Exception):
    """A value parse_yaml will not pass on; becomes an InputError at the value's line."""

    def __init__(self, path: list[PathPart], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _describe(value: Any) -> str:
    """What a value is, in the words of someone writing YAML."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):  # ruamel gives a complex key as a tuple
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, dt.date):
        return "a date"
    return f"a {type(value).__name__}"


@dataclass
class _Plain:
    """Converts ruamel's commented containers and scalars to plain Python values.

    Refuses what no tenderkit file needs and what could hurt: values of YAML types
    other than text, numbers, true/false, dates, lists and mappings; text holding
    characters no document can carry; and aliases that expand past `limit` values
    (a "billion laughs" file is a few hundred bytes).
    """

    limit: int

    def convert(self, node: Any, path: list[PathPart]) -> Any:
        self.limit -= 1
        if self.limit < 0:
            raise _Refused(
                path,
                f"the file expands to more than {MAX_YAML_VALUES:,} values "
                "(an alias (*name) repeated over and over?)",
            )
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            for key, value in node.items():
                name = self._key(key, path)
                out[name] = self.convert(value, [*path, name])
            return out
        if isinstance(node, list):
            return [self.convert(value, [*path, i]) for i, value in enumerate(node)]
        # ruamel's ScalarBoolean (an anchored true/false) subclasses int, not bool.
        if isinstance(node, bool | ScalarBoolean):
            return bool(node)
        if node is None or isinstance(node, dt.date):
            return node
        # ruamel's ScalarFloat/ScalarInt subclass the built-ins; normalise them.
        if isinstance(node, int):
            return int(node)
        if isinstance(node, float):
            return float(node)
        if isinstance(node, str):
            return self._text(str(node), path)
        tag = getattr(getattr(node, "tag", None), "value", None)
        kind = f"tag {tag}" if isinstance(tag, str) else f"type {type(node).__name__}"
        raise _Refused(
            path,
            f"unsupported YAML {kind}; use text, numbers, true/false, dates, lists and mappings",
        )

    def _key(self, key: Any, path: list[PathPart]) -> str:
        if isinstance(key, str):
            return self._text(key, path)
        if isinstance(key, bool | int | float | dt.date):
            return str(key)
        raise _Refused(path, f"a key must be text, not {_describe(key)}")

    @staticmethod
    def _text(text: str, path: list[PathPart]) -> str:
        bad = unwritable_character(text)
        if bad is not None:
            raise _Refused(
                path,
                f"text contains the character {bad}, which documents cannot hold; remove it",
            )
        return text


@dataclass
class YamlDocument:
    """A parsed YAML file: plain data plus the node tree that knows line numbers.

    A file read by the fast path keeps its text instead of a node tree; the tree is built
    from the text the first time a line is asked for, which is only when something is wrong.
    """

    file: Path
    data: Any
    _root: Any
    _text: str | None = None

    def _tree(self) -> Any:
        if self._root is None and self._text is not None:
            text, self._text = self._text, None
            try:
                self._root = _yaml().load(text)
            except (
                Exception
            ):  # the data came from this text, so this is not expected; no lines then
                self._root = None
        return self._root

    def line_of(self, path: Sequence[PathPart]) -> int | None:
        """1-based line of the deepest node on path that exists in the file."""
        node = self._tree()
        line: int | None = 1
        for part in path:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        return line

    def location(self, path: Sequence[PathPart]) -> Location:
        return Location(file=self.file, line=self.line_of(path), path=format_path(path))

    def error(self, path: Sequence[PathPart], message: str, hint: str | None = None) -> InputError:
        return InputError(message, self.location(path), hint)

    def validate(self, model: type[M], data: Any = None) -> M:
        """Validate data (default: the whole document) against a pydantic model.

        The first error becomes an InputError naming the file, line and YAML path.
        Use `validation_errors` to see all of them.
        """
        errors = self.validation_errors(model, self.data if data is None else data)
        if isinstance(errors, list):
            raise errors[0]
        return errors

    def validation_errors(self, model: type[M], data: Any) -> M | list[InputError]:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            return [self._explain(err) for err in exc.errors(include_url=False)]

    def _explain(self, err: Any) -> InputError:
        path = [p for p in err["loc"] if isinstance(p, str | int)]
        # Tagged unions and custom validators add locations that are not keys in the file.
        path = [
            p
            for p in path
            if not (isinstance(p, str) and (p == "[key]" or p.startswith(("function-", "tagged-"))))
        ]
        message = str(err["msg"])
        if err["type"] == "missing":
            message = f"required field {format_path(path[-1:])!r} is missing"
        elif err["type"] == "extra_forbidden":
            message = f"unknown field {format_path(path[-1:])!r}"
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        elif err["type"] in ("model_type", "dict_type"):
            message = _not_a_mapping(path, err.get("input"))
        elif "input" in err:
            message = f"{message} (got {_shown(err['input'])})"
        return self.error(path, message)


def _not_a_mapping(path: Sequence[PathPart], value: Any) -> str:
    if not path and value is None:
        return "the file is empty; expected a mapping of fields (name: value lines)"
    return f"expected a mapping of fields (name: value), got {_describe(value)}"


#: How much of a rejected value a message quotes.
SHOWN_CHARS = 80


def _shown(value: Any) -> str:
    """A rejected value as a message quotes it: its repr, cut short when long."""
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else f"{text[: SHOWN_CHARS - 1]}…"


def _duplicate_key(node: Any, path: list[PathPart]) -> tuple[str, int, str] | None:
    """(YAML path, line, key) of the first key repeated within one mapping, depth first."""
    if isinstance(node, MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                return format_path([*path, key]), key_node.start_mark.line + 1, key
            seen.add(key)
            found = _duplicate_key(value_node, [*path, key])
            if found:
                return found
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            found = _duplicate_key(item, [*path, index])
            if found:
                return found
    return None


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


#: YAML's names for scalar types, as a message names them.
_TAG_WORDS = {"timestamp": "date", "int": "whole number", "float": "number", "bool": "true/false"}


def _unreadable_scalar(text: str) -> tuple[list[PathPart], int, str] | None:
    """(path, line, message) of the first value ruamel cannot construct, e.g. 2027-02-30.

    ruamel reports such values with a bare ValueError (no position); composing the
    document and constructing each scalar alone finds the one at fault.
    """
    yaml = _yaml()
    found: list[tuple[list[PathPart], int, str]] = []

    def walk(node: Any, path: list[PathPart]) -> None:
        if found:
            return
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                walk(value_node, [*path, str(key_node.value)])
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, [*path, index])
        elif isinstance(node, ScalarNode):
            try:
                yaml.constructor.construct_object(node, deep=True)
            except Exception as exc:  # whatever ruamel raises, it is this value's fault
                tag = getattr(node.tag, "value", node.tag)
                kind = str(tag).rpartition(":")[2] if tag else "value"
                kind = _TAG_WORDS.get(kind, kind)
                detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                found.append(
                    (
                        path,
                        node.start_mark.line + 1,
                        f"{node.value!r} is not a valid {kind} ({detail})",
                    )
                )

    walk(yaml.compose(text), [])
    return found[0] if found else None


def _check_depth(text: str, file: Path) -> None:
    """InputError at the line where lists and mappings nest deeper than MAX_YAML_DEPTH.

    ruamel's parser is a state machine, so walking its events costs no recursion.
    """
    depth = 0
    for event in _yaml().parse(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                mark = event.start_mark
                raise InputError(
                    f"lists and mappings nest more than {MAX_YAML_DEPTH} deep here; no "
                    "tenderkit file needs that, so it is refused",
                    Location(file=file, line=mark.line + 1 if mark is not None else None),
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def parse_yaml(text: str, file: Path | str) -> YamlDocument:
    """Parse YAML text into plain values; any problem becomes InputError with the line.

    Besides syntax errors this refuses duplicate keys, values that are not valid for
    their type (`2027-02-30`), YAML types no tenderkit file uses (`!!set`, `!!binary`,
    custom tags), text holding control characters, and aliases that expand too far.
    Plain files are read by libyaml (`yamlfast`); the rest, and any file with a problem,
    by `parse_yaml_carefully`, so values and messages are the same either way.
    """
    file = Path(file)
    try:
        fast = yamlfast.load_plain(text, MAX_YAML_DEPTH)
        data = _Plain(MAX_YAML_VALUES).convert(fast, [])
    except (yamlfast.Unsupported, _Refused, RecursionError):
        # the careful path reads it, and words any error as it always has
        return parse_yaml_carefully(text, file)
    return YamlDocument(file=file, data=data, _root=None, _text=text)


def parse_yaml_carefully(text: str, file: Path | str) -> YamlDocument:
    """`parse_yaml` by ruamel's round-trip loader alone, the reference for the fast path.

    Slower (pure Python), it keeps every line number and explains every refusal.
    """
    file = Path(file)
    try:
        # ruamel builds nodes recursively; a file nested hundreds deep must not reach it.
        _check_depth(text, file)
        root = _yaml().load(text)
    except InputError:
        raise
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        found = _duplicate_key(_yaml().compose(text), [])
        where = Location(
            file=file, line=found[1] if found else line, path=found[0] if found else None
        )
        key = f" {found[2]!r}" if found else ""
        raise InputError(f"duplicate key{key}: each key may appear once", where) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"invalid YAML: {problem}", Location(file=file, line=line)) from None
    except ReaderError as exc:
        position = exc.position if isinstance(exc.position, int) else 0
        line = text.count("\n", 0, position) + 1
        character = exc.character if isinstance(exc.character, int) else 0
        raise InputError(
            f"invalid YAML: the character U+{character:04X} is not allowed in YAML; remove it",
            Location(file=file, line=line),
        ) from None
    except YAMLError as exc:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"invalid YAML: {problem}", Location(file=file)) from None
    except (ValueError, KeyError, TypeError, OverflowError) as exc:
        bad = _unreadable_scalar(text)
        if bad is None:
            raise InputError(f"invalid YAML: {exc}", Location(file=file)) from None
        path, line, message = bad
        raise InputError(
            f"invalid YAML: {message}", Location(file=file, line=line, path=format_path(path))
        ) from None
    document = YamlDocument(file=file, data=None, _root=root)
    try:
        document.data = _Plain(MAX_YAML_VALUES).convert(root, [])
    except _Refused as refused:
        raise document.error(refused.path, refused.message) from None
    return document


def load_yaml(file: Path | str) -> YamlDocument:
    """Read and parse a YAML file; unreadable, oversized or malformed files raise InputError.

    Only a regular file is read: a pipe or device could block or never end, so it is
    refused before it is opened, and opened without waiting in case it was swapped in.
    """
    file = Path(file)
    if file.is_dir():
        raise InputError("is a folder, not a YAML file", Location(file=file))
    if file.exists() and not file.is_file():
        raise _not_regular(file)
    try:
        handle = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError("file not found", Location(file=file)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(file=file)) from None
    try:
        with os.fdopen(handle, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise _not_regular(file)
            raw = stream.read(MAX_YAML_BYTES + 1)
        if max(status.st_size, len(raw)) > MAX_YAML_BYTES:
            raise InputError(
                f"file is {max(status.st_size, len(raw))} bytes; refusing YAML larger than "
                f"{MAX_YAML_BYTES} bytes",
                Location(file=file),
            )
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", Location(file=file)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(file=file)) from None
    return parse_yaml(text, file)


def _not_regular(file: Path) -> InputError:
    return InputError(
        "not a regular file (a pipe, socket or device); tenderkit reads YAML only from files",
        Location(file=file),
    )
