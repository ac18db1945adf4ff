"""Keep the build-owned folder under docs/ equal to the rendered pages.

mkdocs-static-i18n 1.3 drops in-memory pages, so generated pages are real files. A file
is written only when its content changed (so the docs watcher of `mkdocs serve` is not
woken for nothing), and files no longer rendered are deleted.
"""

from __future__ import annotations

from pathlib import Path

MARKER = ".kb-generated"


def sync_folder(folder: Path, pages: dict[str, str]) -> tuple[int, int]:
    """Make `folder` hold exactly `pages`; return (files written, files deleted)."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_if_changed(
        folder / MARKER, "Written by the kb plugin on every build; do not edit.\n"
    )
    written = sum(
        _write_if_changed(folder / name, text) for name, text in pages.items()
    )
    deleted = 0
    for path in sorted(folder.rglob("*.md")):
        if path.relative_to(folder).as_posix() not in pages:
            path.unlink()
            deleted += 1
    return written, deleted


def _write_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True
