"""What keeps a rebuild under `mkdocs serve` short.

- MkDocs makes a new theme environment for every rebuild, so Jinja compiles the
  theme's templates again each time (about half of a small site's rebuild). A
  bytecode cache kept by the plugin, which lives as long as the server, skips that;
  Jinja keys it by template source, so an edited template is compiled again.
- The plugin writes generated pages under docs/, where the docs watcher sees them and
  starts a second rebuild of the whole site. The watcher is narrowed to leave out the
  generated folder; kb/ is watched through `watch:` in mkdocs.yml.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.livereload import LiveReloadServer


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates, kept in memory across rebuilds."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


def watch_docs_except(
    server: LiveReloadServer, docs_dir: Path, generated: Path
) -> None:
    """Watch `docs_dir` for the author's edits, but not the `generated` folder in it."""
    server.unwatch(str(docs_dir))
    # Known limitation: a folder added under docs/ while serving is not watched; goes
    # away when MkDocs lets a watch ignore a subfolder (restart serve meanwhile).
    server.watch(str(docs_dir), recursive=False)
    for child in sorted(docs_dir.iterdir()):
        if child.is_dir() and child.resolve() != generated.resolve():
            server.watch(str(child))
