"""The feed for tools: /api/entries.json per locale, and the JSON Schema it follows.

Bots that answer "this is a known problem" read the feed instead of scraping pages: each
entry with its permanent id, URLs, exact error lines and section anchors. A change that
breaks readers of the feed raises FORMAT_VERSION.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .links import (
    FEED_FILE,
    FEED_SCHEMA_FILE,
    absolute,
    entry_path,
    locale_root,
    short_path,
)
from .model import LOCALES, Entry, Symptom
from .plaintext import markdown_to_text

FORMAT_VERSION = 1
SCHEMA = Path(__file__).parent / "schema" / "feed.schema.json"


def feed(entries: list[Entry], locale: str, site_url: str) -> dict[str, Any]:
    """Return the feed of `entries` in `locale`."""
    return {
        "$schema": absolute(site_url, FEED_SCHEMA_FILE),
        "format_version": FORMAT_VERSION,
        "locale": locale,
        "site_url": absolute(site_url, locale_root(locale)),
        "entries": [_entry(e, locale, site_url) for e in entries],
    }


def _entry(entry: Entry, locale: str, site_url: str) -> dict[str, Any]:
    canonical = absolute(site_url, entry_path(entry.slug, locale))
    return {
        "id": entry.id,
        "slug": entry.slug,
        "urls": {
            "canonical": canonical,
            "short": absolute(site_url, short_path(entry.id, locale)),
            "aliases": [
                absolute(site_url, entry_path(a, locale)) for a in entry.aliases
            ],
            "translations": {
                other: absolute(site_url, entry_path(entry.slug, other))
                for other in LOCALES
                if other != locale
            },
        },
        "title": entry.title.get(locale),
        "summary": markdown_to_text(entry.summary.get(locale)),
        "summary_markdown": entry.summary.get(locale).strip(),
        "tags": list(entry.tags),
        "symptoms": [_symptom(s, locale, canonical) for s in entry.symptoms],
        "cause": {"anchor": "cause", "url": f"{canonical}#cause"},
        "solutions": [
            {
                "id": s.id,
                "anchor": s.anchor,
                "url": f"{canonical}#{s.anchor}",
                "title": s.title.get(locale),
            }
            for s in entry.solutions
        ],
        "related": list(entry.related),
        "verified": {
            "date": entry.verified_date,
            "versions": dict(entry.verified_versions),
        },
    }


def _symptom(symptom: Symptom, locale: str, canonical: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": symptom.id,
        "anchor": symptom.anchor,
        "url": f"{canonical}#{symptom.anchor}",
        "title": symptom.title.get(locale),
        "message": symptom.message,
    }
    if symptom.signature:
        out["signature"] = symptom.signature
    return out


def published_schema(site_url: str) -> dict[str, Any]:
    """Return the feed schema with the `$id` it has on this site."""
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return {"$id": absolute(site_url, FEED_SCHEMA_FILE), **schema}


def write_feeds(site_dir: Path, entries: list[Entry], site_url: str) -> None:
    """Write the feed of every locale and the schema they follow into the built site."""
    for locale in LOCALES:
        _write(
            site_dir / locale_root(locale) / FEED_FILE, feed(entries, locale, site_url)
        )
    _write(site_dir / FEED_SCHEMA_FILE, published_schema(site_url))


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        # Compact: with `indent`, Python's json falls back from its C encoder to pure
        # Python, several times slower on a feed of thousands of entries.
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
