"""The `kb` command: validate entries and, later, check snippets and match logs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .catalog import CatalogLoader
from .report import FORMATS, render

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def find_root(start: Path) -> Path | None:
    """Return the nearest folder at or above `start` holding mkdocs.yml and kb/."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "kb").is_dir():
            return folder
    return None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kb", description="Work with the knowledge base."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate",
        help="Validate entries and report every problem.",
        description="Validate entries (all of kb/ by default) and report every problem.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="entry files or folders to report on (default: kb/)",
    )
    validate.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for people, json for tools, github for pull requests",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `kb` command and return its exit status."""
    args = _parser().parse_args(argv)
    root = find_root(Path.cwd())
    if root is None:
        print(
            "kb: no mkdocs.yml with a kb/ folder here or above; run inside the repository",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return _validate(root, args.paths, args.format)


def _validate(root: Path, paths: list[Path], fmt: str) -> int:
    loader = CatalogLoader(root, root / "kb")
    requested = _expand(paths)
    if requested is None:
        return EXIT_USAGE
    every = loader.entry_files()
    extra = [p for p in requested if p.resolve() not in {e.resolve() for e in every}]
    catalog = loader.load(every + extra)
    shown = {loader.display(p) for p in requested} if paths else None
    problems = [p for p in catalog.problems if shown is None or p.file in shown]
    checked = len(shown) if shown is not None else len(every)
    print(render(problems, checked, fmt))
    return EXIT_PROBLEMS if any(p.severity == "error" for p in problems) else EXIT_OK


def _expand(paths: list[Path]) -> list[Path] | None:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.rglob("*.yaml")))
        elif path.is_file():
            files.append(path)
        else:
            print(f"kb: {path}: no such file or folder", file=sys.stderr)
            return None
    return files


if __name__ == "__main__":
    sys.exit(main())
