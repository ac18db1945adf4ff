"""What the browser tests share: the site under test, and a reader who records the page.

A `Reader` is one browser context and page. It records every request the page makes
and every console error, so that any test can say what left the origin or went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from kbgen.catalog import CatalogLoader
from kbgen.model import LOCALES, Entry

from ..conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

# The entry every reader-side test reads: the first one, whose id never changes.
FIRST_ID = "KB-0001"
TIMEOUT_MS = 10_000

# Counts the queries Material's page sends to its search worker and the results that
# come back (message types 2 and 3 in mkdocs-material 9.x), so a test reads the results
# of the last query it typed and not of one typed on the way.
_COUNT_SEARCHES = """
(() => {
  const count = { queries: 0, results: 0 };
  window.__kbSearch = count;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === 2) count.queries++;
    return post.call(this, message, ...rest);
  };
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data && event.data.type === 3) count.results++;
      });
    }
  };
})();
"""
_SEARCH_SETTLED = """
() => window.__kbSearch.queries > 0
  && window.__kbSearch.queries === window.__kbSearch.results
"""
_NEXT_FRAME = (
    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
)


@cache
def all_entries() -> list[Entry]:
    """Return the entries as the catalog loads them from kb/."""
    return CatalogLoader(ROOT, ROOT / "kb").load().entries


def first_entry(entry_id: str) -> Entry:
    """Return the entry `entry_id`."""
    return next(e for e in all_entries() if e.id == entry_id)


def locale_prefix(locale: str) -> str:
    """Return the path of a locale's root: "/" or "/zh/"."""
    return "/" if locale == LOCALES[0] else f"/{locale}/"


@dataclass(frozen=True)
class Site:
    """The served site and the entry the tests read."""

    base: str
    folder: Path
    entry: Entry

    @property
    def origin(self) -> str:
        parsed = urlparse(self.base)
        return f"{parsed.scheme}://{parsed.netloc}"

    def home(self, locale: str) -> str:
        return locale_prefix(locale)

    def entry_page(self, locale: str) -> str:
        return self.entry_page_of(self.entry.slug, locale)

    def entry_page_of(self, slug: str, locale: str) -> str:
        return f"{locale_prefix(locale)}entries/{slug}/"

    def entries_index(self, locale: str) -> str:
        return f"{locale_prefix(locale)}entries/"

    def short_link(self, locale: str) -> str:
        return f"{locale_prefix(locale)}{self.entry.id}/"

    def has_page(self, path: str) -> bool:
        return (self.folder / path.strip("/") / "index.html").is_file()


@dataclass
class Reader:
    """One browser context and page, recording requests and console errors."""

    context: BrowserContext
    page: Page
    site: Site
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, context: BrowserContext, site: Site) -> Reader:
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(script=_COUNT_SEARCHES)
        reader = cls(context, context.new_page(), site)
        context.on("request", lambda request: reader.requests.append(request.url))
        reader.page.on("console", reader._on_console)
        reader.page.on("pageerror", lambda error: reader.errors.append(str(error)))
        reader.page.on("response", reader._on_response)
        reader.page.on("requestfailed", reader._on_failure)
        return reader

    def open(self, path: str) -> None:
        """Open a path of the site and wait until the page and its scripts are loaded."""
        self.page.goto(self.site.base + path)

    def settle(self) -> None:
        """Wait until the page has made no request for half a second."""
        self.page.wait_for_load_state("networkidle")

    @property
    def path(self) -> str:
        """Return the path (and fragment) of the page now shown."""
        parsed = urlparse(self.page.url)
        return parsed.path + (f"#{parsed.fragment}" if parsed.fragment else "")

    def search(self, text: str, *, paste: bool = False) -> list[str]:
        """Type (or paste) `text` into the search box; return the result pages' paths."""
        box = self.page.locator("input.md-search__input")
        box.click()
        if paste:
            self.page.evaluate("text => navigator.clipboard.writeText(text)", text)
            box.press("Control+V")
        else:
            # The text arrives whole (as Chinese does from an input method), then a key
            # is released: Material searches on keyup, so one query, with all of it.
            box.fill(text)
            box.press("End")
        self.page.wait_for_function(_SEARCH_SETTLED)
        self.page.evaluate(_NEXT_FRAME)
        links = self.page.locator(
            "li.md-search-result__item > a.md-search-result__link"
        )
        return [urlparse(str(href)).path for href in links.evaluate_all(_HREFS)]

    def evaluate(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location})")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")

    def _on_failure(self, request: Any) -> None:
        # Leaving a page cancels what it was still loading (the search index, say).
        if request.failure != "net::ERR_ABORTED":
            self.errors.append(f"request failed: {request.url} ({request.failure})")


_HREFS = "links => links.map(a => a.href)"
