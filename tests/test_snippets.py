"""Every snippet kind against the real linters: located messages, the cache, `kb check`."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from kbgen.catalog import CatalogLoader
from kbgen.snippets import SnippetChecker
from kbgen.snippets.expressions import mask

from .conftest import ROOT, minimal_entry

CASES_FILE = Path(__file__).parent / "fixtures" / "snippets" / "cases.yaml"
_SNIPPET_IN_MINIMAL = """\
      - kind: step
        code: |
          - uses: docker/setup-buildx-action@v4
            with:
              driver: docker
"""


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    code: str
    expect: list[str]
    old_major: bool = False

    @property
    def file(self) -> str:
        return f"kb/buildx/{self.id}.yaml"

    def expected(self) -> list[str]:
        """Return the expected problems as `kb check` prints them."""
        return [
            f"{self.file}:{e.split(': ', 1)[0]}: solutions[0].snippets[0]: {e.split(': ', 1)[1]}"
            for e in self.expect
        ]


def load_cases() -> list[Case]:
    data: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    return [Case(**item) for item in data]


CASES = load_cases()


def entry_text(case: Case, number: int) -> str:
    """Return minimal.yaml with the case's snippet in place of its own."""
    text = minimal_entry()
    assert _SNIPPET_IN_MINIMAL in text
    flag = "        old_major: true\n" if case.old_major else ""
    code = "".join(
        f"          {line}" if line.strip() else line
        for line in case.code.splitlines(True)
    )
    snippet = f"      - kind: {case.kind}\n{flag}        code: |\n{code}"
    text = text.replace(_SNIPPET_IN_MINIMAL, snippet)
    text = text.replace("id: KB-0900", f"id: KB-{9000 + number:04d}")
    return text.replace("slug: sample-entry", f"slug: {case.id}")


def write_project(folder: Path, cases: list[Case]) -> Path:
    """Write a project (mkdocs.yml and kb/) holding one entry per case."""
    (folder / "kb" / "buildx").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    for name in ("tags.yaml", "search-words.txt"):
        (folder / "kb" / name).write_bytes((ROOT / "kb" / name).read_bytes())
    for number, case in enumerate(cases):
        (folder / case.file).write_text(entry_text(case, number), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Every case checked in one batch, from a cold cache: {file: problem texts}."""
    root = write_project(tmp_path_factory.mktemp("cases"), CASES)
    catalog = CatalogLoader(root, root / "kb").load()
    assert [p.text() for p in catalog.errors] == []
    checker = SnippetChecker(root, tmp_path_factory.mktemp("cache"))
    found: dict[str, list[str]] = {case.file: [] for case in CASES}
    for problem in checker.check(catalog.entries):
        found[problem.file].append(problem.text())
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_snippet_case_reports_exactly_the_expected_problems(
    case: Case, checked: dict[str, list[str]]
) -> None:
    assert checked[case.file] == case.expected()


def test_every_shipped_snippet_passes(tmp_path: Path) -> None:
    catalog = CatalogLoader(ROOT, ROOT / "kb").load()
    checker = SnippetChecker(ROOT, tmp_path)

    problems = checker.check(catalog.entries)

    assert [p.text() for p in problems] == []
    assert checker.linted > 0


def test_unchanged_snippets_are_not_linted_again(tmp_path: Path) -> None:
    cases = [c for c in CASES if c.id in ("step-unknown-input", "shell-prompt")]
    root = write_project(tmp_path / "project", cases)
    entries = CatalogLoader(root, root / "kb").load().entries
    cold = SnippetChecker(root, tmp_path / "cache")
    first = [p.text() for p in cold.check(entries)]

    warm = SnippetChecker(root, tmp_path / "cache")  # a new run: memory is empty
    second = [p.text() for p in warm.check(entries)]

    assert (cold.linted, warm.linted) == (2, 0)
    assert second == first
    assert len(first) == 2


def test_a_changed_snippet_is_linted_again_alone(tmp_path: Path) -> None:
    cases = [c for c in CASES if c.id in ("step-unknown-input", "shell-prompt")]
    root = write_project(tmp_path / "project", cases)
    loader = CatalogLoader(root, root / "kb")
    checker = SnippetChecker(root, tmp_path / "cache")
    checker.check(loader.load().entries)
    path = root / cases[1].file
    path.write_text(path.read_text().replace("$ docker", "docker"), encoding="utf-8")

    problems = checker.check(loader.load().entries)

    assert checker.linted == 3
    assert [p.file for p in problems] == [cases[0].file]


def test_snippet_moved_within_its_entry_is_reported_at_its_new_line(
    tmp_path: Path,
) -> None:
    case = next(c for c in CASES if c.id == "step-unknown-input")
    root = write_project(tmp_path / "project", [case])
    loader = CatalogLoader(root, root / "kb")
    checker = SnippetChecker(root, tmp_path / "cache")
    checker.check(loader.load().entries)
    path = root / case.file
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    snippets:\n", "    snippets:\n\n\n"), encoding="utf-8"
    )

    problems = checker.check(loader.load().entries)

    assert checker.linted == 1
    assert [(p.line, p.col) for p in problems] == [(36, 15)]


def test_mask_keeps_every_column() -> None:
    text = 'cp "${{ runner.temp }}/a" "${{ steps.x.outputs.dir }}"'

    masked = mask(text)

    assert len(masked) == len(text)
    assert masked == 'cp "' + "_" * 18 + '/a" "' + "_" * 26 + '"'


def test_actionlint_on_path_adds_its_findings(tmp_path: Path) -> None:
    if not shutil.which("actionlint"):
        pytest.skip("no actionlint on PATH; it is an optional extra check")
    from kbgen.snippets.linters import actionlint

    found = actionlint(
        [
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n"
        ]
    )

    assert [f.message.split(":")[0] for f in found[0]] == ["actionlint expression"]
