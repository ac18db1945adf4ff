"""The home page's log box: a pasted log shows its entry, as `kb match` would, in both languages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from kbgen.catalog import CatalogLoader
from kbgen.match.normalize import read_lines
from kbgen.match.scan import probes_of, rank, scan
from kbgen.model import LOCALES

from ..conftest import ROOT
from .support import Reader, Site

LOGS = ROOT / "tests" / "fixtures" / "logs"
ALL_LOGS = sorted(LOGS.glob("*/*.log"))
BOX = "[data-kb-match]"
NONE_TEXT = {
    "en": "No entry matches this log well enough. Try the search box with the error line.",
    "zh": "没有与这段日志足够匹配的条目。可以把报错行粘贴到搜索框里试试。",
}
LABEL = {
    "en": "Paste the log of a failed CI run. It is matched in your browser and sent nowhere.",
    "zh": "粘贴 CI 运行失败的日志。日志只在你的浏览器中匹配，不会发送到任何地方。",  # noqa: RUF001
}
# Runs the page's own matcher on many logs; returns what the Python side compares.
_MATCH_ALL = """
async logs => {
  const data = await (await fetch("api/signatures.json")).json();
  const compiled = window.kbMatch.compile(data);
  return logs.map(text => window.kbMatch.match(compiled, text).map(r => [
    r.entry.id,
    r.score,
    r.symptoms.map(s => [s.item.id, s.hit.number, s.hit.kind]),
    r.context.map(c => [c.item.signature, c.hit.number, c.hit.kind]),
  ]));
}
"""


def raw_text(path: Path) -> str:
    """Return a log as a reader pastes it: line ends untouched."""
    return path.read_bytes().decode("utf-8", errors="replace")


def python_results(paths: list[Path]) -> list[list[Any]]:
    probes = probes_of(CatalogLoader(ROOT, ROOT / "kb").load().entries)
    out = []
    for path in paths:
        with path.open(encoding="utf-8", errors="replace") as stream:
            results = rank(probes, scan(read_lines(stream), probes).hits)
        out.append(
            [
                [
                    r.entry.id,
                    r.score,
                    [[s.id, h.number, h.kind] for s, h in r.symptoms],
                    [[c.signature, h.number, h.kind] for c, h in r.context],
                ]
                for r in results
            ]
        )
    return out


def paste(reader: Reader, site: Site, locale: str, text: str) -> None:
    reader.open(site.home(locale))
    box = reader.page.locator(BOX)
    box.get_by_label(LABEL[locale]).fill(text)
    box.locator(".kb-match__status:not(:empty)").wait_for()


def results(reader: Reader) -> list[dict[str, Any]]:
    return list(
        reader.page.locator(f"{BOX} .kb-match__result").evaluate_all(
            """items => items.map(li => ({
                link: li.querySelector(".kb-match__title a").href,
                title: li.querySelector(".kb-match__title a").textContent,
                lines: [...li.querySelectorAll(".kb-match__symptom")]
                  .map(p => p.textContent),
                solutions: [...li.querySelectorAll(".kb-match__solutions a")]
                  .map(a => a.getAttribute("href")),
            }))"""
        )
    )


def test_the_box_matches_every_fixture_log_exactly_as_kb_match(
    reader: Reader, site: Site
) -> None:
    reader.open(site.home("en"))
    in_browser = reader.evaluate(_MATCH_ALL, [raw_text(p) for p in ALL_LOGS])

    expected = python_results(ALL_LOGS)
    assert len(ALL_LOGS) >= 48
    for path, got, want in zip(ALL_LOGS, in_browser, expected, strict=True):
        assert (path.name, got) == (path.name, want)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(
    ("log", "entry_id"),
    [
        ("cases/01-actions-base-not-found.log", "KB-0001"),
        ("cases/05-multiplatform-new-wording.log", "KB-0005"),
        ("own/kb0003-run-after-build-crlf.log", "KB-0003"),
        ("own/kb0001-wrapped-80.log", "KB-0001"),
    ],
)
def test_a_pasted_log_shows_its_entry_first(
    reader: Reader, site: Site, locale: str, log: str, entry_id: str
) -> None:
    paste(reader, site, locale, raw_text(LOGS / log))

    shown = results(reader)
    entry = next(
        e for e in CatalogLoader(ROOT, ROOT / "kb").load().entries if e.id == entry_id
    )
    page = f"{site.home(locale)}entries/{entry.slug}/"
    assert urlparse(shown[0]["link"]).path == page
    assert shown[0]["title"] == f"{entry.id} · {entry.title.get(locale)}"
    symptom_id, number, _ = python_results([LOGS / log])[0][0][2][0]
    symptom = next(s for s in entry.symptoms if s.id == symptom_id)
    where = f"Line {number}: " if locale == "en" else f"第 {number} 行： "  # noqa: RUF001
    assert shown[0]["lines"][0].startswith(symptom.title.get(locale) + where)
    assert shown[0]["solutions"] == [
        f"entries/{entry.slug}/#{s.anchor}" for s in entry.solutions
    ]
    assert reader.errors == []
    assert [u for u in reader.requests if not u.startswith(site.origin + "/")] == []


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(
    "log", ["cases/07-unrelated-test-failure.log", "cases/08-unrelated-npm-network.log"]
)
def test_an_unrelated_log_says_no_entry_matches(
    reader: Reader, site: Site, locale: str, log: str
) -> None:
    paste(reader, site, locale, raw_text(LOGS / log))

    status = reader.page.locator(f"{BOX} .kb-match__status").text_content()
    assert status == NONE_TEXT[locale]
    assert results(reader) == []


def test_the_matched_line_is_shown_as_text_never_as_markup(
    reader: Reader, site: Site
) -> None:
    hostile = '<img src=x onerror="window.__pwned=1"> invalid reference format: repository name must be lowercase'
    paste(reader, site, "en", hostile + "\n")

    line = reader.page.locator(f"{BOX} .kb-match__symptom code").first
    assert line.text_content() == hostile
    assert reader.page.locator(f"{BOX} img").count() == 0
    assert reader.evaluate("() => window.__pwned === undefined")


def test_the_box_shows_the_symptom_and_line_that_matched(
    reader: Reader, site: Site
) -> None:
    paste(reader, site, "zh", raw_text(LOGS / "cases" / "06-uppercase-owner.log"))

    symptom = reader.page.locator(f"{BOX} .kb-match__symptom").first
    assert symptom.locator("a").get_attribute("href") == (
        "entries/image-ref-uppercase/#symptom-invalid-tag"
    )
    assert symptom.locator("span").text_content() == "第 3 行： "  # noqa: RUF001
    assert symptom.locator("code").text_content() == (
        'ERROR: failed to build: invalid tag "ghcr.io/Example-Org/Parser:main": '
        "repository name must be lowercase"
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_the_box_with_results_has_no_serious_accessibility_problem(
    open_reader: Callable[..., Reader], site: Site, axe_script: Path, locale: str
) -> None:
    reader = open_reader(color_scheme="dark")
    paste(
        reader,
        site,
        locale,
        raw_text(LOGS / "cases" / "02-localhost-registry-refused.log"),
    )
    reader.page.add_script_tag(path=axe_script)

    found = reader.evaluate(
        """async () => (await axe.run(document.querySelector("[data-kb-match]"),
             { resultTypes: ["violations"] })).violations
             .filter(v => ["serious", "critical"].includes(v.impact))
             .map(v => v.id)"""
    )
    assert found == []
