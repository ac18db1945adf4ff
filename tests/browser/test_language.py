"""The language selector on an entry page opens the same entry in the other language."""

from __future__ import annotations

import pytest

from .support import Reader, Site


@pytest.mark.parametrize(("locale", "other"), [("en", "zh"), ("zh", "en")])
def test_language_selector_opens_the_same_entry_in_the_other_language(
    reader: Reader, site: Site, locale: str, other: str
) -> None:
    reader.open(site.entry_page(locale))

    reader.page.locator(".md-header .md-select").hover()
    with reader.page.expect_navigation():
        reader.page.locator(f'a.md-select__link[hreflang="{other}"]').click()

    assert reader.path == site.entry_page(other)
    assert reader.page.locator("html").get_attribute("lang") == other
    assert reader.page.title().startswith(site.entry.title.get(other) + " - ")
