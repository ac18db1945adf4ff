"""axe-core finds no serious or critical accessibility problem, in both languages and palettes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kbgen.model import LOCALES

from .support import Reader, Site

SEVERE = ("serious", "critical")
# The dark palette changes colours only, so there the colour rules are enough.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
_RUN_AXE = """
async ([severe, rules]) => (await axe.run(document, {
  resultTypes: ["violations"],
  ...(rules.length ? { runOnly: { type: "rule", values: rules } } : {}),
})).violations
  .filter(v => severe.includes(v.impact))
  .map(v => `${v.impact} ${v.id}: ${v.help} at `
    + v.nodes.slice(0, 5).map(n => n.target.join(" ")).join(", "))
"""


def _open(reader: Reader, site: Site, locale: str, view: str) -> None:
    if view == "home":
        reader.open(site.home(locale))
    elif view == "entry":
        reader.open(site.entry_page(locale))
    else:
        reader.open(site.home(locale))
        assert reader.search(site.entry.title.get(locale))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("view", ["home", "entry", "search"])
@pytest.mark.parametrize("locale", LOCALES)
def test_axe_finds_no_serious_or_critical_violation(
    open_reader: Callable[..., Reader],
    site: Site,
    axe_script: Path,
    locale: str,
    view: str,
    scheme: str,
) -> None:
    reader = open_reader(color_scheme=scheme)
    _open(reader, site, locale, view)
    reader.page.add_script_tag(path=axe_script)

    rules = COLOUR_RULES if scheme == "dark" else []
    assert reader.evaluate(_RUN_AXE, [list(SEVERE), rules]) == []
