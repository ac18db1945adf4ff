"""Nothing an author writes runs in a reader's browser: legitimate text is escaped everywhere."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup

from .conftest import minimal_entry, run_build

TITLE = '"><script>alert(1)</script> & <b>bold</b>'
MESSAGE = "ERROR: <script>alert(2)</script> & 'quoted'"
CODE = "- run: echo '</code><script>alert(3)</script>'\n"


def hostile_entry() -> str:
    text = minimal_entry()
    text = text.replace("  en: Sample entry\n", f"  en: {json.dumps(TITLE)}\n", 1)
    text = text.replace(
        '    message: "ERROR: failed to solve: my-base: pull access denied"',
        f"    message: {json.dumps(MESSAGE)}",
    )
    return text.replace(
        "          - uses: docker/setup-buildx-action@v4\n"
        "            with:\n"
        "              driver: docker\n",
        "          " + CODE,
    )


def test_hostile_text_is_escaped_in_every_rendering(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = project_with({"buildx/sample-entry.yaml": hostile_entry()})

    result = run_build(project)

    assert result.returncode == 0, result.output
    for page in ("entries/sample-entry", "zh/entries/sample-entry", "entries", ""):
        html = (result.site / page / "index.html").read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert "<b>bold</b>" not in html, page
    en = BeautifulSoup(
        (result.site / "entries/sample-entry/index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    assert en.title is not None
    assert en.title.get_text() == f"{TITLE} - CI Build Troubleshooting"
    assert en.select_one("h1#title").get_text().rstrip("¶") == TITLE
    codes = [c.get_text() for c in en.select("article pre code")]
    assert MESSAGE in [c.rstrip("\n") for c in codes]
    assert CODE.rstrip("\n") in [c.rstrip("\n") for c in codes]


def test_search_index_keeps_titles_as_escaped_html(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = project_with({"buildx/sample-entry.yaml": hostile_entry()})

    result = run_build(project)

    index = json.loads(
        (result.site / "search/search_index.json").read_text(encoding="utf-8")
    )
    # Material renders search titles as HTML, so they must stay entity-escaped.
    titles = [
        d["title"] for d in index["docs"] if d["location"] == "entries/sample-entry/"
    ]
    assert titles == [
        '"&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;'
    ]
    assert "<script>" not in json.dumps(index, ensure_ascii=False).replace(
        "\\u003c", "<"
    )
