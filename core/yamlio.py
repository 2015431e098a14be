"""YAML loading that remembers where every value came from.

Pydantic reports a failing field as a path (`versions`, 1, `text`); `YamlDocument.line_of`
turns that path back into the line of the file, so every message can say
`file:line: versions[1].text: ...`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, SequenceNode

from tenderkit.errors import InputError, Location

PathPart = str | int
M = TypeVar("M", bound=BaseModel)

#: Files bigger than this are refused before parsing: no clause, rubric or manifest is this big.
MAX_YAML_BYTES = 5 * 1024 * 1024


def format_path(path: Sequence[PathPart]) -> str:
    """`('versions', 1, 'text')` -> `versions[1].text`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


def _plain(node: Any) -> Any:
    """Convert ruamel's commented containers and scalars to plain Python values."""
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, str) else k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool | int | float | dt.date) or node is None:
        # ruamel's ScalarFloat/ScalarInt subclass the built-ins; normalise them.
        if isinstance(node, bool) or node is None or isinstance(node, dt.date):
            return node
        return int(node) if isinstance(node, int) else float(node)
    return str(node)


@dataclass
class YamlDocument:
    """A parsed YAML file: plain data plus the node tree that knows line numbers."""

    file: Path
    data: Any
    _root: Any

    def line_of(self, path: Sequence[PathPart]) -> int | None:
        """1-based line of the deepest node on path that exists in the file."""
        node = self._root
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
        elif "input" in err and err["type"] not in ("model_type", "dict_type"):
            message = f"{message} (got {err['input']!r})"
        return self.error(path, message)


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


def parse_yaml(text: str, file: Path | str) -> YamlDocument:
    """Parse YAML text; syntax errors become InputError with the line."""
    file = Path(file)
    try:
        root = _yaml().load(text)
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
    except YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", Location(file=file)) from None
    return YamlDocument(file=file, data=_plain(root), _root=root)


def load_yaml(file: Path | str) -> YamlDocument:
    """Read and parse a YAML file; unreadable, oversized or malformed files raise InputError."""
    file = Path(file)
    try:
        size = file.stat().st_size
        if size > MAX_YAML_BYTES:
            raise InputError(
                f"file is {size} bytes; refusing YAML larger than {MAX_YAML_BYTES} bytes",
                Location(file=file),
            )
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", Location(file=file)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a YAML file", Location(file=file)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", Location(file=file)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(file=file)) from None
    return parse_yaml(text, file)
