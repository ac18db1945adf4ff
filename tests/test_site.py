"""The built site: entry pages in both locales, anchors, snippets, search, no third parties."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from kbgen.catalog import CatalogLoader
from kbgen.model import Entry

from .conftest import ROOT, Build

_CJK = re.compile(r"[\u4e00-\u9fff]")


def shipped_entries() -> list[Entry]:
    catalog = CatalogLoader(ROOT, ROOT / "kb").load()
    assert not catalog.errors, [p.text() for p in catalog.errors]
    return catalog.entries


ENTRIES = shipped_entries()
IDS = [e.slug for e in ENTRIES]


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup(
        (site / url / "index.html").read_text(encoding="utf-8"), "html.parser"
    )


def entry_url(entry: Entry, locale: str) -> str:
    return f"{'zh/' if locale == 'zh' else ''}entries/{entry.slug}"


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_every_section_anchor_exists_and_is_identical_in_both_locales(
    built: Build, entry: Entry
) -> None:
    ids = {}
    for locale in ("en", "zh"):
        soup = page(built.site, entry_url(entry, locale))
        ids[locale] = [h["id"] for h in soup.select("article :is(h1, h2, h3, h4)")]
    assert ids["en"] == ids["zh"]
    assert set(entry.section_anchors()) <= set(ids["en"])
    assert not [i for i in ids["en"] if re.fullmatch(r"_\d+", str(i))]


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_language_switcher_leads_to_the_same_entry(built: Build, entry: Entry) -> None:
    for locale, other in (("en", "zh"), ("zh", "en")):
        url = entry_url(entry, locale) + "/"
        soup = page(built.site, entry_url(entry, locale))
        link = soup.select_one(f'a.md-select__link[hreflang="{other}"]')
        assert link is not None
        target = urlparse(urljoin(f"https://x/{url}", str(link["href"]))).path.strip(
            "/"
        )
        assert target == entry_url(entry, other)
        assert (built.site / target / "index.html").is_file()


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_each_snippet_appears_byte_for_byte(built: Build, entry: Entry) -> None:
    for locale in ("en", "zh"):
        soup = page(built.site, entry_url(entry, locale))
        blocks = [pre.find("code").get_text() for pre in soup.select("article pre")]
        for solution in entry.solutions:
            for snippet in solution.snippets:
                assert snippet.code.rstrip("\n") in [b.rstrip("\n") for b in blocks]


def test_no_element_loads_from_another_host(built: Build) -> None:
    offenders = []
    for path in built.site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                value = str(element.get(attr) or "")
                is_resource = (
                    tag != "link"
                    or "stylesheet" in element.get("rel", [])
                    or "icon" in str(element.get("rel"))
                )
                if is_resource and urlparse(value).netloc:
                    offenders.append(
                        f"{path.relative_to(built.site)}: <{tag} {attr}={value}>"
                    )
    assert offenders == []


def search_docs(site: Path, locale: str) -> list[dict[str, str]]:
    prefix = "zh/" if locale == "zh" else ""
    index = json.loads(
        (site / prefix / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    docs: list[dict[str, str]] = index["docs"]
    return docs


def _page_lang(site: Path, location: str) -> str:
    path = site / location.split("#")[0] / "index.html"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return str(soup.html["lang"])


def test_each_locale_has_its_own_search_index(built: Build) -> None:
    en, zh = search_docs(built.site, "en"), search_docs(built.site, "zh")
    assert {_page_lang(built.site, d["location"]) for d in en} == {"en"}
    assert {_page_lang(built.site / "zh", d["location"]) for d in zh} == {"zh"}
    for entry in ENTRIES:
        assert f"entries/{entry.slug}/" in [d["location"] for d in en]
        assert f"entries/{entry.slug}/" in [d["location"] for d in zh]


def test_chinese_index_holds_segmented_terms_of_the_entry(built: Build) -> None:
    zh = search_docs(built.site, "zh")
    text = " ".join(d["title"] + " " + d["text"] for d in zh)
    # jieba separates words with U+200B; the search separator splits on it.
    assert "\u200b构建器\u200b" in text or "构建器\u200b" in text


def test_chinese_pages_load_the_chinese_index(built: Build) -> None:
    soup = page(built.site, "zh/entries/" + ENTRIES[0].slug)
    config = json.loads(soup.select_one("#__config").get_text())
    # As Material does: `base` resolved against the page, then the index against `base`.
    base = urljoin(f"https://x/zh/entries/{ENTRIES[0].slug}/", config["base"])
    resolved = urljoin(base, "search/search_index.json")
    assert urlparse(resolved).path == "/zh/search/search_index.json"


def test_home_page_lists_every_entry_in_both_locales(built: Build) -> None:
    for locale, prefix in (("en", ""), ("zh", "zh/")):
        soup = page(built.site, prefix.rstrip("/") or ".")
        hrefs = [a["href"] for a in soup.select("article a")]
        for entry in ENTRIES:
            assert f"entries/{entry.slug}/" in hrefs, (locale, hrefs)


def test_entries_stay_out_of_the_sidebar(built: Build) -> None:
    soup = page(built.site, ".")
    nav_links = [a.get("href", "") for a in soup.select("nav.md-nav--primary a")]
    assert not [h for h in nav_links if re.search(r"entries/[a-z0-9-]+/", h)]


def test_text_and_console_blocks_are_marked_not_to_copy(built: Build) -> None:
    soup = page(built.site, entry_url(ENTRIES[0], "en"))
    symptom_blocks = soup.select("article h3[id^=symptom-] + div.highlight")
    assert symptom_blocks
    assert all("no-copy" in block.get("class", []) for block in symptom_blocks)


def test_entry_index_lists_every_error_line_with_its_anchor(built: Build) -> None:
    for prefix in ("", "zh/"):
        soup = page(built.site, prefix + "entries")
        heading = soup.select_one("h2#error-lines")
        assert heading is not None
        items = heading.find_next("ul").select("li a")
        found = {(a.get_text(), str(a["href"])) for a in items}
        expected = {
            (s.message, f"{e.slug}/#{s.anchor}") for e in ENTRIES for s in e.symptoms
        }
        assert found == expected
