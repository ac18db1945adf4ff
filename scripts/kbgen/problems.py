"""Problem records: what every stage produces and only the reporter formats."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

KeyPath = tuple[str | int, ...]
Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at a line and column, under a key path."""

    file: str
    line: int
    col: int
    key: str
    message: str
    severity: Severity = "error"

    def text(self) -> str:
        """Return the one-line form `file:line:col: key: message`."""
        where = f"{self.file}:{self.line}:{self.col}"
        return (
            f"{where}: {self.key}: {self.message}"
            if self.key
            else f"{where}: {self.message}"
        )


def format_key(path: KeyPath) -> str:
    """Return `solutions[1].snippets[0]` for ('solutions', 1, 'snippets', 0)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
