"""Ids and slugs of entry files, read from their top-level lines without validating.

`kb new` and `kb serve` need them at once, also in a knowledge base of a thousand
entries whose full validation takes a while; a file whose lines are unusual is found
by the validator instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

_TOP_KEY = r"^{key}:[ \t]*[\"']?([^\"'#\s]+)[\"']?[ \t]*(?:#.*)?$"
_ID = re.compile(_TOP_KEY.format(key="id"), re.MULTILINE)
_SLUG = re.compile(_TOP_KEY.format(key="slug"), re.MULTILINE)


def scan(files: Iterable[Path]) -> dict[str, Path]:
    """Map each id, slug and file name (without .yaml) to the file that holds it."""
    names: dict[str, Path] = {}
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for name in [path.stem, *_ID.findall(text), *_SLUG.findall(text)]:
            names.setdefault(name, path)
    return names


def entry_ids(names: dict[str, Path]) -> list[str]:
    """Return the entry ids among scanned names."""
    return [name for name in names if re.fullmatch(r"KB-[0-9]+", name)]
