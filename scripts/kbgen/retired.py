"""Retired entry ids: the data file that records them, and the rules that keep them retired.

A permanent id names one problem forever: links to it sit in issues and chats. When an
entry is removed its id is recorded in kb/retired-ids.yaml, never given to another
entry, and its links keep leading to the entry that replaced it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from .model import Entry
from .problems import KeyPath, Problem
from .yamlload import Document, load_file

RETIRED_FILE = "retired-ids.yaml"
SCHEMA = Path(__file__).parent / "schema" / "retired-ids.schema.json"


@dataclass(frozen=True)
class Retired:
    """One removed entry: its id, the slugs it had, and where its links lead now."""

    id: str
    slugs: tuple[str, ...]
    reason: str
    replaced_by: str | None = None


@dataclass
class RetiredIds:
    """The loaded data file: its records, and the document for locating problems."""

    doc: Document
    records: dict[str, Retired] = field(default_factory=dict)


def load_retired(path: Path, display: str) -> RetiredIds:
    """Load and check the data file; a missing file means no id was retired yet."""
    if not path.is_file():
        return RetiredIds(Document(display, data={}))
    doc = load_file(path, display)
    if doc.problems:
        return RetiredIds(doc)
    doc.problems.extend(_schema_problems(doc))
    if doc.problems:
        return RetiredIds(doc)
    records = {
        key: Retired(key, tuple(v["slugs"]), v["reason"], v.get("replaced_by"))
        for key, v in doc.data.items()
    }
    return RetiredIds(doc, records)


def _schema_problems(doc: Document) -> Iterator[Problem]:
    for error in _validator().iter_errors(doc.data):
        path: KeyPath = tuple(error.absolute_path)
        if "propertyNames" in error.schema_path:
            yield doc.problem(
                (*path, str(error.instance)),
                "is not an entry id; expected KB- and four digits, e.g. KB-0042",
                of_key=True,
            )
        elif error.validator == "required":
            name = error.message.split("'")[1]
            yield doc.problem((*path, name), "is required but missing; add it")
        else:
            yield doc.problem(path, error.message)


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def check_retired(
    entries: list[tuple[Document, Entry]], retired: RetiredIds
) -> list[Problem]:
    """Return the problems of entries that reuse a retired id or slug, and of the file."""
    slugs, problems = _retired_slugs(retired)
    free = next_free_id([e.id for _, e in entries] + list(retired.records))
    for doc, entry in entries:
        if entry.id in retired.records:
            problems.append(
                doc.problem(
                    ("id",),
                    f"'{entry.id}' is retired ({_where(retired, (entry.id,))}) "
                    f"and is never reused; use the next free id, {free}",
                )
            )
        names: list[tuple[KeyPath, str]] = [(("slug",), entry.slug)]
        names += [(("aliases", i), alias) for i, alias in enumerate(entry.aliases)]
        for path, name in names:
            if name in slugs:
                problems.append(
                    doc.problem(
                        path,
                        f"'{name}' was a slug of retired {slugs[name][0]} "
                        f"({_where(retired, slugs[name])}), whose links it keeps; "
                        "choose another",
                    )
                )
    live = {e.id for _, e in entries}
    problems.extend(_check_replacements(retired, live))
    return problems


def _retired_slugs(
    retired: RetiredIds,
) -> tuple[dict[str, tuple[str, str, int]], list[Problem]]:
    """Map each retired slug to its place in the file; report a slug listed twice."""
    seen: dict[str, tuple[str, str, int]] = {}
    problems: list[Problem] = []
    for record in retired.records.values():
        for i, slug in enumerate(record.slugs):
            if slug in seen:
                problems.append(
                    retired.doc.problem(
                        (record.id, "slugs", i),
                        f"'{slug}' is already listed at "
                        f"{_where(retired, seen[slug])}; keep it under one id",
                    )
                )
            else:
                seen[slug] = (record.id, "slugs", i)
    return seen, problems


def _check_replacements(retired: RetiredIds, live: set[str]) -> Iterator[Problem]:
    for record in retired.records.values():
        if record.replaced_by is not None and record.replaced_by not in live:
            yield retired.doc.problem(
                (record.id, "replaced_by"),
                f"no entry has id '{record.replaced_by}'; "
                "name an entry that exists, or leave replaced_by out",
            )


def _where(retired: RetiredIds, path: KeyPath) -> str:
    mark = retired.doc.mark(path, of_key=len(path) == 1)
    return f"{retired.doc.file}:{mark.line}:{mark.col}"


def next_free_id(used: list[str]) -> str:
    """Return the id after the highest one in use or retired."""
    numbers = [int(i.removeprefix("KB-")) for i in used if i.startswith("KB-")]
    return f"KB-{max(numbers, default=0) + 1:04d}"
