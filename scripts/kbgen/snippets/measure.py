"""Measure snippet checks: cold (empty cache) and warm, shipped and synthetic snippets.

Run `scripts/measure-snippets` (or `python -m kbgen.snippets.measure --synthetic 1000`).
A warm run is a new checker on the same cache folder, as a second `kb check` or a
rebuild under `mkdocs serve` would be. Synthetic snippets are distinct variants of ten
clean templates, one per checked kind, so every one of them is linted when cold.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ..catalog import CatalogLoader
from ..model import Entry, Snippet, Solution, Text
from .checker import SnippetChecker

ROOT = Path(__file__).resolve().parents[3]
_WHO = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
_TEMPLATES = {
    "workflow": """\
on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v7
        with:
          persist-credentials: false
      - uses: docker/build-push-action@v7
        with:
          tags: my-app-{n}:ci
      - run: docker image inspect "my-app-{n}:ci"
""",
    "job": """\
build-{n}:
  runs-on: ubuntu-latest
  permissions:
    contents: read
  steps:
    - uses: docker/setup-buildx-action@v4
      with:
        driver: docker
""",
    "steps": """\
- uses: docker/setup-buildx-action@v4
- name: Build {n}
  uses: docker/build-push-action@v7
  with:
    context: ./app-{n}
    load: true
""",
    "step": """\
- name: Show image {n}
  run: |
    docker images "my-app-{n}"
    echo "${{{{ github.sha }}}}"
""",
    "services": """\
registry-{n}:
  image: registry:2
  ports:
    - 5000:5000
""",
    "dockerfile": """\
FROM alpine:3.20 AS base-{n}
WORKDIR /srv
COPY . .
CMD ["./run-{n}.sh"]
""",
    "shell": """\
docker buildx create --name builder-{n} --driver docker-container
docker buildx use builder-{n}
""",
    "toml": """\
[registry."localhost:{n}"]
  http = true
""",
    "yaml": "services:\n  app-{n}:\n    image: my-app:{n}\n",
    "json": '{{"features": {{"containerd-snapshotter": true}}, "n": {n}}}\n',
}


def synthetic_entries(count: int) -> list[Entry]:
    """Return in-memory entries holding `count` distinct clean snippets, ten per entry."""
    kinds = list(_TEMPLATES)
    snippets = [
        Snippet(kinds[n % len(kinds)], _TEMPLATES[kinds[n % len(kinds)]].format(n=n))
        for n in range(count)
    ]
    text = Text("x", "x")
    return [
        Entry(
            file=f"kb/synthetic/e{i}.yaml",
            id=f"KB-{i:04d}",
            slug=f"e{i}",
            title=text,
            summary=text,
            tags=("buildx",),
            symptoms=(),
            cause=text,
            solutions=(Solution("s", text, text, text, tuple(snippets[i : i + 10])),),
            best_practices=(),
            references=(),
            verified_date="2026-12-03",
            verified_versions={},
        )
        for i in range(0, count, 10)
    ]


def timed(entries: Sequence[Entry]) -> list[str]:
    """Return the table cells of checking `entries` cold and then warm."""
    with tempfile.TemporaryDirectory(prefix="kb-measure-") as cache:
        cold, problems = _run(entries, Path(cache))
        warm, _ = _run(entries, Path(cache))
    return [*cold, *warm, str(problems)]


def _run(entries: Sequence[Entry], cache: Path) -> tuple[list[str], int]:
    """Return ([wall seconds, CPU seconds of this process and the linters], problems)."""
    started, cpu = time.perf_counter(), _cpu()
    problems = SnippetChecker(ROOT, cache).check(entries)
    wall, used = time.perf_counter() - started, _cpu() - cpu
    return [f"{wall:.2f}", f"{used:.2f}"], len(problems)


def _cpu() -> float:
    # The machine is shared: CPU time says what the check costs, wall time what it took.
    own, children = (resource.getrusage(w) for w in _WHO)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: Sequence[str] | None = None) -> int:
    """Print cold and warm check times for the shipped and synthetic snippets."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--synthetic", type=int, default=1000, metavar="N")
    args = parser.parse_args(argv)
    shipped = CatalogLoader(ROOT, ROOT / "kb").load().entries
    sets = {
        f"shipped ({_count(shipped)} snippets)": shipped,
        f"synthetic ({args.synthetic} snippets)": synthetic_entries(args.synthetic),
    }
    print(
        "| snippets | cold wall (s) | cold CPU (s) | warm wall (s) | warm CPU (s) |",
        end="",
    )
    print(" problems |\n|---|---|---|---|---|---|")
    for name, entries in sets.items():
        print(f"| {name} | " + " | ".join(timed(entries)) + " |")
    return 0


def _count(entries: Sequence[Entry]) -> int:
    return sum(len(s.snippets) for e in entries for s in e.solutions)


if __name__ == "__main__":
    raise SystemExit(main())
