"""A focused preview: the entries an author names, and the entries they link to.

`kb serve ENTRY...` sets the plugin's `only` option; the plugin then renders these
entries alone (plus the home page and the entry index, which list just them), so a
rebuild costs the same with ten entries in kb/ as with a thousand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import LOCALES, Entry, iter_texts

_ENTRY_LINK = re.compile(r"entry:([a-z0-9]+(?:-[a-z0-9]+)*)")


@dataclass(frozen=True)
class Focus:
    """The slugs to build, and the names that matched no entry."""

    slugs: frozenset[str]
    unknown: tuple[str, ...]


def focus(entries: Iterable[Entry], names: Iterable[str]) -> Focus:
    """Return the named entries (by slug, id, alias or file) and those they link to."""
    entries = list(entries)
    index = _index(entries)
    named: set[str] = set()
    unknown: list[str] = []
    for name in names:
        slug = index.get(name) or index.get(name.upper())
        if slug is None:
            unknown.append(name)
        else:
            named.add(slug)
    by_slug = {e.slug: e for e in entries}
    linked = {s for slug in named for s in linked_slugs(by_slug[slug])}
    return Focus(frozenset(named | (linked & by_slug.keys())), tuple(unknown))


def linked_slugs(entry: Entry) -> set[str]:
    """Return the slugs an entry links to: related entries and `entry:` links."""
    slugs = set(entry.related)
    for solution in entry.solutions:
        slugs.update(solution.related)
    for text in iter_texts(entry):
        slugs.update(_ENTRY_LINK.findall(text.en))
        slugs.update(_ENTRY_LINK.findall(text.zh))
    slugs.discard(entry.slug)
    return slugs


def _index(entries: list[Entry]) -> dict[str, str]:
    """Map every name an author may give an entry by to its slug."""
    index: dict[str, str] = {}
    for entry in entries:
        for name in (entry.slug, entry.id, entry.file, *entry.aliases):
            index.setdefault(name, entry.slug)
    return index


def in_locales(pages: dict[str, str], locales: Iterable[str]) -> dict[str, str]:
    """Drop entry pages of locales not previewed; index pages stay (the nav has them)."""
    wanted = set(locales)
    return {
        name: text
        for name, text in pages.items()
        if name.startswith("index.") or _page_locale(name) in wanted
    }


def _page_locale(name: str) -> str:
    # Pages are named in the suffix layout: slug.md (default locale), slug.zh.md.
    parts = name.split(".")
    return parts[-2] if len(parts) > 2 else LOCALES[0]
