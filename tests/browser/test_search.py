"""Search as a reader uses it: the problem typed in words, an error line pasted from a log."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kbgen.model import LOCALES

from .support import Reader, Site, all_entries

# A short Chinese query of the kind readers type; it must occur in the entry.
# Known limitation: Material's worker splits a run of Chinese into indexed words but
# never tries the whole run (its loop stops one character short), so 本地镜像 is
# searched as the prefix 本地* and 构建器 as 构建*: wider results than typed. Goes away
# when mkdocs-material's segment() also tries the full run.
CHINESE_TERM = "本地镜像"


def test_typing_the_problem_in_english_finds_the_entry_first(
    reader: Reader, site: Site
) -> None:
    reader.open(site.home("en"))

    results = reader.search(site.entry.title.en)

    assert results[:1] == [site.entry_page("en")], results


@pytest.mark.parametrize("locale", LOCALES)
def test_pasting_an_error_line_finds_the_entry_first(
    open_reader: Callable[..., Reader], site: Site, locale: str
) -> None:
    reader = open_reader(permissions=["clipboard-read", "clipboard-write"])
    reader.open(site.home(locale))

    results = reader.search(site.entry.symptoms[0].message, paste=True)

    assert results[:1] == [site.entry_page(locale)], results
    assert reader.evaluate("() => document.activeElement.value") == (
        site.entry.symptoms[0].message
    )


@pytest.mark.parametrize(
    "query",
    [pytest.param(CHINESE_TERM, id="term"), pytest.param(None, id="title")],
)
def test_chinese_query_finds_the_chinese_entry_first_and_no_english_page(
    reader: Reader, site: Site, query: str | None
) -> None:
    text = query or site.entry.title.zh
    assert text in site.entry.title.zh + site.entry.summary.zh
    reader.open(site.home("zh"))

    results = reader.search(text)

    assert results[:1] == [site.entry_page("zh")], results
    assert [r for r in results if not r.startswith("/zh/")] == []


@pytest.mark.parametrize("locale", LOCALES)
def test_every_error_line_of_every_entry_finds_an_entry_showing_it_first(
    reader: Reader, site: Site, locale: str
) -> None:
    # A line that two entries show may rank either of them first.
    # Known limitation: about 0.2 to 0.4 s per line and locale, so this grows with the
    # knowledge base; goes away when it samples lines once there are hundreds.
    pages_showing: dict[str, set[str]] = {}
    for entry in all_entries():
        for symptom in entry.symptoms:
            page = site.entry_page_of(entry.slug, locale)
            pages_showing.setdefault(symptom.message, set()).add(page)
    reader.open(site.home(locale))

    firsts = {line: reader.search(line)[:1] for line in pages_showing}

    assert {
        line: first
        for line, first in firsts.items()
        if not set(first) & pages_showing[line]
    } == {}
