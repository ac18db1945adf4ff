"""Rendered pages are reused across builds, and an edit always shows in the next one."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from .conftest import Build, minimal_entry, run_build

REUSE = re.compile(r"kb: pages reused: (\d+), rendered: (\d+)")
CONTRIBUTING = Path("docs") / "contributing.md"


def counts(build: Build) -> tuple[int, int]:
    """Return (reused, rendered) pages as the verbose build reported them."""
    assert build.returncode == 0, build.output
    found = REUSE.findall(build.output)
    assert len(found) == 1, build.output
    return int(found[0][0]), int(found[0][1])


def outputs(site: Path) -> dict[str, bytes]:
    """Return every page and search index of a built site, by path."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.suffix == ".html" or path.name == "search_index.json"
    }


def two_entries(make: Callable[[dict[str, str]], Path]) -> Path:
    other = (
        minimal_entry()
        .replace("KB-0900", "KB-0901")
        .replace("slug: sample-entry", "slug: other-entry")
        .replace("my-base: pull access denied", "other-base: unauthorized")
    )
    return make({"buildx/sample.yaml": minimal_entry(), "buildx/other.yaml": other})


def test_a_build_with_nothing_changed_reuses_every_page_and_writes_the_same_site(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = two_entries(project_with)
    reused, rendered = counts(run_build(project, "--verbose"))
    first = outputs(project / "site")
    assert reused == 0 and rendered > 0
    again = counts(run_build(project, "--verbose"))
    assert again == (rendered, 0)
    assert outputs(project / "site") == first


def test_an_edited_entry_is_rendered_again_and_shows_in_page_and_search(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = two_entries(project_with)
    _, rendered = counts(run_build(project, "--verbose"))
    entry = project / "kb" / "buildx" / "sample.yaml"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace(
            "The builder cannot see the image.", "The builder runs in a container."
        ),
        encoding="utf-8",
    )
    reused, again = counts(run_build(project, "--verbose"))
    page = (project / "site" / "entries" / "sample-entry" / "index.html").read_text(
        encoding="utf-8"
    )
    index = (project / "site" / "search" / "search_index.json").read_text(
        encoding="utf-8"
    )
    assert "The builder runs in a container." in page
    assert "The builder cannot see the image." not in page
    assert "The builder runs in a container." in index
    # Only the English page: nothing in the Chinese one changed.
    assert (reused, again) == (rendered - 1, 1)


def test_a_link_to_a_removed_entry_fails_the_strict_build_though_the_linking_page_is_unchanged(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = two_entries(project_with)
    contributing = project / CONTRIBUTING
    contributing.write_text(
        contributing.read_text(encoding="utf-8")
        + "\nSee [an entry](entries/other-entry.md).\n",
        encoding="utf-8",
    )
    counts(run_build(project, "--verbose"))
    (project / "kb" / "buildx" / "other.yaml").unlink()
    result = run_build(project)
    assert result.returncode == 1
    assert (
        "Doc file 'contributing.md' contains a link 'entries/other-entry.md', but the "
        "target is not found among documentation files." in result.output
    )


def test_a_page_that_rendered_with_a_warning_warns_again_on_the_next_build(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = two_entries(project_with)
    contributing = project / CONTRIBUTING
    contributing.write_text(
        contributing.read_text(encoding="utf-8") + "\nSee [nothing](missing.md).\n",
        encoding="utf-8",
    )
    warning = "Doc file 'contributing.md' contains a link 'missing.md'"
    for _ in range(2):
        result = run_build(project)
        assert result.returncode == 1
        assert warning in result.output


def test_a_changed_markdown_setting_renders_every_page_again(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = two_entries(project_with)
    _, rendered = counts(run_build(project, "--verbose"))
    page = project / "site" / "entries" / "sample-entry" / "index.html"
    assert 'class="headerlink"' in page.read_text(encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "permalink: true", "permalink: false"
        ),
        encoding="utf-8",
    )
    assert counts(run_build(project, "--verbose")) == (0, rendered)
    assert 'class="headerlink"' not in page.read_text(encoding="utf-8")


def test_damaged_stored_pages_are_rendered_again(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = two_entries(project_with)
    _, rendered = counts(run_build(project, "--verbose"))
    first = outputs(project / "site")
    stored = sorted((project / ".kb-cache" / "pages").rglob("*.pickle"))
    assert stored
    for path in stored:
        path.write_bytes(b"not a pickle")
    assert counts(run_build(project, "--verbose")) == (0, rendered)
    assert outputs(project / "site") == first


def test_the_page_and_validation_caches_can_be_turned_off(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = two_entries(project_with)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "cache: !ENV [KB_CACHE, true]", "cache: false", 1
        ),
        encoding="utf-8",
    )
    result = run_build(project, "--verbose")
    assert result.returncode == 0, result.output
    assert REUSE.search(result.output) is None
    assert sorted(p.name for p in (project / ".kb-cache").iterdir()) == ["snippets"]


def test_kb_cache_false_in_the_environment_turns_them_off(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = two_entries(project_with)
    result = run_build(project, "--verbose", env={"KB_CACHE": "false"})
    assert result.returncode == 0, result.output
    assert REUSE.search(result.output) is None
    assert sorted(p.name for p in (project / ".kb-cache").iterdir()) == ["snippets"]

    again = run_build(project, "--verbose")
    assert counts(again)[0] == 0  # nothing was stored for this build to reuse
