"""Shared fixtures: a real `mkdocs build` of a copy of the project in a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
MKDOCS = [sys.executable, "-m", "mkdocs"]


@dataclass
class Build:
    """The result of one `mkdocs build` of a project copy."""

    project: Path
    returncode: int
    output: str

    @property
    def site(self) -> Path:
        return self.project / "site"


def copy_project(dest: Path, *, with_kb: bool = True) -> Path:
    """Copy what a build reads (config, docs, overrides, kb) into `dest`."""
    for name in ("mkdocs.yml", "overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    shutil.copytree(
        ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("entries")
    )
    if with_kb:
        shutil.copytree(ROOT / "kb", dest / "kb")
    else:
        (dest / "kb").mkdir()
        for name in ("tags.yaml", "search-words.txt"):
            shutil.copy(ROOT / "kb" / name, dest / "kb" / name)
    return dest


def run_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> Build:
    """Run a real `mkdocs build --strict` in `project`, with `env` added to ours.

    KB_CACHE is left out of ours, so that a setting of the caller's does not change
    what a test sees.
    """
    env = {
        **{k: v for k, v in os.environ.items() if k != "KB_CACHE"},
        "NO_MKDOCS_2_WARNING": "1",
        **(env or {}),
    }
    proc = subprocess.run(
        [*MKDOCS, "build", "--strict", *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Build(project, proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The shipped knowledge base, built once for the whole session."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = run_build(project)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture
def project_with(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Return a builder of project copies holding only the given entry files."""

    def make(entries: dict[str, str]) -> Path:
        project = copy_project(tmp_path, with_kb=False)
        for name, text in entries.items():
            path = project / "kb" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return project

    return make


@pytest.fixture
def sample_project(
    project_with: Callable[[dict[str, str]], Path], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A project holding one entry, KB-0900 (the minimal one), with `kb` run from its root."""
    root = project_with({"buildx/sample-entry.yaml": minimal_entry()})
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def kb_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty knowledge base (settings and tags only), with `kb` run from its root."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "kb" / "buildx").mkdir(parents=True)
    shutil.copy(ROOT / "kb" / "tags.yaml", tmp_path / "kb" / "tags.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def minimal_entry() -> str:
    """Return the text of a small valid entry."""
    return (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
