"""What every check of a snippet produces, and how positions travel back to the snippet.

A finding is located in the snippet's own code (1-based line and column). Checks that
lint a derived text (a fragment wrapped into a workflow, a `run:` script cut out of it)
carry a `Place` that maps the derived text's positions back into the snippet.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import KeyPath


@dataclass(frozen=True, order=True)
class Finding:
    """One thing wrong in a snippet, at a line and column of its code."""

    line: int
    col: int
    message: str


@dataclass(frozen=True)
class Place:
    """Where a derived text sits in a snippet: an offset in lines and columns.

    A position that lands outside the snippet's `height` lines belongs to text the
    checker added around it (a wrapper), and is reported at the snippet's start.
    """

    lines: int = 0
    cols: int = 0
    height: int | None = None

    def map(self, line: int, col: int) -> tuple[int, int]:
        """Return the snippet position of (line, col) in the derived text."""
        line, col = line + self.lines, col + self.cols
        if self.height is not None and not 1 <= line <= self.height:
            return 1, 1
        return line, max(col, 1)

    def inner(self, lines: int, cols: int) -> Place:
        """Return the place of a text that sits at this offset inside the derived text."""
        return Place(self.lines + lines, self.cols + cols, self.height)

    def finding(self, line: int, col: int, message: str) -> Finding:
        """Return a finding at (line, col) of the derived text."""
        return Finding(*self.map(line, col), message)


@dataclass(frozen=True)
class Located:
    """A problem at a key path of a parsed YAML text (at the key itself if `of_key`)."""

    path: KeyPath
    message: str
    of_key: bool = False
