"""Findings per snippet, kept by content and by the version of every tool that judged it.

A snippet whose text, kind and flags did not change, checked by the same linters, the
same checker code and the same action table, is never linted again: its findings come
from memory (within one `mkdocs serve`) or from `.kb-cache/snippets/` (across runs).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from . import linters, wfschema
from .actiondata import DATA_FILE
from .findings import Finding

_SOURCES = Path(__file__).parent


def fingerprint() -> str:
    """Return a digest of the linters' versions, the checker's code and the action table."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{linters.versions()}\n{wfschema.schema_version()}\n".encode())
    for path in [*sorted(_SOURCES.glob("*.py")), DATA_FILE]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


class ResultCache:
    """Snippet findings in memory and, if `folder` is given, on disk."""

    def __init__(self, folder: Path | None) -> None:
        self.stamp = fingerprint()
        self.folder = folder / self.stamp if folder else None
        self._memory: dict[str, list[Finding]] = {}
        self._pruned = False

    def key(self, kind: str, code: str, old_major: bool) -> str:
        """Return the cache key of one snippet."""
        text = f"{self.stamp}\0{kind}\0{old_major}\0{code}"
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def get(self, key: str) -> list[Finding] | None:
        """Return the stored findings of `key`, or None if it was never checked."""
        if key in self._memory:
            return self._memory[key]
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
            found = [Finding(int(r[0]), int(r[1]), str(r[2])) for r in rows]
        except (OSError, ValueError, IndexError, TypeError):
            return None  # a damaged file is a miss, and is overwritten
        self._memory[key] = found
        return found

    def put(self, key: str, findings: list[Finding]) -> None:
        """Store the findings of `key`."""
        self._memory[key] = findings
        path = self._path(key)
        if path is None:
            return
        self._prune()
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = [[f.line, f.col, f.message] for f in findings]
        # Write then rename, so a reader never sees half a file.
        handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(rows, out, ensure_ascii=False)
        os.replace(temp, path)

    def _path(self, key: str) -> Path | None:
        return self.folder / f"{key}.json" if self.folder else None

    def _prune(self) -> None:
        """Drop results stored under other tool versions, once per run."""
        if self._pruned or self.folder is None:
            return
        self._pruned = True
        for stale in self.folder.parent.glob("*"):
            if stale.is_dir() and stale != self.folder:
                shutil.rmtree(stale, ignore_errors=True)
