"""Previews where a link is pasted: description, OpenGraph, Twitter, canonical, hreflang."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import Build
from .linked_site import SITE_URL, SUMMARY, SUMMARY_ZH, TITLE, TITLE_ZH, linked, soup_of

__all__ = ["linked"]  # the fixture, imported for pytest
PAGES = {
    "en": ("entries/hostile-title/", TITLE, SUMMARY, "en_US", "zh_CN"),
    "zh": ("zh/entries/hostile-title/", TITLE_ZH, SUMMARY_ZH, "zh_CN", "en_US"),
}


def head(site: Path, path: str) -> BeautifulSoup:
    return soup_of(site / path / "index.html")


def meta(soup: BeautifulSoup, key: str) -> list[str]:
    """Return the content of every <meta property|name=key>."""
    tags = soup.find_all("meta", attrs={"property": key}) + soup.find_all(
        "meta", attrs={"name": key}
    )
    return [str(tag["content"]) for tag in tags]


def plain(markdown: str) -> str:
    return markdown.replace("`", "")


@pytest.mark.parametrize("locale", PAGES)
def test_entry_page_previews_its_own_title_summary_url_and_locale(
    linked: Build, locale: str
) -> None:
    path, title, summary, og_locale, other = PAGES[locale]
    soup = head(linked.site, path)
    url = SITE_URL + path

    assert meta(soup, "description") == [plain(summary)]
    assert meta(soup, "og:title") == [title]
    assert meta(soup, "og:description") == [plain(summary)]
    assert meta(soup, "og:url") == [url]
    assert meta(soup, "og:type") == ["article"]
    assert meta(soup, "og:locale") == [og_locale]
    assert meta(soup, "og:locale:alternate") == [other]
    assert meta(soup, "twitter:card") == ["summary"]
    assert meta(soup, "twitter:title") == [title]
    assert meta(soup, "twitter:description") == [plain(summary)]
    assert meta(soup, "twitter:url") == [url]
    assert [str(link["href"]) for link in soup.select("link[rel=canonical]")] == [url]


def test_every_value_is_escaped_in_the_html(linked: Build) -> None:
    html = (linked.site / "entries/hostile-title/index.html").read_text("utf-8")
    title = "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;"
    summary = "Quotes &#34; and &amp; and &lt;script&gt; in code."

    assert f'<meta property="og:title" content="{title}">' in html
    assert f'<meta name="twitter:title" content="{title}">' in html
    assert f'<meta name="description" content="{summary}">' in html
    assert f'<meta property="og:description" content="{summary}">' in html
    assert f"<title>{title} - CI Build Troubleshooting</title>" in html
    assert "<script>alert" not in html


@pytest.mark.parametrize("locale", PAGES)
def test_language_alternates_name_the_same_entry_in_both_locales(
    linked: Build, locale: str
) -> None:
    html = (linked.site / PAGES[locale][0] / "index.html").read_text("utf-8")

    links = re.findall(r"<link [^>]*hreflang=[^>]*>", html.split("</head>")[0])

    assert links == [
        f'<link rel="alternate " hreflang="en" href="{SITE_URL}entries/hostile-title/">',
        f'<link rel="alternate " hreflang="zh" href="{SITE_URL}zh/entries/hostile-title/">',
    ]
    # Material's script reads `link[rel=alternate]` (an exact match) as language roots.
    assert '<link rel="alternate"' not in html


def test_hand_written_pages_preview_the_site_in_their_locale(linked: Build) -> None:
    for path, locale in (("", "en_US"), ("zh/contributing/", "zh_CN")):
        soup = head(linked.site, path)

        assert meta(soup, "og:locale") == [locale]
        assert meta(soup, "og:type") == ["website"]
        assert meta(soup, "og:url") == [SITE_URL + path]
    zh_home = head(linked.site, "zh/")
    assert zh_home.title is not None
    # The page's own title, without the " - <site name>" the browser tab adds.
    assert [f"{t} - CI Build Troubleshooting" for t in meta(zh_home, "og:title")] == [
        zh_home.title.get_text()
    ]
    assert meta(zh_home, "og:site_name") == ["CI Build Troubleshooting"]
    assert meta(zh_home, "description") == [
        "容器构建在 CI 中出错时的确切报错、原因与经过检验的解决方案。"
    ]


def test_sitemap_lists_every_entry_in_both_locales(linked: Build) -> None:
    sitemap = (linked.site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)

    for slug in ("sample-entry", "hostile-title"):
        assert f"{SITE_URL}entries/{slug}/" in locs
        assert f"{SITE_URL}zh/entries/{slug}/" in locs
    assert f"{SITE_URL}KB-0900/" not in locs


def test_short_link_page_previews_the_entry(linked: Build) -> None:
    soup = head(linked.site, "zh/KB-0901/")

    assert meta(soup, "og:title") == [f"KB-0901 · {TITLE_ZH}"]
    assert meta(soup, "og:description") == [plain(SUMMARY_ZH)]
    assert meta(soup, "og:url") == [f"{SITE_URL}zh/entries/hostile-title/"]
    assert meta(soup, "og:locale") == ["zh_CN"]
    assert soup.html is not None and soup.html["lang"] == "zh"
