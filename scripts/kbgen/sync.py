"""Keep the build-owned folder under docs/ equal to the rendered pages.

mkdocs-static-i18n 1.3 drops in-memory pages, so generated pages are real files. A file
is written only when its content changed (so the docs watcher of `mkdocs serve` is not
woken for nothing), and files no longer rendered are deleted.
"""

from __future__ import annotations

import os
from pathlib import Path

MARKER = ".kb-generated"
# What a sync wrote or found: {file name: (its text, (size, mtime in ns) after)}. A later
# sync given it trusts a file whose size and time are unchanged to still hold that text,
# instead of reading it again (2,000 pages take most of a second to read back).
Written = dict[str, tuple[str, tuple[int, int]]]


def sync_folder(
    folder: Path, pages: dict[str, str], written: Written | None = None
) -> tuple[int, int]:
    """Make `folder` hold exactly `pages`; return (files written, files deleted)."""
    folder.mkdir(parents=True, exist_ok=True)
    known: Written = {} if written is None else written
    note = "Written by the kb plugin on every build; do not edit.\n"
    _write_if_changed(folder, MARKER, note, known)
    count = sum(
        _write_if_changed(folder, name, text, known) for name, text in pages.items()
    )
    deleted = 0
    for path in sorted(folder.rglob("*.md")):
        if path.relative_to(folder).as_posix() not in pages:
            path.unlink()
            deleted += 1
    for name in set(known) - set(pages) - {MARKER}:
        del known[name]
    return count, deleted


def _write_if_changed(folder: Path, name: str, text: str, known: Written) -> bool:
    path = folder / name
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        stat = None
    state = (stat.st_size, stat.st_mtime_ns) if stat else None
    seen = known.get(name)
    if state is not None and seen is not None and seen[1] == state and seen[0] == text:
        return False
    data = text.encode("utf-8")
    if state is not None and seen is None and path.read_bytes() == data:
        known[name] = (text, state)
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    after = os.stat(path)
    known[name] = (text, (after.st_size, after.st_mtime_ns))
    return True
