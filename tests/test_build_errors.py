"""An invalid entry fails `mkdocs build` with the validator's message and no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import minimal_entry, run_build


def test_missing_required_field_fails_the_build_naming_file_and_field(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    text = minimal_entry().replace(
        "cause:\n  en: The builder cannot see the image.\n"
        "  zh: 构建器看不到这个镜像。\n",
        "",
    )
    project = project_with({"buildx/sample-entry.yaml": text})

    result = run_build(project)

    assert result.returncode == 1
    assert (
        "ERROR   -  kb: kb/buildx/sample-entry.yaml:2:1: cause: is required but missing; add it"
        in result.output
    )
    assert "Traceback" not in result.output
    assert "ERROR   -  1 problem(s) in the knowledge base; see above" in result.output


def test_valid_entry_builds_and_generated_pages_are_not_in_the_sources(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = project_with({"buildx/sample-entry.yaml": minimal_entry()})

    result = run_build(project)

    assert result.returncode == 0, result.output
    assert (result.site / "entries" / "sample-entry" / "index.html").is_file()
    assert (result.site / "zh" / "entries" / "sample-entry" / "index.html").is_file()
    assert sorted(p.name for p in (project / "kb").rglob("*")) == [
        "buildx",
        "sample-entry.yaml",
        "search-words.txt",
        "tags.yaml",
    ]
