"""Split the merged search index of the i18n build into one index per locale.

mkdocs-static-i18n writes a single `search/search_index.json` for all languages, so a
Chinese query would also return English pages. After the build we move each
non-default locale's documents into `<locale>/search/search_index.json`, with
locations relative to that locale's root, and point that locale's pages at it.

Each symptom's exact error line is then indexed as a field of its own, weighted like a
title: a pasted log line otherwise matched only body text (weight 1), and pages whose
titles shared one word with it ("load", "docker") ranked above the entry that shows it.
"""

from __future__ import annotations

import json
import posixpath
import re
from html import escape
from pathlib import Path
from typing import Any

INDEX = Path("search") / "search_index.json"
# The search field holding a symptom's error line, and its weight (Material gives titles
# 1000 and text 1); the field is declared in the index, which the search worker reads.
ERROR_LINE_FIELD = "message"
ERROR_LINE_BOOST = 1000.0
_CONFIG = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL
)


def split_index(
    site_dir: Path, locales: list[str], lines: dict[str, str]
) -> dict[str, int]:
    """Split the merged index into one per locale, indexing each symptom's error line.

    `locales` are the non-default locales; `lines` maps a section's location relative
    to a locale root (`entries/<slug>/#symptom-<id>`) to its error line. Reads the
    merged index once and writes each locale's once; returns the documents per locale
    ("" is the default locale). A locale with no documents in this build (a one-locale
    preview) keeps no index.
    """
    root_file = site_dir / INDEX
    if not root_file.is_file():
        return {}
    merged: dict[str, Any] = json.loads(root_file.read_text(encoding="utf-8"))
    merged["config"]["fields"][ERROR_LINE_FIELD] = {"boost": ERROR_LINE_BOOST}
    docs: dict[str, list[dict[str, Any]]] = {locale: [] for locale in ["", *locales]}
    for doc in merged["docs"]:
        locale = _locale_of(doc["location"], locales)
        doc["location"] = doc["location"][len(locale) + 1 if locale else 0 :]
        if doc["location"] in lines:
            # Escaped: Material reads every field as HTML, like titles and text.
            doc[ERROR_LINE_FIELD] = escape(lines[doc["location"]], quote=False)
        docs[locale].append(doc)
    for locale, mine in docs.items():
        if mine or not locale:
            _write(site_dir / locale / INDEX, {**merged, "docs": mine})
    return {locale: len(mine) for locale, mine in docs.items()}


def _locale_of(location: str, locales: list[str]) -> str:
    """Return the locale whose folder holds `location`, or "" for the default locale."""
    head = location.split("/", 1)[0]
    return head if head in locales and "/" in location else ""


def _write(path: Path, index: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def point_page_at_locale(html: str, locale: str) -> str:
    """Make a page of `locale` load that locale's search index (Material reads `base`).

    Material resolves `new URL("search/search_index.json", base)` and each result's
    location against `base`, so it must end with "/": without it `../zh` resolves to
    the site root, and Chinese pages would search (and link to) the English pages.
    """
    match = _CONFIG.search(html)
    if not match:
        return html
    config = json.loads(match.group(2))
    config["base"] = posixpath.join(config["base"], locale, "")
    body = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    return html[: match.start(2)] + body + html[match.end(2) :]
