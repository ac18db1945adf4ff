"""MkDocs plugin: wires the knowledge base into `mkdocs build` and `mkdocs serve`.

It holds no logic of its own: it loads and validates with the catalog, renders with
the renderer, writes pages into the build-owned folder, and splits the search index.
Validation problems fail `mkdocs build`; under `mkdocs serve` they are logged and the
server keeps answering with the entries that are valid. With `only` set (by `kb serve`)
it builds a focused preview: those entries and the entries they link to.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import (
    BasePlugin,
    CombinedEvent,
    event_priority,
    get_plugin_logger,
)
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from .catalog import CACHE_FOLDER as ENTRY_CACHE
from .catalog import Catalog, CatalogLoader
from .feed import write_feeds
from .focus import focus, in_locales
from .links import redirects, write_redirects
from .match.export import write_signatures
from .model import LOCALES, Entry
from .pagecache import PageCache
from .preview import page_preview
from .problems import Problem
from .reload import TemplateCache, watch_docs_except
from .render import PageMemo, entry_list, render_pages
from .search_index import point_page_at_locale, split_index
from .snippets import SnippetChecker, SnippetToolError
from .stopwatch import Stopwatch, timed_hook
from .sync import Written, sync_folder
from .translations import is_notice

log = get_plugin_logger("kb")
ENTRY_LIST_MARKER = "<!-- kb:entry-list -->"


class KBConfig(base.Config):
    kb_dir = c.Type(str, default="kb")
    output = c.Type(str, default="entries")
    default_locale = c.Type(str, default="en")
    # A focused preview (`kb serve` sets these): build only the entries named here (by
    # slug, id, alias or file) and those they link to, in these locales.
    only = c.ListOfItems(c.Type(str), default=[])
    locales = c.ListOfItems(c.Choice(LOCALES), default=list(LOCALES))
    # Keep per-file validation results, rendered pages and their search entries in
    # .kb-cache/ and reuse them for unchanged inputs (see catalog.py, pagecache.py).
    cache = c.Type(bool, default=True)


class KBPlugin(BasePlugin[KBConfig]):
    """Generate entry pages from kb/ on every build."""

    def __init__(self) -> None:
        self.loader: CatalogLoader | None = None
        self.snippets: SnippetChecker | None = None
        self.catalog = Catalog()
        self.command: str = "build"
        self.shown: frozenset[str] | None = None  # slugs of a focused preview
        self.templates = TemplateCache()
        self.pages: PageCache | None = None
        # Entry pages' Markdown by what they are made from, reused by the next build.
        self.rendered: PageMemo = {}
        # What this plugin last wrote into the build-owned folder, to skip re-reading it.
        self.written: Written = {}
        # Builds begun and not finished: the i18n plugin runs each other locale's build
        # inside the default locale's on_post_build, so 0 after one means all are done.
        self.open_builds = 0
        self.published = False  # redirects, feeds and signatures of this build written
        self.stopwatch = Stopwatch()

    def on_startup(
        self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool
    ) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # jieba (used by the search plugin) reports its dictionary loading on stderr.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        root = Path(config.config_file_path).parent
        if self.loader is None:
            cache = root / ENTRY_CACHE if self.config.cache else None
            self.loader = CatalogLoader(root, root / self.config.kb_dir, cache)
        if self.snippets is None:
            self.snippets = SnippetChecker(root)
        if self.pages is None and self.config.cache:
            # A server rebuilds again and again: keep what it reads in memory too.
            self.pages = PageCache(root, in_memory=self.command == "serve")
        return config

    @timed_hook
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.open_builds += 1
        if self.pages is not None:
            # The search plugin makes a new index in every build's on_config.
            self.pages.wrap_search(config)
        if _locale(config) != self.config.default_locale:
            # mkdocs-static-i18n builds each other locale in a build of its own; the
            # build of the default locale already wrote the pages of every locale.
            return
        assert (
            self.loader is not None
        )  # set in on_config, which MkDocs always runs first
        self.catalog = self.loader.load()
        self.published = False
        self.shown = self._focus()
        self.stopwatch.reset()
        if self.pages is not None:
            self.pages.start_run()
        self.catalog.problems = sorted(self.catalog.problems + self._check_snippets())
        _report(self.catalog.problems)
        if self.catalog.errors and self.command != "serve":
            raise PluginError(
                f"{len(self.catalog.errors)} problem(s) in the knowledge base; see above"
            )
        try:
            self._write_pages(config)
        except Exception as err:
            if self.command != "serve":
                raise
            # An exception escaping this hook leaves `mkdocs serve` holding every
            # request until a later build succeeds; serve the pages written before.
            log.error(f"pages not regenerated: {type(err).__name__}: {err}")

    def _write_pages(self, config: MkDocsConfig) -> None:
        entries = self._publishable()
        pages = render_pages(
            entries,
            self.catalog.tags,
            config.site_url or "",
            self.catalog.entries,
            self.rendered,
        )
        written, deleted = sync_folder(
            Path(config.docs_dir) / self.config.output,
            in_locales(pages, self.config.locales),
            self.written,
        )
        log.debug(
            f"{len(entries)} entries: {written} page(s) written, {deleted} deleted"
        )

    def _focus(self) -> frozenset[str] | None:
        """Return the slugs of a focused preview, or None to build every entry."""
        if not self.config.only:
            return None
        found = focus(self.catalog.entries, self.config.only)
        for name in found.unknown:
            log.error(
                f"no entry has the slug, id or file '{name}'; it is not previewed"
            )
        log.info(
            f"previewing {len(found.slugs)} entries: {', '.join(sorted(found.slugs))}"
        )
        return found.slugs

    def on_env(
        self, env: Environment, /, *, config: MkDocsConfig, files: Files
    ) -> Environment:
        env.bytecode_cache = self.templates
        return env

    def on_serve(
        self,
        server: LiveReloadServer,
        /,
        *,
        config: MkDocsConfig,
        builder: Callable[..., Any],
    ) -> LiveReloadServer:
        docs = Path(config.docs_dir)
        watch_docs_except(server, docs, docs / self.config.output)
        return server

    @event_priority(-100)  # after every plugin that changes the list of files
    @timed_hook
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if self.pages is not None:
            self.pages.start_build(config, files, _locale(config))
        return files

    @timed_hook
    def _list_entries(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if ENTRY_LIST_MARKER not in markdown:
            return markdown
        listing = entry_list(self._publishable(), _locale(config), self.config.output)
        return markdown.replace(ENTRY_LIST_MARKER, listing)

    @event_priority(-100)  # last, so the key holds what every plugin changed
    @timed_hook
    def _find_rendered(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.pages is None:
            return markdown
        return self.pages.before_render(markdown, page)

    on_page_markdown = CombinedEvent(_list_entries, _find_rendered)

    @event_priority(100)  # first, so other plugins see the page as rendered
    @timed_hook
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.pages is None:
            return html
        return self.pages.after_render(html, page, files)

    @timed_hook
    def on_page_context(
        self,
        context: TemplateContext,
        *,
        page: Page,
        config: MkDocsConfig,
        nav: Navigation,
    ) -> TemplateContext:
        # Runs after the i18n plugin (priority 50) has set this page's alternates, as
        # an attribute of `extra` (read first by Jinja, like the language selector does).
        alternates = getattr(config.extra, "alternate", None) or []
        context["kb_preview"] = page_preview(  # type: ignore[typeddict-unknown-key]
            _locale(config), config.site_url or "", alternates
        )
        return context

    @timed_hook
    def on_post_page(
        self, output: str, *, page: Page, config: MkDocsConfig
    ) -> str | None:
        locale = _locale(config)
        if locale == self.config.default_locale:
            return output
        return point_page_at_locale(output, locale)

    @event_priority(
        -200
    )  # after the i18n plugin, which builds the other locales in its own hook
    @timed_hook
    def _finish_build(self, *, config: MkDocsConfig) -> None:
        self.open_builds -= 1
        site_dir = Path(config.site_dir)
        # Known limitation: MkDocs empties the site folder before every rebuild, so under
        # `mkdocs serve` the redirect pages, feeds and the index split are done again
        # after each save (about 2 s at 1,000 entries; scripts/bench-results.md). Goes
        # away when the index is split inside the search plugin's own output and the
        # site folder is kept between rebuilds, so only a changed entry's redirects
        # are rewritten.
        if not self.published:
            # The first locale build to finish (a nested one, when there are several)
            # finds every page of the site written. Publishing here also reports a
            # redirect in a page's way before `--strict` aborts on that build's warnings.
            self._publish_links(config)
            # The home page's log box matches in the browser with these signatures.
            write_signatures(site_dir, self._publishable())
            self.published = True
        if self.open_builds > 0:
            # The merged search index is complete only when the outermost build (the
            # default locale's, which runs the others inside it) reaches this point.
            return
        counts = split_index(site_dir, self._other_locales(config), self._error_lines())
        log.debug(f"search index per locale: {counts}")
        self._keep_used_pages()

    @event_priority(-300)  # after _finish_build, so its time is counted
    def _report_time(self, *, config: MkDocsConfig) -> None:
        if self.open_builds == 0:
            if self.pages is not None:
                # Spent inside the search plugin's hook, in the wrapper of wrap_search.
                self.stopwatch.add("search_reuse", self.pages.search_seconds)
            # Read by the benchmark (reload_bench.py, PLUGIN_TIME): keep the wording.
            log.info(self.stopwatch.summary())

    on_post_build = CombinedEvent(_finish_build, _report_time)

    def on_build_error(self, *, error: Exception) -> None:
        self.open_builds = 0

    def _keep_used_pages(self) -> None:
        """After a whole-site build, drop stored pages that no page of it used."""
        if self.pages is None:
            return
        log.debug(f"pages reused: {self.pages.hits}, rendered: {self.pages.misses}")
        if self.shown is None:
            self.pages.prune()

    def _error_lines(self) -> dict[str, str]:
        """Return {symptom section location: its error line} of the published entries."""
        return {
            f"{self.config.output}/{entry.slug}/#{symptom.anchor}": symptom.message
            for entry in self._publishable()
            for symptom in entry.symptoms
        }

    def _publish_links(self, config: MkDocsConfig) -> None:
        """Write short-link and former-slug redirects and the feeds into the site."""
        site_dir, site_url = Path(config.site_dir), config.site_url or ""
        entries = self._publishable()
        found = redirects(entries, self.catalog.retired)
        for path in write_redirects(site_dir, found, site_url):
            log.warning(
                f"/{path} is a page of the site, so its redirect was not written"
            )
        write_feeds(site_dir, entries, site_url)

    def _check_snippets(self) -> list[Problem]:
        """Return the linters' findings in the snippets (cached by content)."""
        assert self.snippets is not None  # set in on_config, like the loader
        try:
            return self.snippets.check(self._in_focus(self.catalog.entries))
        except SnippetToolError as err:
            if self.command != "serve":
                raise PluginError(str(err)) from None
            log.error(f"snippets not checked: {err}")
            return []

    def _publishable(self) -> list[Entry]:
        bad_files = {p.file for p in self.catalog.errors}
        return self._in_focus(
            e for e in self.catalog.entries if e.file not in bad_files
        )

    def _in_focus(self, entries: Iterable[Entry]) -> list[Entry]:
        return [e for e in entries if self.shown is None or e.slug in self.shown]

    def _other_locales(self, config: MkDocsConfig) -> list[str]:
        i18n = config.plugins.get("i18n")
        languages = i18n.config.get("languages", []) if i18n else []
        return [
            lang.locale
            for lang in languages
            if lang.locale != self.config.default_locale
        ]


def _locale(config: MkDocsConfig) -> str:
    return str(config.theme.get("language") or "en")


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        if is_notice(problem):
            # A translation behind its English shows a notice on the page; an English
            # typo fix must not fail `--strict` until someone updates the Chinese.
            log.info(problem.text())
        elif problem.severity == "error":
            log.error(problem.text())
        else:
            log.warning(problem.text())
