"""`kb new`: write a new entry file with the next free id and placeholders to fill.

The file names the JSON Schema on its first line (editors then complete keys and mark
mistakes), holds both locales of every text, and passes the schema; its placeholders
fail validation until the author replaces them (see placeholders.py).
"""

from __future__ import annotations

import datetime
import difflib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .catalog import TAGS_FILE, CatalogLoader
from .names import entry_ids, scan
from .retired import RETIRED_FILE, load_retired, next_free_id
from .rules import RESERVED_SLUGS

SCHEMA_IN_REPO = "scripts/kbgen/schema/entry.schema.json"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG_MAX = 80


class ScaffoldError(ValueError):
    """A request `kb new` refuses; the message says why and what to do."""


@dataclass(frozen=True)
class Request:
    """What the author asked for on the command line."""

    slug: str
    family: str = "buildx"
    tags: tuple[str, ...] = ()
    title_en: str | None = None
    title_zh: str | None = None


@dataclass
class _Known:
    """Ids and slugs already taken, read from the top-level lines of entry files."""

    ids: list[str] = field(default_factory=list)
    slugs: dict[str, str] = field(default_factory=dict)


def create(root: Path, request: Request) -> tuple[Path, str]:
    """Write the new entry file; return its path and id, or raise ScaffoldError."""
    kb_dir = root / "kb"
    path = kb_dir / request.family / f"{request.slug}.yaml"
    display = path.relative_to(root).as_posix()
    _check_names(request, display)
    _check_tags(kb_dir, request.tags)
    known = _known(root, kb_dir)
    _check_free(request.slug, path, display, known)
    entry_id = next_free_id(known.ids)
    if entry_id == "KB-10000":
        raise ScaffoldError("every id up to KB-9999 is taken; widen the id pattern")
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = Path(os.path.relpath(root / SCHEMA_IN_REPO, path.parent)).as_posix()
    with path.open("x", encoding="utf-8") as out:
        out.write(entry_text(request, entry_id, schema, datetime.date.today()))
    return path, entry_id


def _check_names(request: Request, display: str) -> None:
    for what, name in (("slug", request.slug), ("family", request.family)):
        if not SLUG.match(name) or len(name) > SLUG_MAX:
            raise ScaffoldError(
                f"{what} '{name}' is not in the expected form: lowercase words "
                "joined by '-', e.g. buildx-cache-export (at most 80 characters)"
            )
    if request.slug in RESERVED_SLUGS:
        raise ScaffoldError(
            f"slug '{request.slug}' is reserved for site pages; choose another"
        )
    for locale, title in (("en", request.title_en), ("zh", request.title_zh)):
        if title is not None and not title.strip():
            raise ScaffoldError(
                f"--title-{locale} is empty; write the title or omit it"
            )


def _check_tags(kb_dir: Path, tags: tuple[str, ...]) -> None:
    declared = yaml.safe_load((kb_dir / TAGS_FILE).read_text(encoding="utf-8")) or {}
    for tag in tags:
        if tag not in declared:
            close = difflib.get_close_matches(tag, list(declared), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ScaffoldError(
                f"unknown tag '{tag}'; declare it in kb/{TAGS_FILE} or use one of: "
                f"{', '.join(sorted(declared))}{hint}"
            )


def _known(root: Path, kb_dir: Path) -> _Known:
    """Read ids and slugs from top-level lines: fast, and enough to pick a free id."""
    loader = CatalogLoader(root, kb_dir)
    names = scan(loader.entry_files())
    known = _Known(entry_ids(names))
    known.slugs = {name: loader.display(path) for name, path in names.items()}
    retired_path = kb_dir / RETIRED_FILE
    retired = load_retired(retired_path, loader.display(retired_path))
    for record in retired.records.values():
        known.ids.append(record.id)
        for slug in record.slugs:
            known.slugs.setdefault(slug, f"retired {record.id} in kb/{RETIRED_FILE}")
    return known


def _check_free(slug: str, path: Path, display: str, known: _Known) -> None:
    if path.exists():
        raise ScaffoldError(
            f"{display} already exists; edit it, or choose another slug"
        )
    if slug in known.slugs:
        raise ScaffoldError(
            f"slug '{slug}' is already used by {known.slugs[slug]}; choose another"
        )


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, escapes included.
    return json.dumps(text, ensure_ascii=False)


def entry_text(
    request: Request, entry_id: str, schema: str, today: datetime.date
) -> str:
    """Return the text of a new entry file."""
    title_en = _quoted(request.title_en or "TODO: the problem as a reader would say it")
    title_zh = _quoted(request.title_zh or "TODO: 用读者的话说出这个问题")
    tags = "\n".join(f"  - {tag}" for tag in request.tags or ("todo",))
    return _TEMPLATE.format(
        schema=schema,
        id=entry_id,
        slug=request.slug,
        title_en=title_en,
        title_zh=title_zh,
        tags=tags,
        date=today.isoformat(),
    )


_TEMPLATE = """\
# yaml-language-server: $schema={schema}
# Replace every TODO; `kb validate` lists those left. Optional keys: docs/contributing.md
id: {id}
slug: {slug}
title:
  en: {title_en}
  zh: {title_zh}
summary:
  en: |
    TODO: two or three sentences: the problem, its cause, the way out.
  zh: |
    TODO: 用两三句话说明问题、原因和解决思路。
tags:
{tags}
symptoms:
  - id: todo
    title:
      en: "TODO: what the reader sees, in a few words"
      zh: "TODO: 读者看到的现象"
    message: "TODO: the exact error line, untranslated, on one line"
cause:
  en: |
    TODO: why it happens.
  zh: |
    TODO: 为什么会出现这个问题。
solutions:
  - id: todo
    title:
      en: "TODO: one way out"
      zh: "TODO: 一种解决方案"
    body:
      en: |
        TODO: when to choose it, and the steps.
      zh: |
        TODO: 适用场景和操作步骤。
    snippets:
      - kind: step
        caption:
          en: "TODO: what the snippet does"
          zh: "TODO: 这段代码做什么"
        code: |
          # TODO: a copy-ready step
    tradeoffs:
      en: |
        TODO: what this solution costs.
      zh: |
        TODO: 这个方案的代价。
best_practices:
  - en: |
      TODO: a habit that keeps the problem away.
    zh: |
      TODO: 避免这个问题的做法。
references:
  - title: "TODO: the primary source of the facts above"
    url: https://example.com/TODO
verified:
  date: "{date}"
  versions:
    "TODO: owner/action": "v1"
"""
