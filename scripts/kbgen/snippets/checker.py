"""Check the snippets of many entries: cached results first, then batched linter runs.

Findings are kept relative to each snippet's code, so moving a snippet inside its
entry does not invalidate them; they are placed in the entry file (line and column of
the faulty line, found from the `code:` value's position) only when reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..model import Entry, Snippet
from ..problems import KeyPath, Problem, format_key
from ..yamlload import Document, load_file
from . import kinds, linters
from .cache import ResultCache
from .findings import Finding, Place
from .yaml12 import value_origin

CACHE_FOLDER = Path(".kb-cache") / "snippets"
LINTERS: dict[str, Callable[[Sequence[kinds.Job]], linters.Found]] = {
    "shellcheck": lambda jobs: linters.shellcheck([(j.text, j.dialect) for j in jobs]),
    "bash_syntax": lambda jobs: linters.bash_syntax([j.text for j in jobs]),
    "hadolint": lambda jobs: linters.hadolint([j.text for j in jobs]),
    "zizmor": lambda jobs: linters.zizmor([j.text for j in jobs]),
    "actionlint": lambda jobs: linters.actionlint([j.text for j in jobs]),
}


@dataclass(frozen=True)
class _Item:
    entry: Entry
    path: KeyPath  # ("solutions", i, "snippets", j)
    snippet: Snippet


class SnippetChecker:
    """Checks snippets against the real linters, remembering results between calls."""

    def __init__(self, root: Path, cache_dir: Path | None = None) -> None:
        self.root = root
        self.cache = ResultCache(cache_dir if cache_dir else root / CACHE_FOLDER)
        self.linted = 0  # snippets actually linted so far (not served from the cache)

    def check(self, entries: Sequence[Entry]) -> list[Problem]:
        """Return a problem for every finding in the snippets of `entries`."""
        items = [
            _Item(entry, ("solutions", i, "snippets", j), snippet)
            for entry in entries
            for i, solution in enumerate(entry.solutions)
            for j, snippet in enumerate(solution.snippets)
            if snippet.kind in kinds.CHECKED_KINDS
        ]
        keys = [self._key(item.snippet) for item in items]
        self._fill([(k, item.snippet) for k, item in zip(keys, items, strict=True)])
        locator = _Locator(self.root)
        problems: list[Problem] = []
        for key, item in zip(keys, items, strict=True):
            found = self.cache.get(key) or []
            problems += locator.problems(item, found) if found else []
        return sorted(problems)

    def _key(self, snippet: Snippet) -> str:
        return self.cache.key(snippet.kind, snippet.code, snippet.old_major)

    def _fill(self, keyed: list[tuple[str, Snippet]]) -> None:
        """Lint every snippet whose result is not cached yet, and cache it."""
        todo = {k: s for k, s in keyed if self.cache.get(k) is None}
        if not todo:
            return
        results = lint([(s.kind, s.code, s.old_major) for s in todo.values()])
        for key, found in zip(todo, results, strict=True):
            self.cache.put(key, found)
        self.linted += len(todo)


def lint(snippets: Sequence[tuple[str, str, bool]]) -> list[list[Finding]]:
    """Check (kind, code, old_major) snippets, running each linter once for all."""
    plans = [kinds.plan(kind, code, old) for kind, code, old in snippets]
    batches = batched(plans)
    # Each linter is a process of its own: run them side by side.
    with ThreadPoolExecutor(max_workers=len(LINTERS)) as pool:
        futures = {
            tool: pool.submit(LINTERS[tool], [job for _, job in batch])
            for tool, batch in batches.items()
        }
        for tool, batch in batches.items():
            for (plan, job), found in zip(batch, futures[tool].result(), strict=True):
                plan.findings += [
                    job.place.finding(f.line, f.col, f.message) for f in found
                ]
    return [sorted(set(plan.findings)) for plan in plans]


def batched(
    plans: Sequence[kinds.Plan],
) -> dict[str, list[tuple[kinds.Plan, kinds.Job]]]:
    """Return the jobs of `plans` by linter, each with the plan it belongs to."""
    return {
        tool: [(plan, job) for plan in plans for job in plan.jobs if job.tool == tool]
        for tool in LINTERS
    }


class _Locator:
    """Places findings in their entry file; reads only files that have findings, once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, tuple[Document, list[str]]] = {}

    def problems(self, item: _Item, found: list[Finding]) -> list[Problem]:
        place = self._place(item)
        key = format_key(item.path)
        return [
            Problem(item.entry.file, *place.map(f.line, f.col), key, f.message)
            for f in found
        ]

    def _place(self, item: _Item) -> Place:
        file = item.entry.file
        if file not in self._files:
            path = self.root / file
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError:
                lines = []
            self._files[file] = (load_file(path, file), lines)
        doc, lines = self._files[file]
        mark = doc.mark((*item.path, "code"))
        return Place(*value_origin(lines, mark.line, mark.col))
