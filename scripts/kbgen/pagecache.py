"""Reuse what MkDocs rendered for pages that did not change since an earlier build.

Most of a build is Python-Markdown (with Pygments) turning each page into HTML, and the
search plugin parsing that HTML again and segmenting Chinese with jieba. Both give the
same result for the same input, so both are kept on disk and reused:

- Rendering is keyed by the page's final Markdown (after every other plugin changed it),
  its source path and URL, the list of every file of the build (links resolve against
  it), the configuration file, the locale, and the versions of our code and of the
  libraries that render. A page rendered with a warning is never kept, so a warning
  (a broken link, say) is raised again on every build until it is fixed.
- Search entries are keyed by the page's final HTML, URL, title, table of contents and
  search metadata, and by the search settings and jieba's user dictionary.

A key that is not found means the page is rendered as usual, so an edit always shows;
`tests/test_page_cache.py` checks this for entries, links and settings.

How a cached page skips rendering, using only MkDocs events: when the key is found, the
last `on_page_markdown` hands MkDocs an empty document (cheap to convert), and the first
`on_page_content` puts back the stored HTML, table of contents, title and anchors. What
other plugins do in `on_page_content` and later runs on the stored HTML as usual.

Known limitation: search entries are reused by wrapping
`SearchIndex.add_entry_from_context` of mkdocs-material's search plugin, which is not a
public API. If a Material release renames it, `wrap_search` leaves the plugin alone
(every page is then indexed as usual) and says so in the debug log; a public hook for
it in Material would remove this.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from .diskcache import DiskCache, code_stamp, digest

CACHE_FOLDER = Path(".kb-cache") / "pages"
# Libraries whose output is kept: a new version of any of them starts a new cache.
RENDERERS = (
    "mkdocs",
    "Markdown",
    "pymdown-extensions",
    "Pygments",
    "mkdocs-material",
    "mkdocs-static-i18n",
    "jieba",
)
log = logging.getLogger("mkdocs.plugins.kb")


@dataclass
class Rendered:
    """What `Page.render` produced for one page."""

    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str] | None
    # Links to anchors in other files, by the linked file's source path.
    links: dict[str, dict[str, str]] | None


class WarningCounter(logging.Handler):
    """Counts warnings and errors logged by MkDocs and its plugins."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class PageCache:
    """Rendered pages and their search entries, reused across builds."""

    def __init__(self, root: Path, *, in_memory: bool = False) -> None:
        self.store = DiskCache(
            root / CACHE_FOLDER, code_stamp(RENDERERS), in_memory=in_memory
        )
        self.warnings = WarningCounter()
        logging.getLogger("mkdocs").addHandler(self.warnings)
        self._build = ""  # digest of what every page of the current build depends on
        self._pending: dict[str, tuple[str, int]] = {}  # src_uri -> (key, warnings)
        self._found: dict[str, Rendered] = {}  # src_uri -> rendered, for cache hits
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        # Time spent reusing search entries, inside the search plugin's own hook.
        self.search_seconds = 0.0

    def start_run(self) -> None:
        """Start counting what one whole-site build (every locale) uses."""
        self.used.clear()
        self.hits = self.misses = 0
        self.search_seconds = 0.0

    def start_build(self, config: MkDocsConfig, files: Files, locale: str) -> None:
        """Fix what every key of this build depends on: settings, locale, file list."""
        config_file = Path(config.config_file_path or "")
        settings = config_file.read_bytes() if config_file.is_file() else b""
        listing = "\n".join(
            f"{f.src_uri}\0{f.dest_uri}\0{f.url}"
            for f in sorted(files, key=lambda f: f.src_uri)
        )
        self._build = digest(
            settings,
            locale,
            str(config.use_directory_urls),
            config.site_url or "",
            listing,
        )
        self._pending.clear()
        self._found.clear()

    def before_render(self, markdown: str, page: Page) -> str:
        """Return the Markdown MkDocs should render: empty when a stored result is found."""
        uri = page.file.src_uri
        key = digest(self._build, uri, page.url, markdown)
        self.used.add(key)
        found = self.store.get(key)
        if isinstance(found, Rendered):
            self.hits += 1
            self._found[uri] = found
            return ""
        self.misses += 1
        self._pending[uri] = (key, self.warnings.count)
        return markdown

    def after_render(self, html: str, page: Page, files: Files) -> str:
        """Put back a stored result, or keep a fresh one that rendered without warnings."""
        uri = page.file.src_uri
        found = self._found.pop(uri, None)
        if found is not None:
            _restore(page, found, files)
            return found.content
        key, warnings = self._pending.pop(uri, ("", -1))
        if key and warnings == self.warnings.count:
            self.store.put(key, _snapshot(page, html))
        return html

    def wrap_search(self, config: MkDocsConfig) -> None:
        """Make the search plugin reuse stored entries for pages whose HTML is unchanged."""
        plugin = config.plugins.get("material/search")
        index = getattr(plugin, "search_index", None)
        add = getattr(index, "add_entry_from_context", None)
        entries = getattr(index, "entries", None)
        if index is None or add is None or not isinstance(entries, list):
            log.debug("search entries are not reused: no Material search index found")
            return
        if getattr(add, "kb_cached", False):
            return
        settings = digest(repr(sorted(getattr(plugin, "config", {}).items())))
        index.add_entry_from_context = _cached_indexer(
            self, add, entries, settings + _user_words(config)
        )

    def prune(self) -> None:
        """Remove stored pages that no build of this run asked for."""
        self.store.keep_only(self.used)


def _cached_indexer(
    cache: PageCache,
    add: Callable[[Page], None],
    entries: list[dict[str, Any]],
    settings: str,
) -> Callable[[Page], None]:
    def add_entry_from_context(page: Page) -> None:
        began = time.perf_counter()
        key = digest(
            settings,
            page.url,
            page.content or "",
            str(page.title),
            str(page.toc),
            repr(page.meta.get("search")),
            repr(page.meta.get("tags")),
        )
        cache.used.add(key)
        found = cache.store.get(key)
        if isinstance(found, list):
            entries.extend(found)
            cache.search_seconds += time.perf_counter() - began
            return
        start = len(entries)
        indexing = time.perf_counter()
        add(page)
        began += time.perf_counter() - indexing  # the search plugin's own work
        cache.store.put(key, entries[start:])
        cache.search_seconds += time.perf_counter() - began

    add_entry_from_context.kb_cached = True  # type: ignore[attr-defined]
    return add_entry_from_context


def _user_words(config: MkDocsConfig) -> str:
    """Return a digest of jieba's user dictionary, which changes how Chinese is indexed."""
    plugin = config.plugins.get("material/search")
    path = Path(str(getattr(plugin, "config", {}).get("jieba_dict_user") or ""))
    return digest(path.read_bytes()) if path.is_file() else ""


def _snapshot(page: Page, html: str) -> Rendered:
    links = page.links_to_anchors
    return Rendered(
        content=html,
        toc=page.toc,
        title=page._title_from_render,
        anchors=page.present_anchor_ids,
        links=None
        if links is None
        else {file.src_uri: dict(found) for file, found in links.items()},
    )


def _restore(page: Page, found: Rendered, files: Files) -> None:
    page.content = found.content
    page.toc = found.toc
    page._title_from_render = found.title
    page.present_anchor_ids = found.anchors
    if found.links is not None:
        linked: dict[File, dict[str, str]] = {}
        for uri, anchors in found.links.items():
            target = files.get_file_from_path(uri)
            if target is not None:
                linked[target] = anchors
        page.links_to_anchors = linked
