"""Turn a raw CI log into clean, numbered lines, streaming and in bounded memory.

The rules are data, exported as-is to the site's log box (docs/assets/kb-match.js),
so both matchers clean a log the same way. Every pattern is valid in Python's `re` and
in ECMAScript with the `u` flag, and every replacement is plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple, TextIO

# Replaced wherever they occur, in this order. The third item is text that every
# match contains: a line without it is skipped, which keeps long logs cheap.
REPLACEMENTS: tuple[tuple[str, str, str], ...] = (
    # ANSI colours and cursor moves: with ESC, in caret notation (^[[31m), or left
    # behind as a bare "[31m" when a paste dropped the ESC character. Three rules
    # rather than one alternation, so that each has a guard of its own.
    (r"\x1b\[[0-9;?]*[ -/]*[@-~]", "", "\x1b"),
    (r"\^\[\[[0-9;?]*[ -/]*[@-~]", "", "^["),
    (r"\[[0-9]{1,3}(?:;[0-9]{1,3})*m", "", "["),
    # No-break spaces from copying a rendered page.
    (r"\u00a0", " ", "\u00a0"),
)
# Then removed from the start of the line, in this order.
PREFIXES: tuple[str, ...] = (
    # GitHub Actions timestamp, on the first line maybe after a byte-order mark.
    r"^\ufeff?[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?Z ?",
    # Workflow markers and commands: ##[group], ##[error], ::error file=...::
    r"^##\[[a-z]+\]|^::[a-z-]+(?: [^:]*)?::",
    # BuildKit step prefix with its optional timing: "#12 " or "#12 0.123 ".
    r"^#[0-9]+ (?:[0-9]+\.[0-9]+ )?",
)
# A line cut short by a tool ("..." or "…" at its end): its beginning may still match.
TRUNCATED = r"(?:\.\.\.|…)[ \t]*$"
# Longer lines are split into pieces of this many characters, numbered as one line,
# so that one huge line cannot fill the memory; a match across a cut is still found.
MAX_LINE = 4096

_REPLACEMENTS = tuple((re.compile(p), repl, needs) for p, repl, needs in REPLACEMENTS)
_PREFIXES = tuple(re.compile(p) for p in PREFIXES)


class Line(NamedTuple):
    """One clean line (or piece of a long line) and its number in the raw log."""

    number: int
    text: str


def normalize(raw: str) -> str:
    """Return the clean text of one raw log line (without its line break)."""
    for pattern, repl, needs in _REPLACEMENTS:
        if needs in raw:
            raw = pattern.sub(repl, raw)
    for prefix in _PREFIXES:
        found = prefix.match(raw)
        if found:
            raw = raw[found.end() :]
    return raw


def read_lines(stream: TextIO) -> Iterator[Line]:
    """Yield the clean lines of a text stream, one at a time.

    The stream must use universal newlines, so that CRLF and a lone CR end a line as
    they do in the browser's `split(/\\r\\n|\\r|\\n/)`.
    """
    number, continued = 1, False
    while raw := stream.readline(MAX_LINE):
        ends = raw.endswith("\n")
        text = raw[:-1] if ends else raw
        # After a full piece, a lone "\n" only ends that line: it is no line of its own.
        if text or not continued:
            yield Line(number, normalize(text))
        continued = not ends
        number += ends
