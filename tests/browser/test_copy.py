"""Each snippet's copy button puts exactly the snippet's source on the clipboard.

Log output (symptom lines, `text` and `console` snippets) is for reading and matching,
not for running, so it has no copy button.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kbgen.model import LOCALES

from .support import Reader, Site

# The code text of every code block of the entry, in page order.
_BLOCKS = """
() => [...document.querySelectorAll("article div.highlight")].map(block => ({
  code: block.querySelector("pre > code").textContent,
  buttons: block.querySelectorAll("button.md-code__button").length,
}))
"""


def _expected_blocks(site: Site) -> list[tuple[str, bool]]:
    """Return (source, has a copy button) of each block the entry page shows, in order."""
    entry = site.entry
    blocks = [(symptom.message, False) for symptom in entry.symptoms]
    for solution in entry.solutions:
        blocks += [(s.code, s.runnable) for s in solution.snippets]
    return [(code.rstrip("\n"), copy) for code, copy in blocks]


@pytest.mark.parametrize("locale", LOCALES)
def test_copy_buttons_copy_each_snippet_exactly_and_only_snippets_to_run(
    open_reader: Callable[..., Reader], site: Site, locale: str
) -> None:
    reader = open_reader(permissions=["clipboard-read", "clipboard-write"])
    reader.open(site.entry_page(locale))
    shown = reader.evaluate(_BLOCKS)

    assert [(b["code"].rstrip("\n"), b["buttons"] == 1) for b in shown] == (
        _expected_blocks(site)
    )
    copied = []
    for index, (source, has_button) in enumerate(_expected_blocks(site)):
        if has_button:
            copied.append((_copy(reader, index), source))
    assert [got for got, _ in copied] == [source for _, source in copied]


def _copy(reader: Reader, index: int) -> str:
    """Click the copy button of the code block at `index`; return the clipboard."""
    reader.evaluate("() => navigator.clipboard.writeText('')")
    block = reader.page.locator("article div.highlight").nth(index)
    block.hover()
    block.locator("button.md-code__button").click()
    reader.page.wait_for_function("async () => (await navigator.clipboard.readText())")
    text: str = reader.evaluate("() => navigator.clipboard.readText()")
    return text.rstrip("\n")
