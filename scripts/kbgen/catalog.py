"""Load every entry under kb/, validate it, and hold the result for the other stages."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .diskcache import CACHE_ROOT, DiskCache, code_stamp, digest
from .fanout import map_pairs
from .mdcheck import Link
from .model import Entry, build_entry
from .problems import KeyPath, Problem
from .retired import RETIRED_FILE, Retired, check_retired, load_retired
from .rules import check_catalog, check_entry
from .schema import check_schema
from .yamlload import Document, load_bytes, load_file

TAGS_FILE = "tags.yaml"
TAGS_SCHEMA = Path(__file__).parent / "schema" / "tags.schema.json"
# Per-file validation results across runs (`mkdocs build`, `kb validate`), by file
# name and content; see `validation_stamp` for what else they depend on.
CACHE_FOLDER = CACHE_ROOT / "entries"
# Libraries whose versions can change what `validate_document` returns for the same
# bytes: YAML parsing and positions, schema messages and $ref resolution, Markdown
# tokens and link normalization.
VALIDATION_LIBRARIES = (
    "PyYAML",
    "jsonschema",
    "jsonschema-rs",
    "referencing",
    "markdown-it-py",
    "mdurl",
)


@dataclass
class _Loaded:
    """What one entry file gave: kept per content hash so unchanged files are not redone.

    It is pickled into the disk cache, so it holds plain data only (no parser objects).
    """

    doc: Document
    entry: Entry | None
    problems: list[Problem]
    links: list[tuple[KeyPath, Link]]


@dataclass
class Catalog:
    """All entries that loaded, the tag vocabulary, and every problem found."""

    entries: list[Entry] = field(default_factory=list)
    tags: dict[str, dict[str, str]] = field(default_factory=dict)
    retired: dict[str, Retired] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def by_slug(self) -> dict[str, Entry]:
        return {e.slug: e for e in self.entries}


def validation_stamp() -> str:
    """Return what per-file results depend on besides a file's name and bytes.

    That is our code and schema files, the libraries above, the Python version (its
    `re` and pickle format) and whether PyYAML parses with libyaml. Nothing else is
    read: `validate_document` sees only the one file, and every check that involves
    other files (tags, uniqueness, links, signature overlap, retired ids) runs on
    every load, outside it.
    """
    return digest(
        code_stamp(VALIDATION_LIBRARIES), sys.version, str(yaml.__with_libyaml__)
    )


class CatalogLoader:
    """Loads a knowledge base, remembering per-file results between loads (for serve).

    With `cache_dir`, per-file results are also kept on disk, so a later run (another
    `mkdocs build`, the next `kb validate`) does not parse and validate unchanged files.
    """

    def __init__(self, root: Path, kb_dir: Path, cache_dir: Path | None = None) -> None:
        self.root = root
        self.kb_dir = kb_dir
        # The latest result of each file, by its display path: (content digest, result).
        self._memo: dict[str, tuple[str, _Loaded]] = {}
        self._displays: dict[Path, str] = {}  # resolving paths is a cost at scale
        self._disk = DiskCache(cache_dir, validation_stamp()) if cache_dir else None
        self._used: set[tuple[str, str]] = set()  # keys read by the current load

    def entry_files(self) -> list[Path]:
        """Return entry files: YAML files in the folders under kb/ (top-level files are data)."""
        return sorted(p for p in self.kb_dir.glob("*/**/*.yaml") if p.is_file())

    def named_files(self, paths: list[Path]) -> list[Path]:
        """Return the entry files `paths` name; a folder stands for the entries inside.

        Inside kb/ a folder means its entries, never the data files beside them
        (`kb/tags.yaml`); elsewhere, every YAML file below it. Raises FileNotFoundError
        for a path that does not exist.
        """
        kb_dir, entries = self.kb_dir.resolve(), self.entry_files()
        files: list[Path] = []
        for path in paths:
            if path.is_file():
                files.append(path)
            elif not path.is_dir():
                raise FileNotFoundError(path)
            elif kb_dir == path.resolve() or kb_dir in path.resolve().parents:
                files += [e for e in entries if path.resolve() in e.resolve().parents]
            else:
                files += sorted(path.rglob("*.yaml"))
        return files

    def load(self, paths: list[Path] | None = None) -> Catalog:
        """Load and validate `paths` (all entries by default) against each other."""
        catalog = Catalog()
        tags_doc = self._load_tags(catalog)
        self._used.clear()
        # Unpickling cached results makes many small objects at once; the collector
        # would walk them over and over (measured: half the time of a warm load).
        gc.disable()
        try:
            loaded = self._load_entries(
                paths if paths is not None else self.entry_files()
            )
        finally:
            gc.enable()
        if paths is None:
            self._forget_unused()
        good: list[tuple[Document, Entry]] = []
        links: list[tuple[Document, KeyPath, Link, Entry]] = []
        for item in loaded:
            catalog.problems.extend(item.problems)
            if item.entry is not None:
                good.append((item.doc, item.entry))
                links.extend(
                    (item.doc, path, link, item.entry) for path, link in item.links
                )
        if tags_doc is not None:
            catalog.problems.extend(check_catalog(good, catalog.tags, links))
        retired_path = self.kb_dir / RETIRED_FILE
        retired = load_retired(retired_path, self.display(retired_path))
        catalog.retired = retired.records
        catalog.problems.extend(retired.doc.problems + check_retired(good, retired))
        catalog.entries = sorted((e for _, e in good), key=lambda e: e.id)
        catalog.problems.sort()
        return catalog

    def display(self, path: Path) -> str:
        """Return `path` relative to the repository root, as messages show it."""
        if path not in self._displays:
            try:
                shown = path.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                shown = path.as_posix()
            self._displays[path] = shown
        return self._displays[path]

    def _load_entries(self, paths: list[Path]) -> list[_Loaded]:
        """Return each file's result: remembered, stored on disk, or worked out now."""
        results: list[_Loaded | None] = []
        todo: list[tuple[int, tuple[str, str], bytes]] = []
        for path in paths:
            read = self._read(path)
            if isinstance(read, _Loaded):
                results.append(read)
                continue
            key, blob = read
            self._used.add(key)
            known = self._known(key)
            if known is None:
                todo.append((len(results), key, blob))
            results.append(known)
        fresh = map_pairs(
            validate_bytes, [key[0] for _, key, _ in todo], [b for _, _, b in todo]
        )
        for (at, key, _), loaded in zip(todo, fresh, strict=True):
            self._remember(key, loaded)
            results[at] = loaded
        return [r for r in results if r is not None]

    def _read(self, path: Path) -> tuple[tuple[str, str], bytes] | _Loaded:
        """Return the file's (name, content digest) key and bytes, or why it is unreadable."""
        display = self.display(path)
        try:
            blob = path.read_bytes()
        except OSError as err:
            doc = Document(
                display,
                problems=[
                    Problem(display, 1, 1, "", f"cannot read file: {err.strerror}")
                ],
            )
            return _Loaded(doc, None, list(doc.problems), [])
        return (display, hashlib.blake2b(blob, digest_size=16).hexdigest()), blob

    def _known(self, key: tuple[str, str]) -> _Loaded | None:
        """Return the result of this file's content from an earlier load, if any."""
        known = self._memo.get(key[0])
        if known is not None and known[0] == key[1]:
            return known[1]
        found = self._disk.get(digest(*key)) if self._disk is not None else None
        if not isinstance(found, _Loaded):
            return None
        self._memo[key[0]] = (key[1], found)
        return found

    def _remember(self, key: tuple[str, str], loaded: _Loaded) -> None:
        self._memo[key[0]] = (key[1], loaded)
        if self._disk is not None:
            self._disk.put(digest(*key), loaded)

    def _forget_unused(self) -> None:
        """After a load of every entry, remove stored results it did not use.

        They are of files since edited or deleted; without this the cache would grow
        with every edit saved under `mkdocs serve`.
        """
        if self._disk is not None:
            self._disk.keep_only({digest(*key) for key in self._used})

    def _load_tags(self, catalog: Catalog) -> Document | None:
        path = self.kb_dir / TAGS_FILE
        doc = load_file(path, self.display(path))
        catalog.problems.extend(doc.problems)
        if doc.problems:
            return None
        errors = list(_tags_validator().iter_errors(doc.data))
        for error in errors:
            catalog.problems.append(
                doc.problem(tuple(error.absolute_path), error.message)
            )
        if errors:
            return None
        catalog.tags = doc.data
        return doc


def validate_bytes(display: str, blob: bytes) -> _Loaded:
    """Load and validate one entry file's bytes; `display` is its name in messages.

    What the catalog keeps of the document is only what the rules across entries use,
    its positions: the data is in the Entry already, and the raw scalars and multi-line
    keys serve the per-file rules alone. A result is copied from a worker process and
    stored on disk, so this is half of what each copy costs.
    """
    loaded = validate_document(load_bytes(blob, display))
    doc = loaded.doc
    kept = Document(doc.file, None, doc.marks, doc.key_marks, problems=doc.problems)
    return dataclasses.replace(loaded, doc=kept)


def validate_document(doc: Document) -> _Loaded:
    """Run the per-file stages on a loaded document: schema, then the entry rules."""
    problems = list(doc.problems)
    if doc.data is None and problems:
        return _Loaded(doc, None, problems, [])
    schema_problems = check_schema(doc)
    if schema_problems:
        return _Loaded(doc, None, problems + schema_problems, [])
    entry = build_entry(doc.file, doc.data)
    rule_problems, links = check_entry(doc, entry)
    problems += rule_problems
    return _Loaded(doc, entry, problems, links)


@cache
def _tags_validator() -> jsonschema.Draft202012Validator:
    schema: dict[str, Any] = json.loads(TAGS_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)
