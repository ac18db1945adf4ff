"""`kb check` and `mkdocs build` fail on a snippet the linters reject, naming its line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .conftest import minimal_entry, run_build

BROKEN = minimal_entry().replace("driver: docker", "drivr: docker")
MESSAGE = (
    "kb/buildx/sample-entry.yaml:33:15: solutions[0].snippets[0]: input "
    '"drivr" is not defined by docker/setup-buildx-action@v4; did you mean "driver"?'
)


def kb(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kbgen.cli", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def snippet_problems(result: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    """Return the problems of `--format json` output that are about snippets."""
    problems: list[dict[str, Any]] = json.loads(result.stdout)["problems"]
    return [p for p in problems if ".snippets[" in p["key"]]


def test_check_passes_a_clean_entry(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = project_with({"buildx/sample-entry.yaml": minimal_entry()})

    result = kb(project, "check", "--format", "json")

    assert result.returncode == 0, result.stdout
    assert snippet_problems(result) == []


def test_check_reports_the_snippet_line_and_exits_1(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = project_with({"buildx/sample-entry.yaml": BROKEN})

    result = kb(project, "check")

    assert result.returncode == 1
    assert MESSAGE in result.stdout.splitlines()


def test_check_json_gives_the_location(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = project_with({"buildx/sample-entry.yaml": BROKEN})

    result = kb(project, "check", "--format", "json", "kb/buildx/sample-entry.yaml")

    assert result.returncode == 1
    assert [
        (p["file"], p["line"], p["col"], p["severity"])
        for p in snippet_problems(result)
    ] == [("kb/buildx/sample-entry.yaml", 33, 15, "error")]


def test_validate_alone_does_not_run_the_linters(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = project_with({"buildx/sample-entry.yaml": BROKEN})

    assert kb(project, "validate").returncode == 0
    assert not (project / ".kb-cache" / "snippets").exists()


def test_check_of_a_missing_path_is_a_usage_error(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = project_with({"buildx/sample-entry.yaml": minimal_entry()})

    result = kb(project, "check", "kb/nope.yaml")

    assert (result.returncode, result.stderr) == (
        2,
        "kb: kb/nope.yaml: no such file or folder\n",
    )


def test_build_fails_on_a_rejected_snippet_without_traceback(
    project_with: Callable[[dict[str, str]], Path],
) -> None:
    project = project_with({"buildx/sample-entry.yaml": BROKEN})

    result = run_build(project)

    assert result.returncode == 1
    assert f"ERROR   -  kb: {MESSAGE}" in result.output
    assert "ERROR   -  1 problem(s) in the knowledge base; see above" in result.output
    assert "Traceback" not in result.output
