"""Safe YAML loading that keeps the source position of every node.

PyYAML's C composer builds the node graph; we construct plain Python values from it
ourselves so that we can refuse what an entry never needs (aliases, custom tags,
duplicate keys, control characters) with a located message instead of a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, cast

import yaml

from .problems import KeyPath, Problem, format_key

MAX_BYTES = 256 * 1024
MAX_DEPTH = 40
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
# Tab and newline are text; every other C0/C1 control character is a mistake.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Mark(NamedTuple):
    """A 1-based line and column in a source file.

    A named tuple, not a dataclass: a document holds one per node, and results are
    pickled (between processes, into the cache), where a tuple costs a third as much.
    """

    line: int
    col: int


@dataclass
class Document:
    """A parsed YAML file: its data and where each value and key came from."""

    file: str
    data: Any = None
    marks: dict[KeyPath, Mark] = field(default_factory=dict)
    key_marks: dict[KeyPath, Mark] = field(default_factory=dict)
    raw: dict[KeyPath, str] = field(default_factory=dict)
    multiline: set[KeyPath] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def mark(self, path: KeyPath, *, of_key: bool = False) -> Mark:
        """Return the position of `path`, or of its nearest known ancestor."""
        table = self.key_marks if of_key else self.marks
        for cut in range(len(path), -1, -1):
            found = table.get(path[:cut]) or self.marks.get(path[:cut])
            if found:
                return found
        return Mark(1, 1)

    def problem(self, path: KeyPath, message: str, *, of_key: bool = False) -> Problem:
        """Return a problem located at `path` in this document."""
        where = self.mark(path, of_key=of_key)
        return Problem(self.file, where.line, where.col, format_key(path), message)


class _Refused(Exception):
    """A node we will not construct; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def load_file(path: Path, display: str) -> Document:
    """Read and parse one YAML file; problems are collected, never raised."""
    doc = Document(display)
    try:
        blob = path.read_bytes()
    except OSError as err:
        doc.problems.append(
            Problem(display, 1, 1, "", f"cannot read file: {err.strerror}")
        )
        return doc
    return load_bytes(blob, display, doc)


def load_bytes(blob: bytes, display: str, doc: Document | None = None) -> Document:
    """Parse YAML bytes into a Document."""
    doc = doc or Document(display)
    text = _decode(blob, doc)
    if text is None:
        return doc
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        doc.problems.append(_syntax_problem(text, display))
        return doc
    if node is None:
        doc.problems.append(
            Problem(
                display, 1, 1, "", "the file has no content; expected an entry mapping"
            )
        )
        return doc
    try:
        doc.data = _Builder(doc).build(node, (), 0)
    except _Refused as refused:
        doc.problems.append(refused.problem)
        doc.data = None
    return doc


def _decode(blob: bytes, doc: Document) -> str | None:
    """Return the text of a UTF-8 file (BOM allowed), or record why not."""
    if len(blob) > MAX_BYTES:
        doc.problems.append(
            Problem(
                doc.file,
                1,
                1,
                "",
                f"file is {len(blob)} bytes; the limit is {MAX_BYTES}",
            )
        )
        return None
    if blob.startswith(b"\xef\xbb\xbf"):
        blob = blob[3:]
    try:
        return blob.decode("utf-8")
    except UnicodeDecodeError as err:
        line = blob.count(b"\n", 0, err.start) + 1
        col = err.start - (blob.rfind(b"\n", 0, err.start) + 1) + 1
        doc.problems.append(
            Problem(
                doc.file,
                line,
                col,
                "",
                f"file is not UTF-8 (byte 0x{blob[err.start]:02x}); "
                "save it as UTF-8 (an editor may have used GBK or Latin-1)",
            )
        )
        return None


def _syntax_problem(text: str, display: str) -> Problem:
    """Locate a syntax error; the pure-Python parser words it better than the C one."""
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = err.problem or "invalid YAML"
        if "'\\t'" in problem:
            message = "tab character in indentation; indent with spaces"
            return Problem(display, line, col, "", message)
        if unclosed := _unclosed_quote(text, line):
            return Problem(
                display,
                *unclosed,
                "",
                "quoted value is not closed on its line; close the quote",
            )
        context = f" ({err.context})" if err.context else ""
        return Problem(display, line, col, "", f"invalid YAML: {problem}{context}")
    except yaml.YAMLError as err:
        return Problem(display, 1, 1, "", f"invalid YAML: {err}")
    return Problem(display, 1, 1, "", "invalid YAML")


_QUOTE_START = re.compile(r"""^\s*(?:-\s+)?(?:[\w.-]+:\s+)?(["'])""")


def _unclosed_quote(text: str, before_line: int) -> tuple[int, int] | None:
    """Return where a quoted value opens without closing on its line, up to `before_line`.

    YAML lets quoted values span lines, so this is only a hint, used once parsing failed.
    """
    for number, line in enumerate(text.splitlines()[:before_line], start=1):
        match = _QUOTE_START.match(line)
        if not match:
            continue
        quote, rest = match.group(1), line[match.end() :]
        closed = (
            rest.replace("\\" + quote, "").count(quote)
            if quote == '"'
            else rest.replace("''", "").count("'")
        )
        if closed == 0:
            return number, match.start(1) + 1
    return None


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording positions."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        self.scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        self._admit(node, path, depth)
        self.doc.marks[path] = Mark(
            node.start_mark.line + 1, node.start_mark.column + 1
        )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*path, i), depth + 1)
                for i, item in enumerate(node.value)
            ]
        return self._scalar(cast(yaml.ScalarNode, node), path)

    def _admit(self, node: yaml.Node, path: KeyPath, depth: int) -> None:
        if id(node) in self.seen:
            raise _Refused(
                self._at(
                    node,
                    path,
                    "YAML aliases (*name) are not allowed; write the value out",
                )
            )
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Refused(
                self._at(node, path, f"nesting deeper than {MAX_DEPTH} levels")
            )
        if node.tag not in _STD_TAGS:
            raise _Refused(
                self._at(node, path, f"tag {node.tag!r} is not allowed; remove it")
            )

    def _mapping(
        self, node: yaml.MappingNode, path: KeyPath, depth: int
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            line = key_node.start_mark.line + 1
            if key in out:
                message = f"duplicate key {key!r} (lines {first_line[key]} and {line}); keep one"
                self.doc.problems.append(self._at(key_node, (*path, key), message))
                continue
            first_line[key] = line
            self.doc.key_marks[(*path, key)] = Mark(
                line, key_node.start_mark.column + 1
            )
            out[key] = self.build(value_node, (*path, key), depth + 1)
        return out

    def _key(self, node: yaml.Node, path: KeyPath) -> str:
        if (
            not isinstance(node, yaml.ScalarNode)
            or node.tag == "tag:yaml.org,2002:merge"
        ):
            raise _Refused(
                self._at(
                    node, path, "keys must be plain words; merge keys are not allowed"
                )
            )
        return str(node.value)

    def _scalar(self, node: yaml.ScalarNode, path: KeyPath) -> Any:
        self.doc.raw[path] = node.value
        if node.end_mark.line != node.start_mark.line or node.style in ("|", ">"):
            self.doc.multiline.add(path)
        value = self.scalars.construct_object(node)
        if isinstance(value, str) and (bad := _CONTROL.search(value)):
            message = f"control character U+{ord(bad.group()):04X} in text; remove it"
            self.doc.problems.append(self._at(node, path, message))
        return value

    def _at(self, node: yaml.Node, path: KeyPath, message: str) -> Problem:
        mark = node.start_mark
        return Problem(
            self.doc.file, mark.line + 1, mark.column + 1, format_key(path), message
        )
