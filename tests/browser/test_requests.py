"""A reader's browser talks to the site's own host only, and the console stays clean."""

from __future__ import annotations

import pytest

from kbgen.model import LOCALES

from .support import Reader, Site


@pytest.mark.parametrize("locale", LOCALES)
def test_no_request_leaves_the_origin_and_nothing_fails(
    reader: Reader, site: Site, locale: str
) -> None:
    # A visit: home page, a search, the entry, the list of entries, then the entry in
    # the other language through the language selector.
    reader.open(site.home(locale))
    reader.search(site.entry.symptoms[0].message)
    reader.open(site.entry_page(locale))
    reader.open(site.entries_index(locale))
    reader.open(site.entry_page(locale))
    reader.page.locator(".md-header .md-select").hover()
    with reader.page.expect_navigation():
        reader.page.locator(".md-select__link:not([hreflang='" + locale + "'])").click()
    reader.settle()

    assert [u for u in reader.requests if not u.startswith(site.origin + "/")] == []
    assert reader.errors == []
