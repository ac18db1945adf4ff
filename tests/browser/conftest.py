"""Fixtures for the reader's view: the built site in a real headless Chromium.

The site is built once (`built` of tests/conftest.py), served from a thread of the test
process on a free loopback port, and read with Playwright driving Debian's `chromium`.
Where no Chromium can be started, or axe-core cannot be had, the tests that need it are
skipped with a message that says so (`pytest -ra` lists it at the end of the run).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ..conftest import ROOT, Build
from .support import FIRST_ID, Reader, Site, first_entry

playwright_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright for Python is not installed (requirements/test.txt)",
)

SCREENSHOTS = ROOT / "test-output" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Headless, as root, and silent: nothing but the test server is ever contacted.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_BROWSER = (
    "no Chromium could be started ({why}); run scripts/install-browser "
    "(or set KB_CHROMIUM to a Chromium executable) to run the browser tests"
)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site(built: Build) -> Iterator[Site]:
    """The built site, served on a free loopback port until the session ends."""
    handler = functools.partial(_QuietHandler, directory=str(built.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(
            f"http://127.0.0.1:{server.server_port}", built.site, first_entry(FIRST_ID)
        )
    finally:
        server.shutdown()
        server.server_close()


def chromium_executable() -> str | None:
    """Return Debian's Chromium (or KB_CHROMIUM); None lets Playwright use its own."""
    named = os.environ.get("KB_CHROMIUM")
    if named:
        return named
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


class _SharedChromium:
    """One Playwright driver and Chromium per test process.

    Playwright's sync API refuses to start a second driver while one runs, and test
    modules outside this folder import the `browser` fixture, which makes a fixture of
    their own: every copy shares this one, and the last to finish stops it.
    """

    users = 0
    playwright: Any = None
    chromium: Any = None

    @classmethod
    @contextlib.contextmanager
    def use(cls) -> Iterator[Any]:
        if cls.users == 0:
            cls._start()
        cls.users += 1
        try:
            yield cls.chromium
        finally:
            cls.users -= 1
            if cls.users == 0:
                cls.chromium.close()
                cls.playwright.stop()

    @classmethod
    def _start(cls) -> None:
        cls.playwright = playwright_api.sync_playwright().start()
        try:
            # Playwright starts it with a fresh temporary profile (user-data dir).
            cls.chromium = cls.playwright.chromium.launch(
                executable_path=chromium_executable(), args=CHROMIUM_FLAGS
            )
        except playwright_api.Error as error:
            cls.playwright.stop()
            pytest.skip(NO_BROWSER.format(why=str(error).splitlines()[0]))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session; each test opens its own context."""
    with _SharedChromium.use() as chromium:
        yield chromium


@contextlib.contextmanager
def readers_of(
    browser: Any, site: Site, **defaults: Any
) -> Iterator[Callable[..., Reader]]:
    """Yield a maker of readers of `site`, each in a fresh context; close them after."""
    contexts: list[Any] = []

    def make(**options: Any) -> Reader:
        context = browser.new_context(**{**defaults, **options})
        contexts.append(context)
        return Reader.start(context, site)

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def open_reader(browser: Any, site: Site) -> Iterator[Callable[..., Reader]]:
    """Return a maker of readers: a fresh browser context (no stored state) and page."""
    with readers_of(browser, site, color_scheme="light") as make:
        yield make


@pytest.fixture
def reader(open_reader: Callable[..., Reader]) -> Reader:
    """A reader at desktop width, with the light palette."""
    return open_reader()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder (git-ignored) where screenshots are left for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core from the npm registry, as pinned in package-lock.json."""
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip(
                "axe-core is not installed and npm is not available to install it"
            )
        subprocess.run(
            [npm, "ci", "--prefer-offline", "--no-audit", "--no-fund"],
            cwd=ROOT,
            check=True,
            timeout=600,
        )
    return AXE
