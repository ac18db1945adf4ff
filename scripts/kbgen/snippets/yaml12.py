"""YAML 1.2 loading with the position of every node, for workflow snippets.

GitHub reads workflows as YAML 1.2, where `on`, `yes` and `no` are strings; PyYAML's
constructor (YAML 1.1) would turn the key `on:` into `True`. The syntax of the two
versions hardly differs, so libyaml's fast composer (through PyYAML) builds the nodes,
and this module resolves plain scalars by the YAML 1.2 core schema itself, refuses
duplicate keys, and records each node's line and column. (ruamel.yaml follows 1.2 as
well, but its pure-Python parser took about ten times as long per snippet.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

import yaml

from ..problems import KeyPath
from .findings import Place

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 60
# YAML 1.2 core schema: https://yaml.org/spec/1.2.2/#1032-tag-resolution
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class YamlError(Exception):
    """A text that is not valid YAML, with where the parser stopped (1-based)."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


@dataclass
class Parsed:
    """Plain data of a YAML text and the 1-based position of every value and key."""

    data: Any
    lines: list[str]
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: KeyPath, *, of_key: bool = False) -> tuple[int, int]:
        """Return the position of `path` (or of its key), else of its nearest ancestor."""
        if of_key and path in self.key_marks:
            return self.key_marks[path]
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.marks:
                return self.marks[path[:cut]]
        return 1, 1

    def origin(self, path: KeyPath) -> tuple[int, int]:
        """Return the (lines, cols) offset from a string value's own text to this text."""
        return value_origin(self.lines, *self.at(path))

    def place(self, path: KeyPath, outer: Place) -> Place:
        """Return where the string value at `path` sits in the snippet."""
        return outer.inner(*self.origin(path))


def value_origin(lines: list[str], line: int, col: int) -> tuple[int, int]:
    """Return the (lines, cols) offset of a string value that starts at (line, col).

    Line k, column c of the value's text is at line k + lines, column c + cols.

    Known limitation: a folded (`>`) or multi-line quoted value does not keep its
    lines, so positions after its first line are approximate; goes away when
    snippets write such values as literal blocks (`|`).
    """
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    lead = text[col - 1 : col]
    if lead in ("|", ">"):
        return line, _block_indent(lines, line)
    if lead in ("'", '"'):
        return line - 1, col
    return line - 1, col - 1


def _block_indent(lines: list[str], header: int) -> int:
    for text in lines[header:]:
        if text.strip():
            return len(text) - len(text.lstrip(" "))
    return 0


def load(text: str) -> Parsed:
    """Parse `text` as YAML 1.2; raise YamlError where it is not valid."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        context = f" ({err.context.strip()})" if err.context else ""
        problem = (err.problem or "cannot parse").strip()
        raise YamlError(line, col, f"invalid YAML: {problem}{context}") from None
    except yaml.YAMLError as err:
        raise YamlError(1, 1, f"invalid YAML: {err}") from None
    parsed = Parsed(None, text.splitlines())
    if node is not None:
        parsed.data = _build(node, (), parsed, 0)
    return parsed


def _build(node: yaml.Node, path: KeyPath, parsed: Parsed, depth: int) -> Any:
    parsed.marks[path] = _mark(node)
    if depth > MAX_DEPTH:
        raise YamlError(*_mark(node), f"invalid YAML: nesting deeper than {MAX_DEPTH}")
    if isinstance(node, yaml.MappingNode):
        return _mapping(node, path, parsed, depth)
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*path, i), parsed, depth + 1)
            for i, item in enumerate(node.value)
        ]
    return _scalar(cast(yaml.ScalarNode, node))


def _mapping(
    node: yaml.MappingNode, path: KeyPath, parsed: Parsed, depth: int
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlError(*_mark(key_node), "invalid YAML: a key must be a scalar")
        key = _key_text(_scalar(key_node))
        if key in out:
            message = f'invalid YAML: found duplicate key "{key}"; keep one'
            raise YamlError(*_mark(key_node), message)
        parsed.key_marks[(*path, key)] = _mark(key_node)
        out[key] = _build(value_node, (*path, key), parsed, depth + 1)
    return out


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _key_text(key: Any) -> str:
    # A key YAML reads as true or a number is named as written, not as Python shows it.
    if isinstance(key, bool):
        return "true" if key else "false"
    return "" if key is None else str(key)


def _scalar(node: yaml.ScalarNode) -> Any:
    """Resolve a scalar by the YAML 1.2 core schema (quoted and block ones are strings)."""
    value = str(node.value)
    if node.style:  # libyaml says "" for plain, the pure-Python composer None
        return value
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        return int(value, 0) if value[:2] in ("0x", "0o") else int(value)
    if _FLOAT.match(value):
        special = value.lower().lstrip("+").replace(".", "")  # .inf, -.Inf, .NaN
        return float(special if special in ("inf", "-inf", "nan") else value)
    return value
