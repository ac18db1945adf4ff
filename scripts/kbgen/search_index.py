"""Split the merged search index of the i18n build into one index per locale.

mkdocs-static-i18n writes a single `search/search_index.json` for all languages, so a
Chinese query would also return English pages. After the build we move each
non-default locale's documents into `<locale>/search/search_index.json`, with
locations relative to that locale's root, and point that locale's pages at it.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import Any

INDEX = Path("search") / "search_index.json"
_CONFIG = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL
)


def split_index(site_dir: Path, locales: list[str]) -> dict[str, int]:
    """Split the merged index in place; return the number of documents per locale.

    Idempotent: once split, the root index holds no prefixed documents and nothing
    more is written.
    """
    root_file = site_dir / INDEX
    if not root_file.is_file():
        return {}
    merged: dict[str, Any] = json.loads(root_file.read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for locale in locales:
        prefix = f"{locale}/"
        mine = [d for d in merged["docs"] if d["location"].startswith(prefix)]
        if not mine:
            continue
        merged["docs"] = [
            d for d in merged["docs"] if not d["location"].startswith(prefix)
        ]
        for doc in mine:
            doc["location"] = doc["location"][len(prefix) :]
        _write(site_dir / locale / INDEX, {**merged, "docs": mine})
        counts[locale] = len(mine)
    if counts:
        _write(root_file, merged)
    return counts


def _write(path: Path, index: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def point_page_at_locale(html: str, locale: str) -> str:
    """Make a page of `locale` load that locale's search index (Material reads `base`)."""
    match = _CONFIG.search(html)
    if not match:
        return html
    config = json.loads(match.group(2))
    config["base"] = posixpath.join(config["base"], locale)
    body = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    return html[: match.start(2)] + body + html[match.end(2) :]
