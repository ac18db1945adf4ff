"""On a phone nothing runs off the page; both palettes render. Screenshots are kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kbgen.model import LOCALES

from .support import Reader, Site

PHONE = {"width": 375, "height": 812}
# Every element reaching past the right edge of the viewport, except content inside the
# two things that scroll sideways on their own: code (`pre > code`) and tables.
# Material clips the page (`overflow-x: hidden` on html), so a scroll width check alone
# would miss text cut off at the edge. Off-canvas drawers lie to the left, not right.
_PAST_RIGHT_EDGE = """
() => {
  const width = document.documentElement.clientWidth;
  const scrollers = "pre > code, .md-typeset__scrollwrap";
  const found = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    if (element.parentElement.closest(scrollers)) continue;
    const style = getComputedStyle(element);
    if (style.position === "fixed" || style.visibility === "hidden") continue;
    found.push(`${element.tagName.toLowerCase()}.${element.className}`
      + ` (right edge ${Math.round(box.right)} px)`);
  }
  for (const scroller of document.querySelectorAll(scrollers)) {
    const overflow = getComputedStyle(scroller).overflowX;
    if (scroller.scrollWidth > scroller.clientWidth && overflow === "visible") {
      found.push(`${scroller.tagName.toLowerCase()} overflows without scrolling`);
    }
  }
  return found;
}
"""
_SCHEME = "() => document.body.dataset.mdColorScheme"
_BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"


def _pages(site: Site, locale: str) -> list[str]:
    return [site.home(locale), site.entries_index(locale), site.entry_page(locale)]


@pytest.mark.parametrize("locale", LOCALES)
def test_nothing_runs_past_the_right_edge_on_a_phone(
    open_reader: Callable[..., Reader], site: Site, screenshots: Path, locale: str
) -> None:
    reader = open_reader(viewport=PHONE, is_mobile=True, has_touch=True)
    past_edge = {}
    for path in _pages(site, locale):
        reader.open(path)
        past_edge[path] = reader.evaluate(_PAST_RIGHT_EDGE)
    reader.page.screenshot(path=screenshots / f"entry-{locale}-phone.png")

    assert past_edge == {path: [] for path in _pages(site, locale)}


@pytest.mark.parametrize("locale", LOCALES)
def test_light_and_dark_palettes_render_and_switch(
    reader: Reader, site: Site, screenshots: Path, locale: str
) -> None:
    reader.open(site.home(locale))
    reader.page.screenshot(path=screenshots / f"home-{locale}.png", full_page=True)
    reader.open(site.entry_page(locale))
    light = (reader.evaluate(_SCHEME), reader.evaluate(_BACKGROUND))
    reader.page.screenshot(path=screenshots / f"entry-{locale}.png", full_page=True)

    reader.page.locator("label[for='__palette_1']").click()
    reader.page.wait_for_function(
        "() => document.body.dataset.mdColorScheme === 'slate'"
    )
    dark = (reader.evaluate(_SCHEME), reader.evaluate(_BACKGROUND))
    reader.page.screenshot(path=screenshots / f"entry-{locale}-dark.png")
    reader.page.locator("label[for='__palette_0']").click()

    assert light == ("default", "rgb(255, 255, 255)")
    assert dark[0] == "slate"
    assert _luminance(dark[1]) < 0.1
    assert reader.evaluate(_SCHEME) == "default"


def _luminance(css_rgb: str) -> float:
    """Return the relative luminance (0 black, 1 white) of an `rgb(r, g, b)` colour."""
    channels = [int(c) / 255 for c in css_rgb[css_rgb.index("(") + 1 : -1].split(",")]
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
