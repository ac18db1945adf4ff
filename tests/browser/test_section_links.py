"""A section link, and a short link with a section, land on that section of the entry."""

from __future__ import annotations

import pytest

from kbgen.model import LOCALES

from .support import FIRST_ID, Reader, Site, first_entry

# The heading's top edge, and the bottom edge of Material's fixed header above it.
_HEADING_IN_VIEW = """
id => {
  const heading = document.getElementById(id);
  const header = document.querySelector(".md-header").getBoundingClientRect();
  const box = heading.getBoundingClientRect();
  return window.scrollY > 0 && box.top >= header.bottom - 1
    && box.bottom <= window.innerHeight;
}
"""
SOLUTIONS = [s.anchor for s in first_entry(FIRST_ID).solutions]


def _assert_section_shown(reader: Reader, site: Site, locale: str, anchor: str) -> None:
    assert reader.path == f"{site.entry_page(locale)}#{anchor}"
    reader.page.wait_for_function(_HEADING_IN_VIEW, arg=anchor)
    solution = next(s for s in site.entry.solutions if s.anchor == anchor)
    heading = reader.page.locator(f"h3#{anchor}").inner_text()
    assert solution.title.get(locale) in heading


@pytest.mark.parametrize("anchor", SOLUTIONS)
@pytest.mark.parametrize("locale", LOCALES)
def test_section_link_scrolls_that_section_into_view(
    reader: Reader, site: Site, locale: str, anchor: str
) -> None:
    reader.open(f"{site.entry_page(locale)}#{anchor}")

    _assert_section_shown(reader, site, locale, anchor)


@pytest.mark.parametrize("locale", LOCALES)
def test_short_link_with_a_section_lands_on_that_section(
    reader: Reader, site: Site, locale: str
) -> None:
    if not site.has_page(site.short_link(locale)):
        pytest.skip(f"the site has no short link {site.short_link(locale)} yet")
    anchor = SOLUTIONS[0]

    with reader.page.expect_navigation(url=f"**{site.entry_page(locale)}*"):
        reader.open(f"{site.short_link(locale)}#{anchor}")

    _assert_section_shown(reader, site, locale, anchor)
