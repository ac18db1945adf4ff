"""The URL scheme of the site, and the redirect pages that keep old and short URLs alive.

Every path here is relative to the site root and ends with "/" for a page, so the site
works under any base path; only `absolute` joins a path to `site_url`. An entry lives at
`entries/<slug>/` (and `zh/entries/<slug>/`); `KB-0001/` and every former slug lead to it
through a small HTML page, because a plain static host such as GitHub Pages serves no
redirects of its own.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from .model import LOCALES, Entry
from .plaintext import markdown_to_text
from .retired import Retired
from .ui import ui

DEFAULT_LOCALE = LOCALES[0]
ENTRIES_FOLDER = "entries"
FEED_FILE = "api/entries.json"
FEED_SCHEMA_FILE = "api/entries.schema.json"
# Written into every redirect page, so a rebuild knows the file is its own to replace.
REDIRECT_MARK = '<meta name="generator" content="kb redirect">'
# Characters that would end or restyle the text of a Markdown link.
_MD_LINK_TEXT = re.compile(r"([\\`*_\[\]<>&])")


def locale_root(locale: str) -> str:
    """Return the folder of `locale` under the site root: "" or "zh/"."""
    return "" if locale == DEFAULT_LOCALE else f"{locale}/"


def entry_path(slug: str, locale: str) -> str:
    """Return the canonical path of an entry page."""
    return f"{locale_root(locale)}{ENTRIES_FOLDER}/{slug}/"


def short_path(entry_id: str, locale: str) -> str:
    """Return the short path of an id, which redirects to the entry."""
    return f"{locale_root(locale)}{entry_id}/"


def index_path(locale: str) -> str:
    """Return the path of the list of all entries."""
    return f"{locale_root(locale)}{ENTRIES_FOLDER}/"


def absolute(site_url: str, path: str) -> str:
    """Return `path` as a URL under `site_url` (or root-relative when there is none)."""
    return urljoin(site_url or "/", path)


def markdown_reference(
    entry: Entry, locale: str, site_url: str, anchor: str | None = None
) -> str:
    """Return `[KB-0001 · Title](<short URL>#anchor)`, ready to paste into an issue."""
    title = _MD_LINK_TEXT.sub(r"\\\1", entry.title.get(locale))
    url = absolute(site_url, short_path(entry.id, locale))
    return f"[{entry.id} · {title}]({url}{'#' + anchor if anchor else ''})"


@dataclass(frozen=True)
class Redirect:
    """One redirect page: where it is written, the page it leads to, what it shows."""

    path: str
    target: str
    locale: str
    title: str
    description: str


def redirects(entries: list[Entry], retired: dict[str, Retired]) -> list[Redirect]:
    """Return every redirect the site needs: short ids, former slugs, retired ids."""
    by_id = {e.id: e for e in entries}
    found: list[Redirect] = []
    for locale in LOCALES:
        for entry in entries:
            found.extend(_entry_redirects(entry, locale))
        for record in retired.values():
            found.extend(_retired_redirects(record, by_id, locale))
    return found


def _entry_redirects(entry: Entry, locale: str) -> Iterator[Redirect]:
    sources = [short_path(entry.id, locale)]
    sources += [entry_path(alias, locale) for alias in entry.aliases]
    for source in sources:
        yield _to_entry(source, entry, locale)


def _to_entry(source: str, entry: Entry, locale: str) -> Redirect:
    return Redirect(
        path=source,
        target=entry_path(entry.slug, locale),
        locale=locale,
        title=f"{entry.id} · {entry.title.get(locale)}",
        description=markdown_to_text(entry.summary.get(locale)),
    )


def _retired_redirects(
    record: Retired, by_id: dict[str, Entry], locale: str
) -> Iterator[Redirect]:
    sources = [short_path(record.id, locale)]
    sources += [entry_path(slug, locale) for slug in record.slugs]
    replacement = by_id.get(record.replaced_by or "")
    for source in sources:
        if replacement is not None:
            yield _to_entry(source, replacement, locale)
        else:
            title = ui("all_entries", locale)
            yield Redirect(source, index_path(locale), locale, title, title)


def redirect_page(redirect: Redirect, site_url: str) -> str:
    """Return the HTML of a redirect page that keeps the #fragment of the link."""
    start = redirect.path.rstrip("/")
    relative = posixpath.relpath(redirect.target.rstrip("/"), start) + "/"
    canonical = absolute(site_url, redirect.target)
    attr = html.escape
    # json.dumps makes a JS string; "</" is split so the text cannot end the script.
    script_target = json.dumps(relative).replace("</", "<\\/")
    return f"""<!doctype html>
<html lang="{attr(redirect.locale)}">
<head>
<meta charset="utf-8">
{REDIRECT_MARK}
<title>{attr(redirect.title)}</title>
<link rel="canonical" href="{attr(canonical)}">
<meta name="description" content="{attr(redirect.description)}">
<meta property="og:title" content="{attr(redirect.title)}">
<meta property="og:description" content="{attr(redirect.description)}">
<meta property="og:url" content="{attr(canonical)}">
<meta property="og:locale" content="{attr(ui("og_locale", redirect.locale))}">
<meta name="twitter:card" content="summary">
<script>location.replace({script_target} + location.hash)</script>
<noscript><meta http-equiv="refresh" content="0; url={attr(relative)}"></noscript>
</head>
<body>
<p><a href="{attr(relative)}">{attr(redirect.title)}</a></p>
</body>
</html>
"""


def write_redirects(site_dir: Path, found: list[Redirect], site_url: str) -> list[str]:
    """Write the redirect pages; return the paths left alone because a page is there.

    Runs after each locale's build (the i18n plugin nests them), so a page that is
    already written as it should be is left untouched.
    """
    taken: list[str] = []
    for redirect in found:
        target = site_dir / redirect.path / "index.html"
        page = redirect_page(redirect, site_url)
        there = target.read_text("utf-8") if target.is_file() else None
        if there is not None and REDIRECT_MARK not in there:
            taken.append(redirect.path)
        elif there != page:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
    return taken
