"""A site built to test links: a renamed entry, a hostile title, retired ids, a base path.

Shared by the link, preview and feed tests; built once per test session (a real
`mkdocs build --strict`), with its lock of published URLs written by `kb urls --update`.
"""

from __future__ import annotations

import json
import posixpath
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from .conftest import Build, copy_project, minimal_entry, run_build

SITE_URL = "https://example.github.io/ci-kb/"
TITLE = '"><script>alert(1)</script> & <b>'
TITLE_ZH = '"><script>alert(1)</script> & <b> 标题'
SUMMARY = 'Quotes " and & and `<script>` in code.'
SUMMARY_ZH = '中文摘要 引号 " 与 & 以及 `<script>`'
RETIRED = """\
KB-0042:
  slugs: [gone-entry]
  replaced_by: KB-0900
  reason: Merged into KB-0900.
KB-0043:
  slugs: [gone-for-good]
  reason: Wrong from the start.
"""
KB = [sys.executable, "-m", "kbgen.cli"]


def renamed_entry() -> str:
    """Return the small entry with a former slug."""
    return minimal_entry().replace(
        "slug: sample-entry\n", "slug: sample-entry\naliases: [sample-old-name]\n"
    )


def hostile_entry() -> str:
    """Return an entry whose title and summary hold markup characters."""
    text = minimal_entry().replace("id: KB-0900", "id: KB-0901")
    text = text.replace("slug: sample-entry", "slug: hostile-title")
    text = text.replace(
        "  en: Sample entry\n  zh: 示例条目\n",
        f"  en: {json.dumps(TITLE)}\n  zh: {json.dumps(TITLE_ZH)}\n",
    )
    return text.replace(
        "  en: A small entry used by the tests.\n  zh: 测试使用的小条目。\n",
        f"  en: {json.dumps(SUMMARY)}\n  zh: {json.dumps(SUMMARY_ZH)}\n",
    )


def kb(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the `kb` command in `project`."""
    return subprocess.run(
        [*KB, *args], cwd=project, capture_output=True, text=True, timeout=120
    )


def make_project(dest: Path) -> Path:
    """Write the project: entries, retired ids, a base-path site_url, and its lock."""
    project = copy_project(dest, with_kb=False)
    (project / "kb" / "buildx").mkdir()
    (project / "kb" / "buildx" / "sample-entry.yaml").write_text(
        renamed_entry(), encoding="utf-8"
    )
    (project / "kb" / "buildx" / "hostile-title.yaml").write_text(
        hostile_entry(), encoding="utf-8"
    )
    (project / "kb" / "retired-ids.yaml").write_text(RETIRED, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("site_url: https://kb.example.org/", f"site_url: {SITE_URL}"),
        encoding="utf-8",
    )
    update = kb(project, "urls", "--update")
    assert update.returncode == 0, update.stdout + update.stderr
    return project


@pytest.fixture(scope="session")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The built link-test site."""
    return _build_once(tmp_path_factory.getbasetemp())


# Several test modules import the fixture, and pytest keeps one instance per module;
# the build itself is shared through this cache, one per session's temporary folder.
@cache
def _build_once(session_tmp: Path) -> Build:
    project = session_tmp / "linked"
    project.mkdir()
    result = run_build(make_project(project))
    assert result.returncode == 0, result.output
    return result


def soup_of(file: Path) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


@dataclass(frozen=True)
class Landing:
    """Where a link ends for a reader: the page (site-relative) and the #fragment."""

    path: str
    fragment: str


def follow(site: Path, url: str) -> Landing:
    """Follow a site-relative URL through redirect pages as a browser would.

    Reads `<meta http-equiv="refresh">` (what works without scripts) and keeps the
    fragment, as the redirect page's script does. Raises LookupError when a step of
    the way is missing.
    """
    path, _, fragment = url.lstrip("/").partition("#")
    for _ in range(5):
        file = site / path / "index.html" if path.endswith("/") or not path else None
        file = file or site / path
        if not file.is_file():
            raise LookupError(f"{url}: nothing at /{path}")
        if file.suffix != ".html":
            return Landing(path, fragment)
        refresh = soup_of(file).find("meta", attrs={"http-equiv": "refresh"})
        if refresh is None:
            return Landing(path, fragment)
        target = str(refresh["content"]).split("url=", 1)[1]
        path = urlparse(urljoin("https://site/" + path, target)).path.lstrip("/")
    raise LookupError(f"{url}: more than 5 redirects")


def anchors(site: Path, path: str) -> set[str]:
    """Return every element id of the page at `path`."""
    file = site / posixpath.join(path, "index.html")
    return {str(tag["id"]) for tag in soup_of(file).find_all(id=True)}


def broken_urls(site: Path, urls: list[str]) -> list[str]:
    """Return the URLs that lead to no page, or to a page without their anchor."""
    broken = []
    for url in urls:
        try:
            landing = follow(site, url)
        except LookupError as err:
            broken.append(str(err))
            continue
        if landing.fragment and landing.fragment not in anchors(site, landing.path):
            broken.append(f"{url}: /{landing.path} has no #{landing.fragment}")
    return broken
