"""`kb review`: record that Chinese texts were checked against the current English.

It writes the fingerprint of each English text beside its Chinese (`zh_reviewed`) by
editing the file's text at the positions YAML reports, so comments, quoting and layout
stay as the author left them: only `zh_reviewed` values change, or lines holding them
are added. The result is parsed again and must hold the same data apart from those
values, or nothing is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .catalog import validate_document
from .placeholders import is_placeholder
from .problems import KeyPath, Problem, format_key
from .rules import text_fields
from .translations import REVIEWED_KEY, fingerprint
from .yamlload import load_bytes

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOM = "\ufeff"


class ReviewError(ValueError):
    """A review that cannot be recorded; the message says why."""


@dataclass(frozen=True)
class Outcome:
    """What reviewing one file did (or, in check mode, would do)."""

    fields: list[str]
    problems: list[Problem]


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


def review_file(path: Path, display: str, only: list[str], *, write: bool) -> Outcome:
    """Mark the selected translations of one file reviewed; return what changed."""
    blob = path.read_bytes()
    loaded = validate_document(load_bytes(blob, display))
    if loaded.entry is None:
        return Outcome([], [p for p in loaded.problems if p.severity == "error"])
    fields = _selected(display, loaded.doc.data, only)
    source = blob.decode("utf-8")
    bom, text = (_BOM, source[1:]) if source.startswith(_BOM) else ("", source)
    root = yaml.compose(text, Loader=_LOADER)
    if root is None:  # unreachable: the file loaded as an entry mapping
        raise ReviewError(f"{display} has no content")
    edits = [_edit(text, _node_at(root, p), fingerprint(t["en"])) for p, t in fields]
    if not edits:
        return Outcome([], [])
    new_text = _apply(text, edits)
    _verify(display, text, new_text)
    if write:
        path.write_bytes((bom + new_text).encode("utf-8"))
    return Outcome([format_key(p) for p, _ in fields], [])


def _selected(
    display: str, data: Any, only: list[str]
) -> list[tuple[KeyPath, Mapping[str, Any]]]:
    """Return the text fields to mark: chosen by `only`, written, and not yet current."""
    every = [(path, text) for path, text, _ in text_fields(data)]
    wanted = [key.removesuffix(".zh") for key in only]
    for key in wanted:
        if not any(_under(format_key(path), key) for path, _ in every):
            names = [format_key(path) for path, _ in every]
            close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ReviewError(f"{display} has no text field '{key}'{hint}")
    return [
        (path, text)
        for path, text in every
        if (not wanted or any(_under(format_key(path), key) for key in wanted))
        and not any(is_placeholder(text[locale]) for locale in ("en", "zh"))
        and text.get(REVIEWED_KEY) != fingerprint(text["en"])
    ]


def _under(name: str, key: str) -> bool:
    """Return whether field `name` is `key` or lies inside it (`solutions[0]`)."""
    return name == key or name.startswith((f"{key}.", f"{key}["))


def _node_at(root: yaml.Node, path: KeyPath) -> yaml.MappingNode:
    node = root
    for part in path:
        if isinstance(part, int):
            node = node.value[part]
        else:
            node = next(v for k, v in node.value if k.value == part)
    if not isinstance(node, yaml.MappingNode):
        raise ReviewError(f"{format_key(path)} is not a mapping of en and zh")
    return node


def _edit(text: str, node: yaml.MappingNode, value: str) -> _Edit:
    """Return the edit that sets `zh_reviewed` of one text mapping to `value`."""
    pairs = {key.value: (key, val) for key, val in node.value}
    quoted = f'"{value}"'  # quoted: a fingerprint of digits only would read as a number
    if REVIEWED_KEY in pairs:
        old = pairs[REVIEWED_KEY][1]
        return _Edit(old.start_mark.index, old.end_mark.index, quoted)
    zh_key, zh_value = pairs["zh"]
    if node.flow_style:
        at = zh_value.end_mark.index
        return _Edit(at, at, f", {REVIEWED_KEY}: {quoted}")
    at = _line_after(text, zh_value)
    indent = " " * zh_key.start_mark.column
    newline = "" if at == 0 or text[at - 1] == "\n" else "\n"
    return _Edit(at, at, f"{newline}{indent}{REVIEWED_KEY}: {quoted}\n")


def _line_after(text: str, value: yaml.Node) -> int:
    """Return where the line after a block value starts, before trailing blank lines."""
    end = value.end_mark.index
    if isinstance(value, yaml.ScalarNode) and value.style in ("|", ">"):
        header = text[value.start_mark.index : text.find("\n", value.start_mark.index)]
        if "+" not in header:  # keep-chomping: trailing blank lines are the text's own
            while end > 0 and text[end - 1] in " \n":
                end -= 1
            end = end + 1 if end < len(text) else end
    if end > 0 and text[end - 1] == "\n":
        return end
    newline = text.find("\n", end)
    return len(text) if newline == -1 else newline + 1


def _apply(text: str, edits: list[_Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _verify(display: str, before: str, after: str) -> None:
    """Refuse the edit unless only `zh_reviewed` values differ."""
    old = _without_reviews(yaml.load(before, Loader=_LOADER))
    new = _without_reviews(yaml.load(after, Loader=_LOADER))
    if old != new:
        raise ReviewError(
            f"{display}: the file's layout defeated a safe edit; nothing was written. "
            f"Add `{REVIEWED_KEY}` beside the Chinese texts by hand, then run "
            "kb review again"
        )


def _without_reviews(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_reviews(v) for k, v in data.items() if k != REVIEWED_KEY}
    if isinstance(data, list):
        return [_without_reviews(item) for item in data]
    return data


def expand(paths: list[Path]) -> Iterator[Path]:
    """Yield the YAML files named by `paths` (files, or folders searched for *.yaml)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(path.rglob("*.yaml"))
        else:
            yield path
