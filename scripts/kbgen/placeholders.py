"""Placeholders that `kb new` writes, and the rule that refuses them until replaced.

A scaffolded entry passes the schema (so every later rule runs on it) but cannot be
published: each value the author has to write carries the word TODO, or is `todo`
where the schema allows only lowercase (ids and tags).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .problems import KeyPath, Problem, format_key
from .yamlload import Document

MARK = "TODO"
LOWERCASE_MARK = "todo"
MESSAGE = "placeholder left in; write the text"
_MARK_WORD = re.compile(rf"\b{MARK}\b")


def is_placeholder(value: str) -> bool:
    """Return whether `value` is, or still contains, a placeholder."""
    return value == LOWERCASE_MARK or bool(_MARK_WORD.search(value))


def check_placeholders(doc: Document) -> Iterator[Problem]:
    """Yield a problem for every value, or mapping key, that is still a placeholder."""
    yield from _walk(doc, doc.data, ())


def _walk(doc: Document, data: Any, path: KeyPath) -> Iterator[Problem]:
    if isinstance(data, str) and is_placeholder(data):
        yield doc.problem(path, MESSAGE)
    elif isinstance(data, dict):
        for key, value in data.items():
            if is_placeholder(key):
                yield _key_problem(doc, (*path, key))
            yield from _walk(doc, value, (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _walk(doc, item, (*path, i))


def _key_problem(doc: Document, path: KeyPath) -> Problem:
    # The key itself is the placeholder, so the message names the mapping it sits in.
    where = doc.mark(path, of_key=True)
    return Problem(doc.file, where.line, where.col, format_key(path[:-1]), MESSAGE)
