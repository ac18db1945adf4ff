"""Build results kept on disk by content key, so an unchanged input is not worked on again.

Each cache lives in a folder under `.kb-cache/`, with one sub-folder per stamp: a digest
of everything that could change a result without changing its key (our code, library
versions). A new stamp starts empty and removes the folders of older ones.

Values are pickled. The cache is local build state, trusted like `__pycache__`: it is
written by this project's own code on the same machine and never shipped or restored
from elsewhere (the CI workflow does not cache `.kb-cache/`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_ROOT = Path(".kb-cache")
_PACKAGE = Path(__file__).parent


def digest(*parts: str | bytes) -> str:
    """Return a short hex digest of `parts`, each kept apart from the next."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def code_stamp(distributions: Iterable[str]) -> str:
    """Return a digest of this package's source and data files and the named libraries' versions."""
    parts: list[str | bytes] = []
    for name in sorted(distributions):
        try:
            parts.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} missing")
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in {".py", ".json", ".yaml", ".j2"} and path.is_file():
            parts += [path.relative_to(_PACKAGE).as_posix(), path.read_bytes()]
    return digest(*parts)


class DiskCache:
    """Pickled values under `folder/stamp/`, one file per key.

    With `in_memory` (for a long-running server), the pickled bytes of every value read
    or written are also kept in memory, so the next rebuild does not read the files
    again. Bytes, not objects: each `get` still returns a fresh copy that its caller may
    change freely.
    """

    def __init__(self, folder: Path, stamp: str, *, in_memory: bool = False) -> None:
        self.folder = folder / stamp
        self._pruned = False
        self._memory: dict[str, bytes] | None = {} if in_memory else None

    def get(self, key: str) -> Any | None:
        """Return the value stored under `key`, or None if there is none."""
        try:
            data = self._memory.get(key) if self._memory is not None else None
            if data is None:
                data = (self.folder / f"{key}.pickle").read_bytes()
                if self._memory is not None:
                    self._memory[key] = data
            return pickle.loads(data)
        except FileNotFoundError:
            return None
        except Exception:
            # A damaged or outdated file is a miss, and is overwritten. Unpickling
            # damaged bytes can raise almost anything (ValueError for an unknown
            # protocol, TypeError or KeyError from a mangled object), not only
            # UnpicklingError.
            return None

    def put(self, key: str, value: Any) -> None:
        """Store `value` under `key`; a failure to write only costs the next build time."""
        self._prune()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            if self._memory is not None:
                self._memory[key] = data
            # Write then rename, so a reader never sees half a file. The temporary
            # name is this process's own (a random one costs more than the write).
            temp = self.folder / f"{key}.{os.getpid()}.tmp"
            temp.write_bytes(data)
            os.replace(temp, self.folder / f"{key}.pickle")
        except OSError:
            return

    def keep_only(self, keys: set[str]) -> None:
        """Remove every stored value whose key is not in `keys` (edited or deleted inputs)."""
        if self._memory is not None:
            self._memory = {k: v for k, v in self._memory.items() if k in keys}
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.pickle"):
            if path.stem not in keys:
                path.unlink(missing_ok=True)

    def _prune(self) -> None:
        """Remove what older stamps stored, once per run."""
        if self._pruned:
            return
        self._pruned = True
        if not self.folder.parent.is_dir():
            return
        for stale in self.folder.parent.iterdir():
            if stale.is_dir() and stale != self.folder:
                shutil.rmtree(stale, ignore_errors=True)
