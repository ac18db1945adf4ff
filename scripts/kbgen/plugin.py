"""MkDocs plugin: wires the knowledge base into `mkdocs build` and `mkdocs serve`.

It holds no logic of its own: it loads and validates with the catalog, renders with
the renderer, writes pages into the build-owned folder, and splits the search index.
Validation problems fail `mkdocs build`; under `mkdocs serve` they are logged and the
server keeps answering with the entries that are valid.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .catalog import Catalog, CatalogLoader
from .model import Entry
from .render import entry_list, render_pages
from .search_index import point_page_at_locale, split_index
from .sync import sync_folder

log = get_plugin_logger("kb")
ENTRY_LIST_MARKER = "<!-- kb:entry-list -->"


class KBConfig(base.Config):
    kb_dir = c.Type(str, default="kb")
    output = c.Type(str, default="entries")
    default_locale = c.Type(str, default="en")


class KBPlugin(BasePlugin[KBConfig]):
    """Generate entry pages from kb/ on every build."""

    def __init__(self) -> None:
        self.loader: CatalogLoader | None = None
        self.catalog = Catalog()
        self.command: str = "build"

    def on_startup(
        self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool
    ) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # jieba (used by the search plugin) reports its dictionary loading on stderr.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        root = Path(config.config_file_path).parent
        if self.loader is None:
            self.loader = CatalogLoader(root, root / self.config.kb_dir)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert (
            self.loader is not None
        )  # set in on_config, which MkDocs always runs first
        self.catalog = self.loader.load()
        problems = self.catalog.problems
        for problem in problems:
            (log.error if problem.severity == "error" else log.warning)(problem.text())
        if self.catalog.errors and self.command != "serve":
            raise PluginError(
                f"{len(self.catalog.errors)} problem(s) in the knowledge base; see above"
            )
        entries = self._publishable()
        pages = render_pages(entries, self.catalog.tags)
        written, deleted = sync_folder(
            Path(config.docs_dir) / self.config.output, pages
        )
        log.debug(
            f"{len(entries)} entries: {written} page(s) written, {deleted} deleted"
        )

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if ENTRY_LIST_MARKER not in markdown:
            return markdown
        listing = entry_list(self._publishable(), _locale(config), self.config.output)
        return markdown.replace(ENTRY_LIST_MARKER, listing)

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
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        counts = split_index(Path(config.site_dir), self._other_locales(config))
        if counts:
            log.debug(f"search index split: {counts}")

    def _publishable(self) -> list[Entry]:
        bad_files = {p.file for p in self.catalog.errors}
        return [e for e in self.catalog.entries if e.file not in bad_files]

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
