"""Links in a real browser, on a site served below a base path as on GitHub Pages.

Short links and former slugs keep the #fragment, work without scripts, and the button
that copies a Markdown link copies it, from the keyboard too. Uses the browser of
tests/browser (skipped with its message where no Chromium can be started).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .browser.conftest import _QuietHandler, axe_script, browser, readers_of
from .browser.support import Reader, Site, first_entry
from .conftest import Build
from .linked_site import SITE_URL, TITLE, linked

__all__ = ["axe_script", "browser", "linked"]  # fixtures, imported for pytest
BASE_PATH = "/ci-kb"  # the path of SITE_URL: the site is served below it, as on Pages


@pytest.fixture(scope="module")
def based_site(
    linked: Build, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """The link-test site served below BASE_PATH on a free loopback port."""
    root = tmp_path_factory.mktemp("served")
    (root / BASE_PATH.strip("/")).symlink_to(linked.site, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_port}{BASE_PATH}"
        yield Site(base, linked.site, first_entry("KB-0001"))
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def visitor(browser: Any, based_site: Site) -> Iterator[Callable[..., Reader]]:
    """Return a maker of readers of the link-test site (a fresh context each)."""
    with readers_of(browser, based_site) as make:
        yield make


@pytest.mark.parametrize(
    ("link", "landing"),
    [
        (
            "/KB-0900/#solution-docker-driver",
            "/entries/sample-entry/#solution-docker-driver",
        ),
        ("/zh/KB-0900/#symptom-denied", "/zh/entries/sample-entry/#symptom-denied"),
        ("/zh/entries/sample-old-name/#cause", "/zh/entries/sample-entry/#cause"),
        ("/KB-0042/", "/entries/sample-entry/"),
    ],
)
def test_a_pasted_link_lands_on_the_entry_and_its_section(
    visitor: Callable[..., Reader], link: str, landing: str
) -> None:
    reader = visitor()

    reader.open(link)
    reader.page.wait_for_url(f"**{BASE_PATH}{landing.split('#')[0]}*")
    reader.settle()

    assert reader.path == BASE_PATH + landing
    # The redirect page's own load may be cut short by the navigation it starts.
    source = f"request failed: {reader.site.base}{link.split('#')[0]} "
    assert [e for e in reader.errors if not e.startswith(source)] == []


def test_without_scripts_a_short_link_still_lands_on_the_entry(
    visitor: Callable[..., Reader],
) -> None:
    reader = visitor(java_script_enabled=False)

    reader.open("/zh/KB-0901/")
    reader.page.wait_for_url(f"**{BASE_PATH}/zh/entries/hostile-title/")

    assert reader.path == f"{BASE_PATH}/zh/entries/hostile-title/"


def test_copy_button_copies_the_markdown_link_from_the_keyboard(
    visitor: Callable[..., Reader],
) -> None:
    reader = visitor(permissions=["clipboard-read", "clipboard-write"])
    reader.open("/entries/hostile-title/")
    button = reader.page.get_by_role(
        "button", name="Copy Markdown link to this solution"
    )

    button.focus()
    reader.page.keyboard.press("Enter")

    # The message is written after the clipboard answers: wait for it, then compare.
    status = reader.page.locator(".kb-ref:has(button:focus) [role=status]")
    expect(status).to_have_text("Copied to the clipboard")
    escaped = TITLE.replace("&", "\\&").replace("<", "\\<").replace(">", "\\>")
    assert reader.evaluate("() => navigator.clipboard.readText()") == (
        f"[KB-0901 · {escaped}]({SITE_URL}KB-0901/#solution-docker-driver)"
    )
    assert reader.errors == []


def test_chinese_page_copies_the_chinese_short_link(
    visitor: Callable[..., Reader],
) -> None:
    reader = visitor(permissions=["clipboard-read", "clipboard-write"])
    reader.open("/zh/entries/sample-entry/")

    reader.page.get_by_role("button", name="复制 Markdown 链接").click()

    expect(reader.page.locator(".kb-ref [role=status]").first).to_have_text(
        "已复制到剪贴板"
    )
    assert reader.evaluate("() => navigator.clipboard.readText()") == (
        f"[KB-0900 · 示例条目]({SITE_URL}zh/KB-0900/)"
    )


def test_language_alternates_do_not_send_material_to_a_sitemap(
    visitor: Callable[..., Reader],
) -> None:
    reader = visitor()
    reader.open("/zh/entries/sample-entry/")
    reader.settle()

    alternates = reader.evaluate(
        "() => [...document.querySelectorAll('link[hreflang]')]"
        ".map(l => [[...l.relList], l.hreflang, l.href])"
    )
    assert alternates == [
        [["alternate"], "en", f"{SITE_URL}entries/sample-entry/"],
        [["alternate"], "zh", f"{SITE_URL}zh/entries/sample-entry/"],
    ]
    exact = "() => document.querySelectorAll('link[rel=alternate]').length"
    assert reader.evaluate(exact) == 0
    assert [r for r in reader.requests if "sitemap.xml" in r] == []
    assert reader.errors == []


def test_copy_controls_pass_axe(
    visitor: Callable[..., Reader], axe_script: Path
) -> None:
    reader = visitor()
    reader.open("/zh/entries/sample-entry/")
    reader.page.add_script_tag(path=str(axe_script))

    found = reader.evaluate(
        "() => axe.run({include: [['.kb-ref']]})"
        ".then(r => [r.passes.length, r.violations.map(v => v.id)])"
    )

    assert reader.page.locator(".kb-ref button").count() == 2
    assert found[1] == []
    assert found[0] > 0
