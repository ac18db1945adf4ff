"""GitHub Actions expressions (`${{ ... }}`) inside workflow values.

Each expression must be closed and name only contexts and functions that exist.
`mask` blanks expressions out with same-length placeholders so that shellcheck reads a
`run:` script with its columns unchanged.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

CONTEXTS = frozenset(
    {
        "env",
        "github",
        "inputs",
        "job",
        "jobs",
        "matrix",
        "needs",
        "runner",
        "secrets",
        "steps",
        "strategy",
        "vars",
    }
)
FUNCTIONS = {
    name.lower(): name
    for name in (
        "always",
        "cancelled",
        "case",
        "contains",
        "endsWith",
        "failure",
        "format",
        "fromJSON",
        "hashFiles",
        "join",
        "startsWith",
        "success",
        "toJSON",
    )
}
LITERALS = frozenset({"true", "false", "null"})
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NUMBER = re.compile(r"-?(?:0x[0-9A-Fa-f]+|[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)")
# Longest first, so that "==" is not read as "=" twice.
_OPERATORS = (
    *("==", "!=", "<=", ">=", "&&", "||"),
    *("<", ">", "!", "(", ")", "[", "]", ".", ",", "*"),
)
_LONE = {"=": "==", "&": "&&", "|": "||"}


@dataclass(frozen=True)
class Issue:
    """A problem at a character offset of the value that holds the expression."""

    offset: int
    message: str


def spans(text: str) -> tuple[list[tuple[int, int]], list[Issue]]:
    """Return the (start, end) offsets of every `${{ ... }}` and the unclosed ones."""
    found: list[tuple[int, int]] = []
    issues: list[Issue] = []
    pos = text.find("${{")
    while pos != -1:
        end = _closing(text, pos + 3)
        if end is None:
            issues.append(
                Issue(pos, '"${{" is not closed; end the expression with "}}"')
            )
            break
        found.append((pos, end))
        pos = text.find("${{", end)
    return found, issues


def _closing(text: str, pos: int) -> int | None:
    """Return the offset just past the `}}` that closes an expression, skipping strings."""
    quoted = False
    while pos < len(text):
        if text[pos] == "'":
            quoted = not quoted  # '' inside a string toggles twice: still inside
        elif not quoted and text.startswith("}}", pos):
            return pos + 2
        pos += 1
    return None


def check(text: str, *, bare: bool = False) -> list[Issue]:
    """Return the problems of the expressions in `text` (all of it, if `bare`)."""
    if bare and "${{" not in text:
        return list(_check_inner(text, 0, text))
    found, issues = spans(text)
    for start, end in found:
        issues.extend(
            _check_inner(text[start + 3 : end - 2], start + 3, text[start:end])
        )
    return issues


def _check_inner(inner: str, base: int, shown: str) -> Iterator[Issue]:
    if not inner.strip():
        yield Issue(
            base, f'empty expression "{shown}"; write an expression or remove it'
        )
        return
    for token in _tokens(inner):
        if token.kind == "error":
            where = f'{token.text} in expression "{shown}"'
            yield Issue(base + token.pos, where + token.hint)
            continue
        message = _name_problem(token.text, token.is_call)
        if message:
            hint = _hint(token.text, token.is_call)
            yield Issue(base + token.pos, f'{message} in expression "{shown}"{hint}')


def _name_problem(token: str, is_call: bool) -> str | None:
    lower = token.lower()
    if is_call:
        return None if lower in FUNCTIONS else f'unknown function "{token}()"'
    if lower in CONTEXTS or lower in LITERALS:
        return None
    return f'unknown context "{token}"'


def _hint(token: str, is_call: bool) -> str:
    choices = sorted(FUNCTIONS.values()) if is_call else sorted(CONTEXTS)
    close = difflib.get_close_matches(
        token.lower(), [c.lower() for c in choices], n=1, cutoff=0.6
    )
    if close:
        return f'; did you mean "{next(c for c in choices if c.lower() == close[0])}"?'
    return f"; expected one of: {', '.join(choices)}"


class _Token(NamedTuple):
    pos: int
    kind: str  # "name" (a context, literal or function) or "error"
    text: str
    is_call: bool = False
    hint: str = ""


def _tokens(inner: str) -> Iterator[_Token]:
    """Yield the names that start a value (not those after a dot), and any error."""
    pos, after_dot = 0, False
    while pos < len(inner):
        char = inner[pos]
        if char.isspace():
            pos += 1
            continue
        if char == "'":
            end = _string_end(inner, pos)
            if end is None:
                yield _Token(pos, "error", "unterminated string")
                return
            pos, after_dot = end, False
        elif (
            match := _NUMBER.match(inner, pos)
            if char.isdigit() or char == "-"
            else None
        ):
            pos, after_dot = match.end(), False
        elif match := _NAME.match(inner, pos):
            if not after_dot:
                is_call = inner[match.end() :].lstrip().startswith("(")
                yield _Token(pos, "name", match.group(), is_call)
            pos, after_dot = match.end(), False
        elif op := next((o for o in _OPERATORS if inner.startswith(o, pos)), None):
            pos, after_dot = pos + len(op), op == "."
        else:
            hint = f'; did you mean "{_LONE[char]}"?' if char in _LONE else ""
            yield _Token(pos, "error", f'unexpected character "{char}"', hint=hint)
            return


def _string_end(inner: str, pos: int) -> int | None:
    pos += 1
    while pos < len(inner):
        if inner[pos] == "'":
            if inner.startswith("''", pos):
                pos += 2
                continue
            return pos + 1
        pos += 1
    return None


def mask(text: str) -> str:
    """Return `text` with each closed `${{ ... }}` replaced by underscores of its length."""
    found, _ = spans(text)
    for start, end in found:
        text = text[:start] + "_" * (end - start) + text[end:]
    return text


def line_col(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based (line, column) of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
